package dev.weft.engine.java;

import static java.util.Objects.requireNonNull;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
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
import dev.weft.api.types.ElementType;
import dev.weft.channels.RowDecoder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A stage context for tests: keeps collected batches per sink, counts metrics, can be cancelled, and acts as an
 * in-memory driver for stage channels: a stage output records its batches ({@link RecordingStageOutput}, unless one
 * was bound), a stage input reads what was bound to its channel or else what an earlier stage wrote to it.
 */
final class TestStageContext implements StageContext, AutoCloseable {
    private final BufferAllocator allocator;
    private final ExecutionSettings settings;
    private final Map<CollectSink, List<VectorSchemaRoot>> collected = new IdentityHashMap<>();
    private final Map<LogicalOperator, Counters> metrics = new IdentityHashMap<>();
    private final Map<String, StageInput> inputs = new HashMap<>();
    private final Map<String, StageOutput> outputs = new HashMap<>();
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

    /** Binds a channel's input (closed with this context if it is AutoCloseable). */
    synchronized void bindInput(String channel, StageInput input) {
        inputs.put(channel, requireNonNull(input, "input is null"));
    }

    /** Binds a channel's output (closed with this context if it is AutoCloseable). */
    synchronized void bindOutput(String channel, StageOutput output) {
        outputs.put(channel, requireNonNull(output, "output is null"));
    }

    @Override
    public synchronized StageInput input(StageInputSource source) {
        StageInput input = inputs.get(source.channel());
        if (input == null && outputs.get(source.channel()) instanceof RecordingStageOutput written) {
            input = written.handOff();
            inputs.put(source.channel(), input);
        }
        if (input == null) {
            throw new WeftException(ErrorCode.CHANNEL_FAILED, "no stage input is bound to channel '%s' in this test"
                    .formatted(source.channel()));
        }
        return input;
    }

    @Override
    public synchronized StageOutput output(StageOutputSink sink) {
        return outputs.computeIfAbsent(sink.channel(), channel -> new RecordingStageOutput(sink.schema(), sink.partitions()));
    }

    /** What the stage wrote to a channel (a RecordingStageOutput unless another output was bound). */
    synchronized RecordingStageOutput written(String channel) {
        StageOutput output = outputs.get(channel);
        if (output == null) {
            throw new IllegalStateException("nothing was written to channel '%s'".formatted(channel));
        }
        return (RecordingStageOutput) output;
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

    /** Releases the collected batches and the channels' batches. */
    @Override
    public synchronized void close() {
        for (List<VectorSchemaRoot> batches : collected.values()) {
            batches.forEach(VectorSchemaRoot::close);
        }
        collected.clear();
        List<Object> channels = new ArrayList<>(inputs.values());
        channels.addAll(outputs.values());
        for (Object channel : channels) {
            if (channel instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    throw new IllegalStateException("closing channel %s failed".formatted(channel), e);
                }
            }
        }
        inputs.clear();
        outputs.clear();
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
