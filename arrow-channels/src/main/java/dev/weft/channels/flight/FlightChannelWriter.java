package dev.weft.channels.flight;

import static java.util.Objects.requireNonNull;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.channels.Batches;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.arrow.flight.AsyncPutListener;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.Location;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DoPut of one partition. The writer owns one {@link VectorSchemaRoot} bound to the call; each written batch's
 * buffers are moved into it (no copy), sent, and released. {@link #write} is thread-safe (writes are serialized) and
 * waits while the server applies back-pressure, polling the call's readiness (Arrow's ready callback is unreliable
 * here). The partition is complete on the server only after {@link #complete()} returned; {@link #fail} or
 * {@link #close()} before that end the call with an error, so readers get an error, never a truncated partition.
 */
public final class FlightChannelWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FlightChannelWriter.class);
    /** How long a write parks between two looks at the call's readiness while the server applies back-pressure. */
    private static final long READY_POLL_NANOS = 200_000L;

    private enum State { OPEN, COMPLETED, FAILED, CLOSED }

    private final Location location;
    private final FlightPartitionId partition;
    private final Schema schema;
    private final VectorSchemaRoot root;
    private final AsyncPutListener result;
    private final FlightClient.ClientStreamListener call;
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicLong rows = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    /** Set by fail()/close() before they take the lock, so that a write waiting on back-pressure gives up. */
    private final AtomicReference<Throwable> abort = new AtomicReference<>();
    private State state = State.OPEN;          // guarded by lock
    private WeftException failure;              // guarded by lock: why the partition failed, rethrown by later calls

    private FlightChannelWriter(Location location, FlightPartitionId partition, Schema schema, VectorSchemaRoot root,
                                AsyncPutListener result, FlightClient.ClientStreamListener call) {
        this.location = location;
        this.partition = partition;
        this.schema = schema;
        this.root = root;
        this.result = result;
        this.call = call;
    }

    /**
     * Starts the DoPut of the partition (the descriptor and schema are sent; the call's outcome is seen by the writes
     * and by {@link #complete()}).
     */
    public static FlightChannelWriter open(FlightClientPool clients, Location location, FlightPartitionId partition,
                                           int partitionCount, Schema schema, BufferAllocator allocator) {
        requireNonNull(clients, "clients is null");
        requireNonNull(location, "location is null");
        requireNonNull(partition, "partition is null");
        requireNonNull(schema, "schema is null");
        requireNonNull(allocator, "allocator is null");
        FlightDescriptor descriptor = partition.putDescriptor(partitionCount);
        FlightClient client = clients.client(location);
        VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
        try {
            AsyncPutListener result = new AsyncPutListener();
            FlightClient.ClientStreamListener call = client.startPut(descriptor, root, result, clients.credentials().callOptions());
            log.debug("Started DoPut of {} ({} partitions) to {}", partition.ticketText(), partitionCount, location);
            return new FlightChannelWriter(location, partition, schema, root, result, call);
        } catch (RuntimeException e) {
            root.close();
            throw FlightErrors.callFailed("starting to write stream " + partition.ticketText(), location, e);
        }
    }

    FlightPartitionId partitionId() {
        return partition;
    }

    /**
     * Sends the batch and takes ownership (closes it, also when it throws). Waits while the server applies
     * back-pressure. Throws WeftException(CHANNEL_FAILED) naming the stream if the server refused (schema, budget...),
     * AUTHENTICATION_FAILED if it refused the credentials; after a failed write the partition is failed.
     */
    public void write(VectorSchemaRoot batch) {
        requireNonNull(batch, "batch is null");
        try (VectorSchemaRoot owned = batch) {
            lock.lock();
            try {
                checkOpen("write to");
                try {
                    checkSchema(owned);
                    awaitReady();
                    long size = Batches.sizeInBytes(owned);
                    int rowCount = owned.getRowCount();
                    moveInto(owned);
                    try {
                        call.putNext();
                    } finally {
                        root.clear();
                    }
                    rows.addAndGet(rowCount);
                    bytes.addAndGet(size);
                } catch (RuntimeException e) {
                    throw failPartition(e, "writing stream " + partition.ticketText());
                }
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * Ends the partition: completed() then getResult(); only after this returned is the partition complete on the
     * server. Idempotent once it succeeded; rethrows the partition's failure otherwise.
     */
    public void complete() {
        lock.lock();
        try {
            if (state == State.COMPLETED) {
                return;
            }
            checkOpen("complete");
            String what = "completing stream " + partition.ticketText();
            if (result.isCancelled()) {
                throw failPartition(serverEnded(what), what);
            }
            try {
                call.completed();
                result.getResult();
            } catch (RuntimeException e) {
                throw failPartition(e, what);
            }
            state = State.COMPLETED;
            log.debug("Completed {} on {}: {} rows, {} bytes", partition.ticketText(), location, rows.get(), bytes.get());
        } finally {
            lock.unlock();
        }
    }

    /** Ends the partition as failed (the call ends with an error), so readers get an error, never a truncated stream. */
    public void fail(Throwable cause) {
        requireNonNull(cause, "cause is null");
        abort.compareAndSet(null, cause);
        lock.lock();
        try {
            if (state != State.OPEN) {
                return;
            }
            cancelCall(cause);
            failure = new WeftException(ErrorCode.CHANNEL_FAILED,
                    "stream %s was failed by its producer: %s".formatted(partition.ticketText(), FlightErrors.messageOf(cause)), cause);
            state = State.FAILED;
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

    /** fail(...) if neither complete nor fail was called; frees everything. Idempotent. */
    @Override
    public void close() {
        IllegalStateException closedEarly = new IllegalStateException(
                "the writer of stream %s was closed before complete()".formatted(partition.ticketText()));
        abort.compareAndSet(null, closedEarly);
        lock.lock();
        try {
            if (state == State.CLOSED) {
                return;
            }
            if (state == State.OPEN) {
                log.debug("Writer of {} closed before complete(): failing the partition", partition.ticketText());
                cancelCall(closedEarly);
            }
            state = State.CLOSED;
            root.close();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "FlightChannelWriter[%s to %s, %d rows, %d bytes]".formatted(partition.ticketText(), location, rows.get(), bytes.get());
    }

    private void checkOpen(String action) {
        switch (state) {
            case OPEN -> { }
            case COMPLETED -> throw new WeftException(ErrorCode.CHANNEL_FAILED,
                    "cannot %s stream %s: the partition is already complete; write every batch before complete()".formatted(action, partition.ticketText()));
            case FAILED -> throw new WeftException(failure.errorCode(), failure.getMessage(), failure);
            case CLOSED -> throw new WeftException(ErrorCode.CHANNEL_FAILED,
                    "cannot %s stream %s: the writer is closed".formatted(action, partition.ticketText()));
            default -> throw new IllegalStateException("unknown state " + state);
        }
    }

    private void checkSchema(VectorSchemaRoot batch) {
        List<Field> expected = schema.getFields();
        List<Field> actual = batch.getSchema().getFields();
        boolean same = expected.size() == actual.size();
        for (int i = 0; same && i < expected.size(); i++) {
            same = sameType(expected.get(i), actual.get(i));
        }
        if (!same) {
            throw new WeftException(ErrorCode.TYPE_MISMATCH,
                    "a batch written to stream %s has schema %s, but the stream's schema is %s: write batches of the stream's schema"
                            .formatted(partition.ticketText(), batch.getSchema(), schema));
        }
    }

    private static boolean sameType(Field expected, Field actual) {
        if (!expected.getType().equals(actual.getType()) || expected.getChildren().size() != actual.getChildren().size()) {
            return false;
        }
        for (int i = 0; i < expected.getChildren().size(); i++) {
            if (!sameType(expected.getChildren().get(i), actual.getChildren().get(i))) {
                return false;
            }
        }
        return true;
    }

    /** Waits until the call can take a message, giving up if the call ended, the writer was failed, or on interrupt. */
    private void awaitReady() {
        while (true) {
            Throwable aborted = abort.get();
            if (aborted != null) {
                throw new WeftException(ErrorCode.CHANNEL_FAILED,
                        "writing stream %s was aborted: %s".formatted(partition.ticketText(), FlightErrors.messageOf(aborted)), aborted);
            }
            if (result.isCancelled()) {
                throw serverEnded("writing stream " + partition.ticketText());
            }
            if (call.isReady()) {
                return;
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new WeftException(ErrorCode.CHANNEL_FAILED,
                        "interrupted while the server %s applied back-pressure to stream %s: the stage was cancelled"
                                .formatted(location, partition.ticketText()));
            }
            LockSupport.parkNanos(this, READY_POLL_NANOS);
        }
    }

    /** The error of a call that ended before complete(): the server's failure, or "ended early". */
    private WeftException serverEnded(String what) {
        try {
            result.getResult();
        } catch (RuntimeException e) {
            return FlightErrors.callFailed(what, location, e);
        }
        return FlightErrors.endedEarly(what, location);
    }

    /** Moves the batch's buffers into the writer's root (no copy). */
    private void moveInto(VectorSchemaRoot batch) {
        List<FieldVector> sources = batch.getFieldVectors();
        List<FieldVector> targets = root.getFieldVectors();
        for (int i = 0; i < sources.size(); i++) {
            sources.get(i).makeTransferPair(targets.get(i)).transfer();
        }
        root.setRowCount(batch.getRowCount());
    }

    /** Marks the partition failed after an error (cancelling the call if it is still running) and returns the exception to throw. */
    private WeftException failPartition(RuntimeException error, String what) {
        WeftException exception = FlightErrors.callFailed(what, location, error);
        if (state == State.OPEN) {
            cancelCall(exception);
            failure = exception;
            state = State.FAILED;
        }
        return exception;
    }

    private void cancelCall(Throwable cause) {
        try {
            call.error(cause);
        } catch (RuntimeException e) {
            log.debug("Cancelling the DoPut of {} failed (the call had ended already?)", partition.ticketText(), e);
        }
    }
}
