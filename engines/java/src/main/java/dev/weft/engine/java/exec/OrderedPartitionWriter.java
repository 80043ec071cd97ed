package dev.weft.engine.java.exec;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Writes the partitions of a parallel pipeline to one target in partition order: partition 0's batches go through
 * as they come; a later partition's batches wait until every earlier partition has finished. Thread-safe.
 */
public final class OrderedPartitionWriter implements AutoCloseable {
    private final Consumer<VectorSchemaRoot> target;
    private final List<List<VectorSchemaRoot>> pending;
    private final boolean[] finished;
    private int current;

    /** {@code target} takes ownership of each batch it receives. */
    public OrderedPartitionWriter(int partitionCount, Consumer<VectorSchemaRoot> target) {
        this.target = requireNonNull(target, "target is null");
        this.pending = new ArrayList<>(partitionCount);
        for (int i = 0; i < partitionCount; i++) {
            pending.add(new ArrayList<>());
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
            pending.get(partition).add(batch);
        }
    }

    public synchronized void finish(int partition) {
        finished[partition] = true;
        while (current < finished.length && finished[current]) {
            current++;
            if (current < finished.length) {
                flush(current);
            }
        }
    }

    private void flush(int partition) {
        List<VectorSchemaRoot> batches = pending.get(partition);
        pending.set(partition, new ArrayList<>());
        int next = 0;
        try {
            while (next < batches.size()) {
                target.accept(batches.get(next++));
            }
        } finally {
            BatchShapes.closeAll(batches.subList(next, batches.size()));
        }
    }

    /** Releases batches that were never written (after a failure). */
    @Override
    public synchronized void close() {
        for (int i = 0; i < pending.size(); i++) {
            List<VectorSchemaRoot> batches = pending.get(i);
            pending.set(i, new ArrayList<>());
            BatchShapes.closeAll(batches);
        }
    }
}
