package dev.weft.engine.java;

import static java.util.Objects.requireNonNull;

import dev.weft.api.spi.BatchReader;
import dev.weft.api.spi.StageInput;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A stage input over batches held in memory, one list per partition (it owns them and hands each to the reader that
 * reads it). A hook runs before every read and may throw (a failing channel) or cancel the stage. Counts readers
 * opened and closed; a partition opened twice is an error, as the SPI says each is opened once per stage run.
 * {@link #close} releases the batches nobody read. Thread-safe.
 */
final class InMemoryStageInput implements StageInput, AutoCloseable {
    /** Runs before the reader of {@code partition} hands out its {@code index}-th batch (or its end). */
    @FunctionalInterface
    interface ReadHook {
        void beforeRead(int partition, int index);
    }

    private final Schema schema;
    private final List<Deque<VectorSchemaRoot>> partitions = new ArrayList<>();
    private final boolean[] opened;
    private final ReadHook hook;
    private int openedReaders;
    private int closedReaders;

    InMemoryStageInput(Schema schema, List<List<VectorSchemaRoot>> batches, ReadHook hook) {
        this.schema = requireNonNull(schema, "schema is null");
        this.hook = requireNonNull(hook, "hook is null");
        for (List<VectorSchemaRoot> partition : batches) {
            partitions.add(new ArrayDeque<>(partition));
        }
        this.opened = new boolean[batches.size()];
    }

    InMemoryStageInput(Schema schema, List<List<VectorSchemaRoot>> batches) {
        this(schema, batches, (partition, index) -> {});
    }

    @Override
    public Schema schema() {
        return schema;
    }

    @Override
    public int partitions() {
        return partitions.size();
    }

    @Override
    public synchronized BatchReader open(int partition) {
        if (partition < 0 || partition >= partitions.size()) {
            throw new IllegalArgumentException("partition %d of %d".formatted(partition, partitions.size()));
        }
        if (opened[partition]) {
            throw new IllegalStateException("partition %d opened twice".formatted(partition));
        }
        opened[partition] = true;
        openedReaders++;
        return new BatchReader() {
            private int index;
            private boolean closed;

            @Override
            public VectorSchemaRoot next() {
                if (closed) {
                    throw new IllegalStateException("reader of partition %d used after close".formatted(partition));
                }
                hook.beforeRead(partition, index++);
                synchronized (InMemoryStageInput.this) {
                    return partitions.get(partition).pollFirst();
                }
            }

            @Override
            public void close() {
                if (!closed) {
                    closed = true;
                    synchronized (InMemoryStageInput.this) {
                        closedReaders++;
                    }
                }
            }
        };
    }

    synchronized int openedReaders() {
        return openedReaders;
    }

    synchronized int closedReaders() {
        return closedReaders;
    }

    @Override
    public synchronized void close() {
        for (Deque<VectorSchemaRoot> partition : partitions) {
            partition.forEach(VectorSchemaRoot::close);
            partition.clear();
        }
    }
}
