package dev.weft.conformance;

import static java.util.Objects.requireNonNull;

import dev.weft.api.Collected;
import dev.weft.api.plan.CollectSink;
import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
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
import dev.weft.channels.Batches;
import dev.weft.channels.RowDecoder;
import dev.weft.channels.flight.FlightJobChannels;
import dev.weft.channels.local.InProcessJobChannels;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The stage context the conformance suite hands an engine. A collect writer (thread-safe) takes each batch over into
 * a results allocator of the suite's own (zero copy), so the stage allocator can be checked for leaks when execute
 * returns, and decodes the batches only when asked, into the element type of the {@link Collected} handle. Metrics
 * are dropped; the stage is never cancelled. Batches whose schema differs from the sink's, and batches written after
 * execute returned, are recorded as violations.
 *
 * <p>With a {@link FlightJobChannels} the suite runs a plan as several stages: stage inputs and outputs are Flight
 * streams on a real server, and every collected batch goes through the server as well before it is kept.
 *
 * <p>With {@link InProcessJobChannels} (sources run on a second engine, see {@link EngineConformanceTest#sourceEngine()})
 * stage inputs and outputs are in-process channels, and collected batches are kept as in a one-stage run.
 */
public final class ConformanceStageContext implements StageContext, AutoCloseable {
    private volatile BufferAllocator allocator;
    private volatile String stageId = "s1";
    private final BufferAllocator resultAllocator;
    private final FlightJobChannels handOffs;
    private final InProcessJobChannels localHandOffs;
    private final ExecutionSettings settings;
    private final Map<Integer, CollectBuffer> buffers = new ConcurrentHashMap<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private volatile boolean finished;

    /**
     * @param allocator the stage allocator the engine allocates from
     * @param resultAllocator where collected batches are kept until {@link #close}; owned by this context
     */
    public ConformanceStageContext(BufferAllocator allocator, BufferAllocator resultAllocator, ExecutionSettings settings) {
        this(allocator, resultAllocator, settings, (FlightJobChannels) null);
    }

    ConformanceStageContext(BufferAllocator allocator, BufferAllocator resultAllocator, ExecutionSettings settings, FlightJobChannels handOffs) {
        this.allocator = requireNonNull(allocator, "allocator is null");
        this.resultAllocator = requireNonNull(resultAllocator, "resultAllocator is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.handOffs = handOffs;
        this.localHandOffs = null;
    }

    ConformanceStageContext(BufferAllocator allocator, BufferAllocator resultAllocator, ExecutionSettings settings, InProcessJobChannels localHandOffs) {
        this.allocator = requireNonNull(allocator, "allocator is null");
        this.resultAllocator = requireNonNull(resultAllocator, "resultAllocator is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.handOffs = null;
        this.localHandOffs = requireNonNull(localHandOffs, "localHandOffs is null");
    }

    /** Starts the next stage of a multi-stage run (Flight hand-offs): a fresh stage allocator, writes allowed again. */
    void startStage(String id, BufferAllocator stageAllocator) {
        this.stageId = requireNonNull(id, "id is null");
        this.allocator = requireNonNull(stageAllocator, "stageAllocator is null");
        this.finished = false;
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
        requireNonNull(sink, "sink is null");
        return buffers.computeIfAbsent(sink.id(), id -> new CollectBuffer(sink));
    }

    @Override
    public StageInput input(StageInputSource source) {
        if (localHandOffs != null) {
            return localHandOffs.input(source, allocator);
        }
        return requireHandOffs(source).input(source, allocator);
    }

    @Override
    public StageOutput output(StageOutputSink sink) {
        if (localHandOffs != null) {
            return localHandOffs.output(sink, stageId);
        }
        return requireHandOffs(sink).output(sink, stageId, allocator);
    }

    private FlightJobChannels requireHandOffs(LogicalOperator operator) {
        if (handOffs == null) {
            throw new WeftException(ErrorCode.GENERIC_INTERNAL_ERROR,
                    "%s: the conformance suite runs this plan as one stage and binds no stage channels".formatted(operator.info().describe()));
        }
        return handOffs;
    }

    @Override
    public OperatorMetrics metrics(LogicalOperator operator) {
        return OperatorMetrics.NONE;
    }

    @Override
    public boolean isCancelled() {
        return false;
    }

    /** Marks the stage as returned from execute: batches written from now on are violations. */
    void finish() {
        finished = true;
    }

    /**
     * Ends a stage run with hand-offs: its outputs are completed (or failed, when it failed); with Flight, on the server,
     * and its collect sinks' batches are read back from the server into the results.
     */
    void finishStage(RuntimeException failure) {
        finish();
        if (localHandOffs != null) {
            if (failure != null) {
                localHandOffs.failStage(stageId, failure);
            } else {
                localHandOffs.completeStage(stageId);
            }
            return;
        }
        if (failure != null) {
            handOffs.failStage(stageId, failure);
            return;
        }
        handOffs.completeStage(stageId);
        for (CollectBuffer buffer : buffers.values()) {
            buffer.readBack();
        }
    }

    /** What the engine did against the SPI contract while writing batches; empty when it conformed. */
    public List<String> violations() {
        return List.copyOf(violations);
    }

    /** The elements the collect sink received, in arrival order, decoded into the handle's element type. */
    public <T> List<T> elements(Collected<T> collected) {
        CollectBuffer buffer = buffers.get(collected.sink().id());
        if (buffer == null) {
            return List.of();
        }
        return buffer.decode(collected.elementType());
    }

    /** Releases the collected batches and the results allocator. */
    @Override
    public void close() {
        try {
            buffers.values().forEach(CollectBuffer::close);
        } finally {
            resultAllocator.close();
        }
    }

    /** Same names and types, recursively; nullability and the name of a list's element field may differ. */
    private static boolean sameColumns(List<Field> expected, List<Field> actual, boolean compareNames) {
        if (expected.size() != actual.size()) {
            return false;
        }
        for (int i = 0; i < expected.size(); i++) {
            Field e = expected.get(i);
            Field a = actual.get(i);
            boolean sameName = !compareNames || e.getName().equals(a.getName());
            boolean list = e.getType() instanceof ArrowType.List;
            if (!sameName || !e.getType().equals(a.getType()) || !sameColumns(e.getChildren(), a.getChildren(), !list)) {
                return false;
            }
        }
        return true;
    }

    private final class CollectBuffer implements BatchWriter {
        private final CollectSink sink;
        private final Schema schema;
        private final List<VectorSchemaRoot> batches = new ArrayList<>();
        private BatchWriter flight;
        private String flightStage;

        CollectBuffer(CollectSink sink) {
            this.sink = sink;
            this.schema = sink.output().schema();
        }

        /** With Flight hand-offs, the batches of this stage's run go to the server; read them back once it ended. */
        private BatchWriter flightWriter() {
            if (flight == null) {
                flightStage = stageId;
                flight = handOffs.collect(sink, flightStage, allocator);
            }
            return flight;
        }

        synchronized void readBack() {
            if (flight != null) {
                batches.addAll(handOffs.readCollected(sink, flightStage, resultAllocator));
                flight = null;
            }
        }

        @Override
        public synchronized void write(VectorSchemaRoot batch) {
            requireNonNull(batch, "batch is null");
            try (batch) {
                if (finished) {
                    violations.add("%s received a batch of %d rows after execute returned".formatted(sink.name(), batch.getRowCount()));
                    return;
                }
                if (!sameColumns(schema.getFields(), batch.getSchema().getFields(), true)) {
                    violations.add("%s received a batch with schema %s; the plan's schema is %s"
                            .formatted(sink.name(), batch.getSchema(), schema));
                    return;
                }
                if (handOffs != null) {
                    flightWriter().write(Batches.transfer(batch, allocator));
                } else {
                    batches.add(Batches.transfer(batch, resultAllocator));
                }
            } catch (RuntimeException e) {
                violations.add("%s could not take a batch: %s".formatted(sink.name(), e));
                throw e;
            }
        }

        synchronized <T> List<T> decode(ElementType<T> type) {
            RowDecoder<T> decoder = RowDecoder.create(type);
            List<T> elements = new ArrayList<>();
            for (VectorSchemaRoot batch : batches) {
                decoder.bind(batch);
                for (int row = 0; row < batch.getRowCount(); row++) {
                    elements.add(decoder.get(row));
                }
            }
            return Collections.unmodifiableList(elements);
        }

        synchronized void close() {
            batches.forEach(VectorSchemaRoot::close);
            batches.clear();
        }
    }
}
