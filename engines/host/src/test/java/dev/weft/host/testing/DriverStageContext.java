package dev.weft.host.testing;

import dev.weft.api.Collected;
import dev.weft.api.plan.CollectSink;
import dev.weft.api.plan.LogicalOperator;
import dev.weft.api.plan.StageInputSource;
import dev.weft.api.plan.StageOutputSink;
import dev.weft.api.spi.BatchWriter;
import dev.weft.api.spi.ExecutionSettings;
import dev.weft.api.spi.OperatorMetrics;
import dev.weft.api.spi.StageContext;
import dev.weft.api.spi.StageInput;
import dev.weft.api.spi.StageOutput;
import dev.weft.channels.RowDecoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/** A single-stage driver context for host tests: decodes collected rows right away, records metrics, can be cancelled. */
public final class DriverStageContext implements StageContext {
    private final BufferAllocator allocator;
    private final ExecutionSettings settings;
    private final Map<Integer, List<Object>> collected = new ConcurrentHashMap<>();
    private final Map<Integer, AtomicLong> rows = new ConcurrentHashMap<>();
    private final AtomicBoolean cancelled = new AtomicBoolean();

    public DriverStageContext(BufferAllocator allocator, ExecutionSettings settings) {
        this.allocator = allocator;
        this.settings = settings;
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
    public BatchWriter collectWriter(CollectSink sink) {
        List<Object> elements = collected.computeIfAbsent(sink.id(), id -> new ArrayList<>());
        RowDecoder<?> decoder = RowDecoder.create(sink.output().elementType());
        return batch -> {
            try (VectorSchemaRoot owned = batch) {
                synchronized (elements) {
                    decoder.bind(owned);
                    for (int row = 0; row < owned.getRowCount(); row++) {
                        elements.add(decoder.get(row));
                    }
                }
            }
        };
    }

    @Override
    public StageInput input(StageInputSource source) {
        throw new UnsupportedOperationException("single-stage context");
    }

    @Override
    public StageOutput output(StageOutputSink sink) {
        throw new UnsupportedOperationException("single-stage context");
    }

    @Override
    public OperatorMetrics metrics(LogicalOperator operator) {
        AtomicLong counter = rows.computeIfAbsent(operator.id(), id -> new AtomicLong());
        return new OperatorMetrics() {
            @Override
            public void addRows(long count) {
                counter.addAndGet(count);
            }

            @Override
            public void addBytes(long bytes) {}

            @Override
            public void addNanos(long nanos) {}
        };
    }

    @Override
    public boolean isCancelled() {
        return cancelled.get();
    }

    public void cancel() {
        cancelled.set(true);
    }

    @SuppressWarnings("unchecked")
    public <T> List<T> elements(Collected<T> handle) {
        return (List<T>) List.copyOf(collected.getOrDefault(handle.sink().id(), List.of()));
    }

    public long rowsOf(int operatorId) {
        AtomicLong counter = rows.get(operatorId);
        return counter == null ? 0 : counter.get();
    }
}
