package dev.weft.flight.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One partition of a hosted stream: its batches in order, the first ones possibly in its spill file, the rest in
 * memory; its state; its readers' positions. Batch {@code i} is in the spill file when {@code i < spilledBlocks.size()},
 * else in memory at {@code i - spilledBlocks.size()}: spilling always moves the oldest in-memory batches to disk.
 *
 * <p>All fields are guarded by {@code lock}, which is held only for bookkeeping: copies, spill writes and spill reads
 * happen outside it. While a spill is under way ({@code spilling}) only the spilling thread touches the spill file.
 */
final class Partition {
    private static final Logger LOG = LoggerFactory.getLogger(Partition.class);
    static final long POLL_MILLIS = 5;

    private final HostedStream stream;
    private final int index;
    private final StoreMemory memory;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();

    private boolean writerOpened;
    private PartitionState state = PartitionState.OPEN;
    private String failure;
    private String dropReason;
    private final ArrayList<StoredBatch> inMemory = new ArrayList<>();
    private final ArrayList<ArrowBlock> spilledBlocks = new ArrayList<>();
    private final List<ReadCursor> readers = new ArrayList<>();
    private int batchCount;
    private long rows;
    private long bytes;
    private long memoryBytes;
    private long diskBytes;
    private SpillFile spillFile;
    private boolean spilling;
    private boolean spillBroken;

    Partition(HostedStream stream, int index, StoreMemory memory) {
        this.stream = stream;
        this.index = index;
        this.memory = memory;
    }

    HostedStream stream() {
        return stream;
    }

    int index() {
        return index;
    }

    String describe() {
        return "partition %d of stream %s".formatted(index, stream.describe());
    }

    PartitionInfo info() {
        lock.lock();
        try {
            return new PartitionInfo(index, state, rows, bytes, spillFile != null && !spilledBlocks.isEmpty());
        } finally {
            lock.unlock();
        }
    }

