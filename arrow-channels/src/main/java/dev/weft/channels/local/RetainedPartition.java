package dev.weft.channels.local;

import static java.util.Objects.requireNonNull;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.channels.Batches;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * One partition of an in-process channel: the batches written to it, kept as {@link ArrowRecordBatch}es that hold a
 * reference to the writer's buffers (no copy). Readers load a batch into a new root of their own allocator; loading
 * shares the buffers and moves their accounting to that allocator when both allocators have the same root (zero
 * copy), and copies otherwise. A partition can be read any number of times. Thread-safe.
 */
final class RetainedPartition {
    enum State { OPEN, COMPLETED, FAILED, RELEASED }

    private record Retained(Schema schema, ArrowRecordBatch batch, BufferAllocator owner) {}

    private final String job;
    private final String channel;
    private final int partition;
    private final int partitions;
    private final List<Retained> batches = new ArrayList<>();
    private State state = State.OPEN;      // guarded by this
    private Throwable failure;             // guarded by this
    private long rows;                     // guarded by this
    private long bytes;                    // guarded by this

    RetainedPartition(String job, String channel, int partition, int partitions) {
        this.job = requireNonNull(job, "job is null");
        this.channel = requireNonNull(channel, "channel is null");
        this.partition = partition;
        this.partitions = partitions;
    }

    /** Takes ownership of the batch: its buffers are retained here, the root itself is closed. */
    void write(VectorSchemaRoot batch) {
        requireNonNull(batch, "batch is null");
        try (batch) {
            synchronized (this) {
                if (state != State.OPEN) {
                    throw new WeftException(ErrorCode.CHANNEL_FAILED, "cannot write to %s: it is already %s; the engine writes before the driver completes or fails the stage"
                            .formatted(name(), state.name().toLowerCase(Locale.ROOT)));
                }
                if (batch.getRowCount() == 0) {
                    return;
                }
                BufferAllocator owner = batch.getFieldVectors().isEmpty() ? null : batch.getFieldVectors().get(0).getAllocator();
                long size = Batches.sizeInBytes(batch);
                batches.add(new Retained(batch.getSchema(), new VectorUnloader(batch).getRecordBatch(), owner));
                rows += batch.getRowCount();
                bytes += size;
            }
        }
    }

    synchronized void complete() {
        if (state == State.OPEN) {
            state = State.COMPLETED;
            notifyAll();
        }
    }

    /** Fails the partition (readers get CHANNEL_FAILED with the cause) and releases what it holds. */
    synchronized void fail(Throwable cause) {
        if (state == State.OPEN || state == State.COMPLETED) {
            state = State.FAILED;
            failure = cause;
            releaseBatches();
            notifyAll();
        }
    }

    /** Releases every batch; readers still reading get CHANNEL_FAILED. Idempotent. */
    synchronized void release() {
        if (state != State.RELEASED) {
            state = State.RELEASED;
            releaseBatches();
            notifyAll();
        }
    }

    synchronized State state() {
        return state;
    }

    synchronized long rows() {
        return rows;
    }

    synchronized long bytes() {
        return bytes;
    }

    synchronized int batchCount() {
        return batches.size();
    }

    /**
     * The batch at {@code index} loaded into a new root of {@code allocator} (the caller owns it), or null after the
     * last batch of a completed partition; waits while the writer may still add it.
     */
    synchronized VectorSchemaRoot read(int index, BufferAllocator allocator) {
        while (true) {
            switch (state) {
                case FAILED -> throw new WeftException(ErrorCode.CHANNEL_FAILED, "%s failed: %s; the stage that writes it failed, see its error"
                        .formatted(name(), failure), failure);
                case RELEASED -> throw new WeftException(ErrorCode.CHANNEL_FAILED, "%s was released (its job ended or was cancelled) while it was read"
                        .formatted(name()));
                default -> {
                    if (index < batches.size()) {
                        return load(batches.get(index), allocator);
                    }
                    if (state == State.COMPLETED) {
                        return null;
                    }
                }
            }
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new WeftException(ErrorCode.JOB_CANCELLED, "interrupted while waiting for %s".formatted(name()), e);
            }
        }
    }

    String name() {
        return "partition %d of %d of in-process channel '%s' of job %s".formatted(partition, partitions, channel, job);
    }

    private static VectorSchemaRoot load(Retained retained, BufferAllocator allocator) {
        boolean sameRoot = retained.owner() == null || retained.owner().getRoot() == allocator.getRoot();
        BufferAllocator target = sameRoot ? allocator : retained.owner();
        VectorSchemaRoot root = VectorSchemaRoot.create(retained.schema(), target);
        try {
            new VectorLoader(root).load(retained.batch());
        } catch (RuntimeException e) {
            root.close();
            throw e;
        }
        if (sameRoot) {
            return root;
        }
        try (root) {
            int[] all = new int[root.getRowCount()];
            for (int i = 0; i < all.length; i++) {
                all[i] = i;
            }
            return Batches.copyRows(root, all, all.length, allocator);
        }
    }

    // Caller holds this.
    private void releaseBatches() {
        for (Retained retained : batches) {
            retained.batch().close();
        }
        batches.clear();
    }
}
