package dev.weft.engine.java.exec;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Writes the partitions of a parallel pipeline to one target in partition order: partition 0's batches go through
 * as they come; a later partition's batches wait (in a buffer that spills beyond the buffer budget) until every
 * earlier partition has finished. Thread-safe.
 */
public final class OrderedPartitionWriter implements AutoCloseable {
    private final Consumer<VectorSchemaRoot> target;
    private final List<SpillableBatchBuffer> pending;
    private final boolean[] finished;
    private int current;

    /** {@code target} takes ownership of each batch it receives. */
    public OrderedPartitionWriter(ExecutionContext context, int partitionCount, Consumer<VectorSchemaRoot> target) {
        this.target = requireNonNull(target, "target is null");
        this.pending = new ArrayList<>(partitionCount);
        for (int i = 0; i < partitionCount; i++) {
            pending.add(context.newBuffer());
        }
        this.finished = new boolean[partitionCount];
    }

    public BatchSink sink(int partition) {
        return new BatchSink() {
            @Override
            public boolean accept(VectorSchemaRoot batch) {
                write(partition, batch);
                return true;
            }

            @Override
            public void finish() {
                OrderedPartitionWriter.this.finish(partition);
            }
        };
    }

    public synchronized void write(int partition, VectorSchemaRoot batch) {
        if (batch.getRowCount() == 0) {
            batch.close();
        } else if (partition == current) {
            target.accept(batch);
        } else {
            pending.get(partition).append(batch);
        }
    }

    public synchronized void finish(int partition) {
        finished[partition] = true;
        pending.get(partition).finishWriting();
        while (current < finished.length && finished[current]) {
            current++;
            if (current < finished.length) {
                flush(current);
            }
        }
    }

    private void flush(int partition) {
        pending.get(partition).forEach(SpillableBatchBuffer.ReadMode.TAKE, batch -> {
            target.accept(batch);
            return true;
        });
    }

    /** Releases batches that were never written (after a failure) and deletes spill files. */
    @Override
    public synchronized void close() {
        BatchShapes.closeAll(pending);
    }
}
