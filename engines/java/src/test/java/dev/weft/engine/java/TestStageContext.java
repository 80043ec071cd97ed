package dev.weft.engine.java;

import static java.util.Objects.requireNonNull;

import dev.weft.api.plan.CollectSink;
import dev.weft.api.plan.LogicalOperator;
import dev.weft.api.spi.BatchWriter;
import dev.weft.api.spi.ExecutionSettings;
import dev.weft.api.spi.OperatorMetrics;
import dev.weft.api.spi.StageContext;
import dev.weft.api.types.ElementType;
import dev.weft.channels.RowDecoder;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/** A stage context for tests: keeps collected batches per sink, counts metrics, can be cancelled. */
final class TestStageContext implements StageContext, AutoCloseable {
    private final BufferAllocator allocator;
    private final ExecutionSettings settings;
    private final Map<CollectSink, List<VectorSchemaRoot>> collected = new IdentityHashMap<>();
    private final Map<LogicalOperator, Counters> metrics = new IdentityHashMap<>();
    private volatile boolean cancelled;

    TestStageContext(BufferAllocator allocator, ExecutionSettings settings) {
        this.allocator = requireNonNull(allocator, "allocator is null");
        this.settings = requireNonNull(settings, "settings is null");
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
        List<VectorSchemaRoot> batches = collected.computeIfAbsent(sink, s -> new ArrayList<>());
        return batch -> {
            synchronized (batches) {
                batches.add(batch);
            }
        };
    }

    @Override
    public synchronized OperatorMetrics metrics(LogicalOperator operator) {
        return metrics.computeIfAbsent(operator, o -> new Counters());
    }

    synchronized Counters counters(LogicalOperator operator) {
        return metrics.computeIfAbsent(operator, o -> new Counters());
    }

    @Override
    public boolean isCancelled() {
        return cancelled;
    }

    void cancel() {
        cancelled = true;
    }

    /** The batches a collect sink received, in order. */
    synchronized List<VectorSchemaRoot> batches(CollectSink sink) {
        return List.copyOf(collected.getOrDefault(sink, List.of()));
    }

    /** The elements a collect sink received, decoded, in order. */
    <T> List<T> elements(CollectSink sink, ElementType<T> type) {
        List<T> elements = new ArrayList<>();
        RowDecoder<T> decoder = RowDecoder.create(type);
        for (VectorSchemaRoot batch : batches(sink)) {
            decoder.bind(batch);
            for (int row = 0; row < batch.getRowCount(); row++) {
                elements.add(decoder.get(row));
            }
        }
        return elements;
    }

    /** Releases the collected batches. */
    @Override
    public synchronized void close() {
        for (List<VectorSchemaRoot> batches : collected.values()) {
            batches.forEach(VectorSchemaRoot::close);
        }
        collected.clear();
    }

    /** Thread-safe counters of one operator. */
    static final class Counters implements OperatorMetrics {
        final AtomicLong rows = new AtomicLong();
        final AtomicLong bytes = new AtomicLong();
        final AtomicLong nanos = new AtomicLong();

        @Override
        public void addRows(long count) {
            rows.addAndGet(count);
        }

        @Override
        public void addBytes(long count) {
            bytes.addAndGet(count);
        }

        @Override
        public void addNanos(long count) {
            nanos.addAndGet(count);
        }
    }
}
