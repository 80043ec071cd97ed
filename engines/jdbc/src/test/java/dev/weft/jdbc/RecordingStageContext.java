package dev.weft.jdbc;

import dev.weft.api.plan.CollectSink;
import dev.weft.api.plan.LogicalOperator;
import dev.weft.api.plan.StageInputSource;
import dev.weft.api.plan.StageOutputSink;
import dev.weft.api.spi.BatchReader;
import dev.weft.api.spi.BatchWriter;
import dev.weft.api.spi.ExecutionSettings;
import dev.weft.api.spi.OperatorMetrics;
import dev.weft.api.spi.StageContext;
import dev.weft.api.spi.StageInput;
import dev.weft.api.spi.StageOutput;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/** A stage context that keeps collected batches as rows of Java values and serves stage inputs from batch suppliers. */
final class RecordingStageContext implements StageContext, AutoCloseable {
    private final BufferAllocator allocator;
    private final ExecutionSettings settings;
    private final Map<Integer, List<List<Object>>> collected = new HashMap<>();
    private final Map<String, StageInput> inputs = new HashMap<>();
    private int batches;
    private boolean discard;
    private volatile boolean cancelled;

    RecordingStageContext(BufferAllocator allocator, int batchSize) {
        this.allocator = allocator;
        this.settings = new ExecutionSettings(2, 64L << 20, Path.of(System.getProperty("java.io.tmpdir")), batchSize);
    }

    /** Serves channel {@code channel} as one partition whose batches {@code batches} creates (on the stage allocator). */
    RecordingStageContext input(String channel, Schema schema, java.util.function.Function<BufferAllocator, List<VectorSchemaRoot>> batches) {
        inputs.put(channel, new StageInput() {
            @Override
            public Schema schema() {
                return schema;
            }

            @Override
            public int partitions() {
                return 1;
            }

            @Override
            public BatchReader open(int partition) {
                List<VectorSchemaRoot> list = new ArrayList<>(batches.apply(allocator));
                return new BatchReader() {
                    @Override
                    public VectorSchemaRoot next() {
                        return list.isEmpty() ? null : list.remove(0);
                    }

                    @Override
                    public void close() {
                        list.forEach(VectorSchemaRoot::close);
                        list.clear();
                    }
                };
            }
        });
        return this;
    }

    /** Collect sinks drop their batches (for measurements). */
    RecordingStageContext discardCollected() {
        discard = true;
        return this;
    }

    @Override
    public BufferAllocator allocator() {
        return allocator;
    }

    @Override
    public ExecutionSettings settings() {
        return settings;
    }

    @Override
    public synchronized BatchWriter collectWriter(CollectSink sink) {
        List<List<Object>> rows = collected.computeIfAbsent(sink.id(), id -> new ArrayList<>());
        if (discard) {
            return VectorSchemaRoot::close;
        }
        return batch -> {
            try (VectorSchemaRoot owned = batch) {
                synchronized (this) {
                    batches++;
                    for (int row = 0; row < owned.getRowCount(); row++) {
                        List<Object> values = new ArrayList<>();
                        for (FieldVector vector : owned.getFieldVectors()) {
                            Object value = vector.getObject(row);
                            values.add(vector instanceof VarCharVector && value != null ? value.toString() : value);
                        }
                        rows.add(values);
                    }
                }
            }
        };
    }

    @Override
    public StageInput input(StageInputSource source) {
        StageInput input = inputs.get(source.channel());
        if (input == null) {
            throw new IllegalStateException("no input bound for channel " + source.channel());
        }
        return input;
    }

    @Override
    public StageOutput output(StageOutputSink sink) {
        throw new UnsupportedOperationException("no stage outputs in these tests");
    }

    @Override
    public OperatorMetrics metrics(LogicalOperator operator) {
        return OperatorMetrics.NONE;
    }

    @Override
    public boolean isCancelled() {
        return cancelled;
    }

    void cancel() {
        cancelled = true;
    }

    synchronized List<List<Object>> rows(CollectSink sink) {
        return collected.getOrDefault(sink.id(), List.of());
    }

    synchronized int batches() {
        return batches;
    }

    @Override
    public void close() {
    }

}
