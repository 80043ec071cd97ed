package dev.weft.engine.java.exec;

import static java.util.Objects.requireNonNull;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The output of an operator held in memory, partition by partition, in order. Each partition can be read a planned
 * number of times ({@link #expectReads}): every read but the last gets copies, the last one the batches themselves.
 * Owns its batches until they are read; {@link #close} releases what was not read.
 */
public final class MaterializedPartitions implements AutoCloseable {
    private final Schema schema;
    private final List<List<VectorSchemaRoot>> partitions;
    private final int[] readsLeft;
    private boolean pinned;
    private boolean closed;

    public MaterializedPartitions(Schema schema, int partitionCount) {
        this.schema = requireNonNull(schema, "schema is null");
        if (partitionCount < 1) {
            throw new IllegalArgumentException("partition count must be >= 1, got " + partitionCount);
        }
        this.partitions = new ArrayList<>(partitionCount);
        for (int i = 0; i < partitionCount; i++) {
            partitions.add(new ArrayList<>());
        }
        this.readsLeft = new int[partitionCount];
        Arrays.fill(readsLeft, 1);
    }

    public Schema schema() {
        return schema;
    }

    public int partitionCount() {
        return partitions.size();
    }

    /** How many times each partition will be read (1 unless told). */
    public synchronized void expectReads(int reads) {
        Arrays.fill(readsLeft, reads);
    }

    /** From now on every read gets copies, however often (data that nested loop bodies read again and again). */
    public synchronized void pin() {
        pinned = true;
    }

    /** Adds a batch at the end of a partition; takes ownership. */
    public synchronized void add(int partition, VectorSchemaRoot batch) {
        if (closed) {
            batch.close();
            throw new IllegalStateException("materialized partitions are closed");
        }
        partitions.get(partition).add(batch);
    }

    /** A sink that appends the batches it receives to a partition. */
    public BatchSink sink(int partition) {
        return new BatchSink() {
            @Override
            public boolean accept(VectorSchemaRoot batch) {
                if (batch.getRowCount() == 0) {
                    batch.close();
                } else {
                    add(partition, batch);
                }
                return true;
            }

            @Override
            public void finish() {}
        };
    }

    public synchronized long rowCount(int partition) {
        long rows = 0;
        for (VectorSchemaRoot batch : partitions.get(partition)) {
            rows += batch.getRowCount();
        }
        return rows;
    }

    public synchronized long rowCount() {
        long rows = 0;
        for (int i = 0; i < partitions.size(); i++) {
            rows += rowCount(i);
        }
        return rows;
    }

    /** The batches of a partition without copying or reading them (they stay owned by this object). */
    public synchronized List<VectorSchemaRoot> peek(int partition) {
        return List.copyOf(partitions.get(partition));
    }

    /** Hands over the batches of a partition (the caller owns them); counts as a read. */
    public List<VectorSchemaRoot> take(int partition, BufferAllocator allocator) {
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("materialized partitions are closed");
            }
            if (readsLeft[partition] <= 0 && !pinned) {
                throw new WeftException(ErrorCode.GENERIC_INTERNAL_ERROR,
                        "partition %d of a materialized operator output was read more often than planned".formatted(partition));
            }
            readsLeft[partition]--;
            List<VectorSchemaRoot> batches = partitions.get(partition);
            if (readsLeft[partition] == 0 && !pinned) {
                partitions.set(partition, new ArrayList<>());
                return batches;
            }
            List<VectorSchemaRoot> copies = new ArrayList<>(batches.size());
            try {
                for (VectorSchemaRoot batch : batches) {
                    copies.add(BatchShapes.copy(batch, allocator));
                }
            } catch (RuntimeException e) {
                try {
                    BatchShapes.closeAll(copies);
                } catch (RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
            return copies;
        }
    }

    /** Pushes a partition (a copy unless it is the last planned read) into {@code out}, then finishes it. */
    public void read(int partition, ExecutionContext context, BatchSink out) {
        emit(take(partition, context.allocator()), context, out);
    }

    /**
     * The same batches spread over {@code partitionCount} partitions, contiguously and in order; this object is left
     * empty.
     */
    public synchronized MaterializedPartitions rebalance(int partitionCount) {
        List<VectorSchemaRoot> all = new ArrayList<>();
        for (int i = 0; i < partitions.size(); i++) {
            all.addAll(partitions.get(i));
            partitions.set(i, new ArrayList<>());
        }
        MaterializedPartitions result = new MaterializedPartitions(schema, partitionCount);
        int n = all.size();
        for (int target = 0; target < partitionCount; target++) {
            int from = (int) ((long) target * n / partitionCount);
            int to = (int) ((long) (target + 1) * n / partitionCount);
            result.partitions.get(target).addAll(all.subList(from, to));
        }
        return result;
    }

    /**
     * Pushes owned batches into {@code out} in order, checking for cancellation between them, then finishes it;
     * batches not pushed (the sink stopped early, or a failure) are closed.
     */
    public static void emit(List<VectorSchemaRoot> batches, ExecutionContext context, BatchSink out) {
        int next = 0;
        try {
            boolean more = true;
            while (more && next < batches.size()) {
                context.checkCancelled();
                VectorSchemaRoot batch = batches.get(next++);
                more = out.accept(batch);
            }
        } finally {
            BatchShapes.closeAll(batches.subList(next, batches.size()));
        }
        out.finish();
    }

    @Override
    public synchronized void close() {
        closed = true;
        for (int i = 0; i < partitions.size(); i++) {
            List<VectorSchemaRoot> batches = partitions.get(i);
            partitions.set(i, new ArrayList<>());
            BatchShapes.closeAll(batches);
        }
    }
}