    long memoryBytes() {
        lock.lock();
        try {
            return memoryBytes;
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------------------------------------------- writing

    void openWriter() {
        lock.lock();
        try {
            checkNotDropped();
            if (writerOpened) {
                throw new StoreException(StoreException.Kind.INVALID_ARGUMENT,
                        "%s was already written by a producer (it is %s): each partition is written once; drop the job to write it again"
                                .formatted(describe(), state.name().toLowerCase(Locale.ROOT)));
            }
            writerOpened = true;
        } finally {
            lock.unlock();
        }
    }

    /** Throws unless the partition's producer may still append. */
    void checkAppendable() {
        lock.lock();
        try {
            checkNotDropped();
            checkOpenForWriting();
        } finally {
            lock.unlock();
        }
    }

    /** Adds a batch the caller reserved memory for; on an exception the caller still owns the batch and the reservation. */
    void add(StoredBatch batch) {
        lock.lock();
        try {
            checkNotDropped();
            checkOpenForWriting();
            inMemory.add(batch);
            batchCount++;
            rows += batch.rows();
            bytes += batch.bytes();
            memoryBytes += batch.bytes();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        memory.ledger().added();
    }

    void complete() {
        lock.lock();
        try {
            checkNotDropped();
            if (state == PartitionState.COMPLETE) {
                return;
            }
            checkOpenForWriting();
            state = PartitionState.COMPLETE;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        memory.ledger().changed();
    }

    /** Marks the partition FAILED: memory and spill file are freed, readers get the reason. No-op unless OPEN. */
    void fail(String reason) {
        discard(reason, false);
    }

    /** Drops the partition (its job was dropped): memory and spill file are freed, blocked callers get CANCELLED. */
    void drop(String reason) {
        discard(reason, true);
    }

    private void discard(String reason, boolean drop) {
        long freed;
        SpillFile toDelete = null;
        long deletedBytes = 0;
        lock.lock();
        try {
            if (dropReason != null) {
                return;
            }
            if (drop) {
                dropReason = reason;
            } else {
                if (state != PartitionState.OPEN) {
                    return;
                }
                state = PartitionState.FAILED;
                failure = reason;
            }
            freed = releaseMemoryLocked();
            if (!spilling && spillFile != null) {
                toDelete = spillFile;
                deletedBytes = diskBytes;
                spillFile = null;
                diskBytes = 0;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        memory.ledger().release(freed);
        memory.ledger().changed();
        deleteSpillFile(toDelete, deletedBytes);
    }

    private long releaseMemoryLocked() {
        long freed = memoryBytes;
        for (StoredBatch batch : inMemory) {
            batch.close();
        }
        inMemory.clear();
        memoryBytes = 0;
        return freed;
    }

    private void deleteSpillFile(SpillFile file, long fileBytes) {
        if (file != null) {
            file.delete();
            memory.spilledBytes().addAndGet(-fileBytes);
            LOG.debug("deleted spill file {} of {} ({} bytes)", file.path(), describe(), fileBytes);
        }
    }

    private boolean discarded() {
        return dropReason != null || state == PartitionState.FAILED;
    }

    private void checkNotDropped() {
        if (dropReason != null) {
            throw new StoreException(StoreException.Kind.CANCELLED, "%s is gone: %s".formatted(describe(), dropReason));
        }
    }

    private void checkOpenForWriting() {
        if (state == PartitionState.COMPLETE) {
            throw new StoreException(StoreException.Kind.INVALID_ARGUMENT,
                    "%s is already complete: a producer cannot append after complete()".formatted(describe()));
        }
        if (state == PartitionState.FAILED) {
            throw new StoreException(StoreException.Kind.CANCELLED,
                    "%s failed (%s): its producer cannot append any more".formatted(describe(), failure));
        }
    }

    // ---------------------------------------------------------------------------------------------------- reading

    ReadCursor attach() {
        lock.lock();
        try {
            if (dropReason != null) {
                throw new StoreException(StoreException.Kind.NOT_FOUND,
                        "%s is not hosted any more: %s; re-run the producing stage".formatted(describe(), dropReason));
            }
            ReadCursor cursor = new ReadCursor();
            readers.add(cursor);
            return cursor;
        } finally {
            lock.unlock();
        }
    }

    void detach(ReadCursor cursor) {
        lock.lock();
        try {
            if (cursor.closed) {
                return;
            }
            cursor.closed = true;
            readers.remove(cursor);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        cursor.closeChannel();
        memory.ledger().changed();
    }

    /** The next batch for the cursor (caller closes it), waiting while the partition is OPEN; null at the end. */
    ArrowRecordBatch next(ReadCursor cursor, BooleanSupplier cancelled) {
        while (true) {
            int position;
            ArrowBlock block;
            Path file;
            ArrowRecordBatch fromMemory = null;
            lock.lock();
            try {
                checkReadable(cursor);
                position = cursor.position;
                if (position >= batchCount) {
                    if (state == PartitionState.COMPLETE) {
                        return null;
                    }
                    if (cancelled.getAsBoolean()) {
                        throw cancelledRead();
                    }
                    awaitChange();
                    continue;
                }
                int spilled = spilledBlocks.size();
                if (position >= spilled) {
                    fromMemory = inMemory.get(position - spilled).share();
                    cursor.position = position + 1;
                    block = null;
                    file = null;
                } else {
                    block = spilledBlocks.get(position);
                    file = spillFile.path();
                }
            } finally {
                lock.unlock();
            }
            if (fromMemory != null) {
                // the batch may now be passed by every reader: a blocked writer may spill it
                memory.ledger().changed();
                return fromMemory;
            }
            ArrowRecordBatch batch = readSpilled(cursor, position, file, block);
            lock.lock();
            try {
                if (cursor.position == position) {
                    cursor.position = position + 1;
                }
            } finally {
                lock.unlock();
            }
            memory.ledger().changed();
            return batch;
        }
    }

    private ArrowRecordBatch readSpilled(ReadCursor cursor, int position, Path file, ArrowBlock block) {
        try {
            return cursor.readSpilled(file, block, memory.allocator());
        } catch (IOException | RuntimeException e) {
            lock.lock();
            try {
                checkReadable(cursor);
            } finally {
                lock.unlock();
            }
            throw new StoreException(StoreException.Kind.FAILED,
                    "cannot read batch %d of %s back from spill file %s: %s; check the spill directory's disk"
                            .formatted(position, describe(), file, e), e);
        }
    }

    private void checkReadable(ReadCursor cursor) {
        if (cursor.closed) {
            throw new StoreException(StoreException.Kind.CANCELLED, "the reader of %s is closed".formatted(describe()));
        }
        if (dropReason != null) {
            throw new StoreException(StoreException.Kind.CANCELLED, "%s is gone: %s".formatted(describe(), dropReason));
        }
        if (state == PartitionState.FAILED) {
            throw new StoreException(StoreException.Kind.FAILED,
                    "%s failed: %s; its data is incomplete, re-run the producing stage".formatted(describe(), failure));
        }
    }

    private StoreException cancelledRead() {
        return new StoreException(StoreException.Kind.CANCELLED,
                "reading %s was cancelled while waiting for its producer".formatted(describe()));
    }

    private void awaitChange() {
        try {
            changed.await(POLL_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException(StoreException.Kind.CANCELLED,
                    "reading %s was interrupted while waiting for its producer".formatted(describe()));
        }
    }

    // ---------------------------------------------------------------------------------------------------- spilling

    /** Bytes the reason would spill now (0 if none, or if a spill of this partition is under way). */
    long spillableBytes(SpillReason reason) {
        lock.lock();
        try {
            int count = spillableCountLocked(reason);
            long total = 0;
            for (int i = 0; i < count; i++) {
                total += inMemory.get(i).bytes();
            }
            return total;
        } finally {
            lock.unlock();
        }
    }

    private int spillableCountLocked(SpillReason reason) {
        if (spilling || spillBroken || discarded() || inMemory.isEmpty()) {
            return 0;
        }
        return switch (reason) {
            case COMPLETE -> state == PartitionState.COMPLETE ? inMemory.size() : 0;
            case PASSED -> readers.isEmpty() ? 0 : Math.max(0, minimumReaderPosition() - spilledBlocks.size());
            case UNREAD -> readers.isEmpty() ? inMemory.size() : 0;
            case LAGGING -> inMemory.size();
        };
    }

    private int minimumReaderPosition() {
        int minimum = batchCount;
        for (ReadCursor reader : readers) {
            minimum = Math.min(minimum, reader.position);
        }
        return minimum;
    }

    /**
     * Writes the batches the reason allows to the spill file and frees their memory. Returns the bytes freed, or -1 if
     * there was nothing to spill for that reason (or another thread is spilling this partition).
     */
    long spill(SpillReason reason) {
        int count;
        List<ArrowRecordBatch> toWrite;
        SpillFile file;
        lock.lock();
        try {
            count = spillableCountLocked(reason);
            if (count == 0) {
                return -1;
            }
            spilling = true;
            file = spillFile;
            toWrite = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                toWrite.add(inMemory.get(i).share());
            }
        } finally {
            lock.unlock();
        }

        SpillFile created = null;
        List<ArrowBlock> blocks = new ArrayList<>(count);
        long written = 0;
        Exception failure = null;
        try {
            if (file == null) {
                file = SpillFile.create(memory.spillDirectory(), spillFilePrefix(), stream.schema(), memory.allocator());
                created = file;
            }
            long before = created != null ? 0 : file.bytesWritten();
            for (ArrowRecordBatch batch : toWrite) {
                blocks.add(file.append(batch));
            }
            written = file.bytesWritten() - before;
        } catch (IOException | RuntimeException e) {
            failure = e;
        } finally {
            for (ArrowRecordBatch batch : toWrite) {
                batch.close();
            }
        }

        long freed = 0;
        boolean finish = false;
        SpillFile toDelete = null;
        long deletedBytes = 0;
        lock.lock();
        try {
            spilling = false;
            if (created != null) {
                spillFile = created;
            }
            if (discarded()) {
                toDelete = spillFile;
                deletedBytes = diskBytes;
                spillFile = null;
                diskBytes = 0;
            } else if (failure != null) {
                spillBroken = true;
                if (spilledBlocks.isEmpty()) {
                    toDelete = spillFile;
                    spillFile = null;
                }
            } else {
                spilledBlocks.addAll(blocks);
                for (int i = 0; i < count; i++) {
                    StoredBatch batch = inMemory.get(i);
                    freed += batch.bytes();
                    batch.close();
                }
                inMemory.subList(0, count).clear();
                memoryBytes -= freed;
                diskBytes += written;
                memory.spilledBytes().addAndGet(written);
                finish = state == PartitionState.COMPLETE && inMemory.isEmpty();
                spilling = finish;
            }
        } finally {
            lock.unlock();
        }
        memory.ledger().release(freed);
        deleteSpillFile(toDelete, deletedBytes);
        if (failure != null) {
            throw new StoreException(StoreException.Kind.RESOURCE_EXHAUSTED,
                    "the memory budget of %d bytes is full and spilling %s to %s failed: %s; free disk space or point the spill directory at a larger disk, or raise --memory"
                            .formatted(memory.ledger().budget(), describe(), memory.spillDirectory(), failure), failure);
        }
        LOG.debug("spilled {} batches ({} bytes in memory, {} on disk) of {} ({})", count, freed, written, describe(),
                reason.name().toLowerCase(Locale.ROOT));
        if (finish) {
            finishSpillFile(file);
        }
        return freed;
    }

    /** Writes the footer of a COMPLETE partition's spill file once it holds every batch. */
    private void finishSpillFile(SpillFile file) {
        long before = file.bytesWritten();
        try {
            file.finish();
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot write the footer of spill file {} of {}: {}; its batches are still readable", file.path(), describe(), e.toString());
        }
        long footer = Math.max(0, file.bytesWritten() - before);
        memory.spilledBytes().addAndGet(footer);
        SpillFile toDelete = null;
        long deletedBytes = 0;
        lock.lock();
        try {
            spilling = false;
            diskBytes += footer;
            if (discarded()) {
                toDelete = spillFile;
                deletedBytes = diskBytes;
                spillFile = null;
                diskBytes = 0;
            }
        } finally {
            lock.unlock();
        }
        deleteSpillFile(toDelete, deletedBytes);
    }

    private String spillFilePrefix() {
        String name = "%s-%s-%s".formatted(stream.id().job(), stream.id().stage(), stream.id().output());
        StringBuilder safe = new StringBuilder("weft-spill-");
        for (int i = 0; i < name.length() && safe.length() < 80; i++) {
            char c = name.charAt(i);
            safe.append(Character.isLetterOrDigit(c) && c < 128 || c == '-' || c == '_' || c == '.' ? c : '_');
        }
        return safe.append("-p").append(index).append('-').toString();
    }
}
