package dev.weft.engine.java.physical;

import static java.util.Objects.requireNonNull;

import dev.weft.channels.Batches;
import dev.weft.engine.java.exec.BatchShapes;
import dev.weft.engine.java.exec.ExecutionContext;
import dev.weft.engine.java.exec.SpillableBatchBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The build side (right input) of a hash join, collected before the table is built: held in memory while it fits the
 * stage's buffer share, else (from then on, with what it held) hash-split into {@link JoinBuckets#FAN_OUT} buckets that
 * spill, for a grace hash join. Rows with a NULL key are dropped once split (they never match). Thread-safe.
 */
final class JoinBuildSide implements AutoCloseable {
    private final ExecutionContext context;
    private final int[] keyColumns;
    private List<VectorSchemaRoot> held = new ArrayList<>();
    private long heldBytes;
    private List<SpillableBatchBuffer> buckets;
    private boolean closed;

    JoinBuildSide(ExecutionContext context, int[] keyColumns) {
        this.context = requireNonNull(context, "context is null");
        this.keyColumns = requireNonNull(keyColumns, "keyColumns is null").clone();
    }

    /** Adds a batch (takes ownership). */
    synchronized void add(VectorSchemaRoot batch) {
        try (batch) {
            if (closed) {
                throw new IllegalStateException("the join build side is closed");
            }
            if (batch.getRowCount() == 0) {
                return;
            }
            if (buckets == null) {
                long bytes = Batches.sizeInBytes(batch);
                if (context.bufferMemory().tryReserve(bytes)) {
                    held.add(Batches.transfer(batch, context.allocator()));
                    heldBytes += bytes;
                    return;
                }
                split();
            }
            JoinBuckets.split(batch, keyColumns, 1, buckets, true, context.allocator());
        }
    }

    /** True once the rows were hash-split into buckets. */
    synchronized boolean isSplit() {
        return buckets != null;
    }

    /** The batches held in memory (borrowed; empty once split). */
    synchronized List<VectorSchemaRoot> held() {
        return List.copyOf(held);
    }

    /** Hash-splits what is held in memory into the buckets (and everything added later); idempotent. */
    synchronized void split() {
        if (buckets != null) {
            return;
        }
        buckets = new ArrayList<>(JoinBuckets.FAN_OUT);
        for (int b = 0; b < JoinBuckets.FAN_OUT; b++) {
            buckets.add(context.newBuffer());
        }
        List<VectorSchemaRoot> batches = held;
        long bytes = heldBytes;
        held = new ArrayList<>();
        heldBytes = 0;
        try {
            for (VectorSchemaRoot batch : batches) {
                JoinBuckets.split(batch, keyColumns, 1, buckets, true, context.allocator());
            }
        } finally {
            context.bufferMemory().release(bytes);
            BatchShapes.closeAll(batches);
        }
    }

    /** Hands the buckets over (the caller closes them); this side is empty afterwards. */
    synchronized List<SpillableBatchBuffer> takeBuckets() {
        if (buckets == null) {
            throw new IllegalStateException("the join build side was not split");
        }
        List<SpillableBatchBuffer> taken = buckets;
        buckets = List.of();
        return taken;
    }

    /** Releases what is held and the buckets not taken; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<VectorSchemaRoot> batches = held;
        held = new ArrayList<>();
        context.bufferMemory().release(heldBytes);
        heldBytes = 0;
        try {
            BatchShapes.closeAll(batches);
        } finally {
            if (buckets != null) {
                BatchShapes.closeAll(buckets);
            }
        }
    }
}
