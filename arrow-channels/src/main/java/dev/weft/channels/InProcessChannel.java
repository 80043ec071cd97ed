package dev.weft.channels;

import static java.util.Objects.requireNonNull;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.spi.BatchWriter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands batches from producer threads to one consumer inside one JVM, by reference (no buffer is copied), through a
 * bounded queue: producers block while it is full. Producers {@link #write}; after all of them finished, someone calls
 * {@link #complete()}; the consumer {@link #take()}s until it gets an empty Optional. {@link #fail} makes the consumer's
 * next take throw; {@link #close()} releases every batch still queued and wakes blocked producers with an exception.
 * Counts rows and bytes written.
 */
public final class InProcessChannel implements BatchWriter, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(InProcessChannel.class);

    private final String name;
    private final int capacity;
    private final ArrayDeque<RefCountedBatch> queue;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notFull = lock.newCondition();
    private final Condition notEmpty = lock.newCondition();
    private final AtomicLong rows = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    private boolean completed;
    private boolean closed;
    private Throwable failure;

    /** @param capacity how many batches may wait in the queue before producers block */
    public InProcessChannel(String name, int capacity) {
        this.name = requireNonNull(name, "name is null");
        if (capacity < 1) {
            throw new WeftException(ErrorCode.INVALID_ARGUMENT, "channel %s needs a capacity of at least 1, got %d".formatted(name, capacity));
        }
        this.capacity = capacity;
        this.queue = new ArrayDeque<>(capacity);
    }

    public String name() {
        return name;
    }

    public int capacity() {
        return capacity;
    }

    /** Takes ownership of the batch and queues it by reference; blocks while the queue is full. Thread-safe. */
    @Override
    public void write(VectorSchemaRoot batch) {
        requireNonNull(batch, "batch is null");
        write(RefCountedBatch.of(batch));
    }

    /** Queues a batch the caller holds a reference to, handing that reference to the channel; blocks while the queue is full. */
    public void write(RefCountedBatch batch) {
        requireNonNull(batch, "batch is null");
        int rowCount = batch.rowCount();
        long size = Batches.sizeInBytes(batch.root());
        lock.lock();
        try {
            while (queue.size() >= capacity && !closed && failure == null) {
                notFull.await();
            }
            checkWritable();
            queue.addLast(batch);
            notEmpty.signal();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            batch.close();
            throw new WeftException(ErrorCode.JOB_CANCELLED, "interrupted while writing to channel %s".formatted(name), e);
        } catch (RuntimeException e) {
            batch.close();
            throw e;
        } finally {
            lock.unlock();
        }
        rows.addAndGet(rowCount);
        bytes.addAndGet(size);
        batches.incrementAndGet();
    }

    private void checkWritable() {
        if (failure != null) {
            throw new WeftException(ErrorCode.JOB_CANCELLED,
                    "channel %s has failed (%s); its producers stop".formatted(name, failure), failure);
        }
        if (closed) {
            throw new WeftException(ErrorCode.JOB_CANCELLED, "channel %s is closed: its consumer stopped reading".formatted(name));
        }
        if (completed) {
            throw new IllegalStateException("channel %s is already complete: no batch may be written after complete()".formatted(name));
        }
    }

    /** All producers finished: the consumer gets the queued batches, then the end. */
    public void complete() {
        lock.lock();
        try {
            completed = true;
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Fails the channel: queued batches are released, the consumer's next take() throws, blocked producers wake with an exception. */
    public void fail(Throwable cause) {
        requireNonNull(cause, "cause is null");
        List<RefCountedBatch> released;
        lock.lock();
        try {
            if (failure == null) {
                failure = cause;
            } else if (failure != cause) {
                failure.addSuppressed(cause);
            }
            released = drain();
            notEmpty.signalAll();
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
        log.debug("channel {} failed: {}", name, cause.toString());
        release(released);
    }

    /**
     * The next batch (the caller owns the reference and closes it), or empty once the channel is complete and drained.
     * Blocks while the queue is empty. Throws WeftException if the channel failed.
     */
    public Optional<RefCountedBatch> take() {
        lock.lock();
        try {
            while (queue.isEmpty() && failure == null && !completed && !closed) {
                notEmpty.await();
            }
            if (failure != null) {
                throw failed();
            }
            if (closed) {
                throw new IllegalStateException("channel %s is closed".formatted(name));
            }
            RefCountedBatch batch = queue.pollFirst();
            if (batch == null) {
                return Optional.empty();
            }
            notFull.signal();
            return Optional.of(batch);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WeftException(ErrorCode.JOB_CANCELLED, "interrupted while reading channel %s".formatted(name), e);
        } finally {
            lock.unlock();
        }
    }

    private WeftException failed() {
        if (failure instanceof WeftException weft) {
            return new WeftException(weft.errorCode(), "channel %s failed: %s".formatted(name, weft.getMessage()), weft);
        }
        return new WeftException(ErrorCode.GENERIC_INTERNAL_ERROR, "channel %s failed: %s".formatted(name, failure), failure);
    }

    /** Batches queued now. */
    public int queued() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    public long rowsWritten() {
        return rows.get();
    }

    public long bytesWritten() {
        return bytes.get();
    }

    public long batchesWritten() {
        return batches.get();
    }

    /** Releases every batch still queued; blocked producers wake with an exception. Idempotent. */
    @Override
    public void close() {
        List<RefCountedBatch> released;
        lock.lock();
        try {
            closed = true;
            released = drain();
            notEmpty.signalAll();
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
        release(released);
    }

    private List<RefCountedBatch> drain() {
        List<RefCountedBatch> drained = new ArrayList<>(queue);
        queue.clear();
        return drained;
    }

    private static void release(List<RefCountedBatch> batches) {
        RuntimeException failure = null;
        for (RefCountedBatch batch : batches) {
            try {
                batch.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
