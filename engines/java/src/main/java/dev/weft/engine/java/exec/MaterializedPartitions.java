package dev.weft.engine.java.exec;

import static java.util.Objects.requireNonNull;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The output of an operator held for later reads, partition by partition, in order: each partition is a
 * {@link SpillableBatchBuffer} (charged to the stage's buffer memory, spilled beyond it). Each partition can be read
 * a planned number of times ({@link #expectReads}): every read but the last gets copies, the last one the batches
 * themselves. {@link #close} releases what was not read and deletes spill files.
 */
public final class MaterializedPartitions implements AutoCloseable {
    private final ExecutionContext context;
    private final Schema schema;
    private final List<SpillableBatchBuffer> partitions;
    private final int[] readsLeft;
    private boolean pinned;
    private boolean closed;

    public MaterializedPartitions(ExecutionContext context, Schema schema, int partitionCount) {
        this.context = requireNonNull(context, "context is null");
        this.schema = requireNonNull(schema, "schema is null");
        if (partitionCount < 1) {
            throw new IllegalArgumentException("partition count must be >= 1, got " + partitionCount);
        }
        this.partitions = new ArrayList<>(partitionCount);
        for (int i = 0; i < partitionCount; i++) {
            partitions.add(context.newBuffer());
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
    public void add(int partition, VectorSchemaRoot batch) {
        SpillableBatchBuffer buffer;
        synchronized (this) {
            if (closed) {
                batch.close();
                throw new IllegalStateException("materialized partitions are closed");
            }
            buffer = partitions.get(partition);
        }
        buffer.append(batch);
    }

    /** A sink that appends the batches it receives to a partition. */
    public BatchSink sink(int partition) {
        return new BatchSink() {
            @Override
            public boolean accept(VectorSchemaRoot batch) {
                add(partition, batch);
                return true;
            }

            @Override
            public void finish() {
                partitions.get(partition).finishWriting();
            }
        };
    }

    public long rowCount(int partition) {
        return partitions.get(partition).rowCount();
    }

    public long rowCount() {
        long rows = 0;
        for (SpillableBatchBuffer partition : partitions) {
            rows += partition.rowCount();
        }
        return rows;
    }

    /** How many times batches were written to spill files. */
    public int spillCount() {
        int spills = 0;
        for (SpillableBatchBuffer partition : partitions) {
            spills += partition.spillCount();
        }
        return spills;
    }

    /**
     * Shows the batches of a partition to {@code visitor} (borrowed: valid during the call only, not to be closed)
     * until it returns false; not a read. True if it saw them all.
     */
    public boolean visit(int partition, Predicate<VectorSchemaRoot> visitor) {
        return buffer(partition).forEach(SpillableBatchBuffer.ReadMode.BORROW, visitor);
    }

    /**
     * Pushes the batches of a partition into {@code consumer} (which owns each) until it returns false: copies, or
     * the batches themselves if it is the last planned read. Counts as a read; true if it took them all.
     */
    public boolean readInto(int partition, Predicate<VectorSchemaRoot> consumer) {
        requireNonNull(consumer, "consumer is null");
        SpillableBatchBuffer.Cursor cursor;
        synchronized (this) {
            checkOpen();
            if (readsLeft[partition] <= 0 && !pinned) {
                throw new WeftException(ErrorCode.GENERIC_INTERNAL_ERROR,
                        "partition %d of a materialized operator output was read more often than planned".formatted(partition));
            }
            readsLeft[partition]--;
            // opened under the lock: an earlier planned read is open before the last one may take the batches
            cursor = partitions.get(partition).read(readsLeft[partition] == 0 && !pinned
                    ? SpillableBatchBuffer.ReadMode.TAKE : SpillableBatchBuffer.ReadMode.COPY);
        }
        try (cursor) {
            for (VectorSchemaRoot batch = cursor.next(); batch != null; batch = cursor.next()) {
                if (!consumer.test(batch)) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * Pushes a partition (a copy unless it is the last planned read) into {@code out}, checking for cancellation
     * between batches, then finishes it.
     */
    public void read(int partition, ExecutionContext context, BatchSink out) {
        readInto(partition, batch -> {
            try {
                context.checkCancelled();
            } catch (RuntimeException e) {
                batch.close();
                throw e;
            }
            return out.accept(batch);
        });
        out.finish();
    }

    /**
     * The same batches spread over {@code partitionCount} partitions, contiguously and in order; this object is left
     * empty.
     */
    public synchronized MaterializedPartitions rebalance(int partitionCount) {
        checkOpen();
        long total = 0;
        for (SpillableBatchBuffer partition : partitions) {
            total += partition.batchCount();
        }
        MaterializedPartitions result = new MaterializedPartitions(context, schema, partitionCount);
        try {
            Spreader spreader = new Spreader(result, total);
            for (SpillableBatchBuffer partition : partitions) {
                partition.forEach(SpillableBatchBuffer.ReadMode.TAKE, spreader::add);
            }
            return result;
        } catch (RuntimeException e) {
            try {
                result.close();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        BatchShapes.closeAll(partitions);
    }

    private SpillableBatchBuffer buffer(int partition) {
        synchronized (this) {
            checkOpen();
        }
        return partitions.get(partition);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("materialized partitions are closed");
        }
    }

    /** Adds batch i of n to partition t of P, where t * n / P <= i < (t + 1) * n / P. */
    private static final class Spreader {
        private final MaterializedPartitions target;
        private final long total;
        private long index;
        private int partition;

        Spreader(MaterializedPartitions target, long total) {
            this.target = target;
            this.total = total;
        }

        boolean add(VectorSchemaRoot batch) {
            int count = target.partitionCount();
            while (partition < count - 1 && index >= (partition + 1) * total / count) {
                partition++;
            }
            index++;
            target.add(partition, batch);
            return true;
        }
    }
}
