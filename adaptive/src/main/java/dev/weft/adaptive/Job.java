package dev.weft.adaptive;

import static java.util.Objects.requireNonNull;

import dev.weft.adaptive.StageRouting.ChannelKind;
import dev.weft.api.Collected;
import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.plan.CollectSink;
import dev.weft.api.plan.LogicalOperator;
import dev.weft.api.plan.Plan;
import dev.weft.api.plan.SinkOperator;
import dev.weft.api.plan.StageInputSource;
import dev.weft.api.plan.StageOutputSink;
import dev.weft.api.spi.BatchWriter;
import dev.weft.api.spi.Engine;
import dev.weft.api.spi.ExecutionSettings;
import dev.weft.api.spi.OperatorMetrics;
import dev.weft.api.spi.Stage;
import dev.weft.api.spi.StageContext;
import dev.weft.api.spi.StageInput;
import dev.weft.api.spi.StageOutput;
import dev.weft.channels.flight.FlightJobChannels;
import dev.weft.channels.local.InProcessJobChannels;
import dev.weft.optimizer.PlacedPlan;
import dev.weft.optimizer.explain.PlanExplain;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One submitted plan, placed by the optimizer: runs its stages one after the other, each on the engine of its
 * operators, and keeps state, results and metrics. A plan on one engine with in-process hand-offs is one stage. Cut
 * edges go through in-process channels (batches by reference) or the driver's Flight server, as {@link StageRouting}
 * says; collect sinks write straight to the driver's readers, except with {@code weft.channel=flight}, where collected
 * batches go through Flight too.
 */
final class Job implements JobHandle {
    private static final Logger LOG = LoggerFactory.getLogger(Job.class);

    private final String id;
    private final PlacedPlan placed;
    private final Plan plan;
    private final Map<String, Engine> engines;
    private final BufferAllocator parentAllocator;
    private final ExecutionSettings settings;
    private final HandOffs mode;
    private final Supplier<EmbeddedFlight> flight;
    private final Map<Integer, OperatorCounters> counters = new LinkedHashMap<>();
    private final Map<Integer, List<Object>> results = new HashMap<>();
    private final CountDownLatch done = new CountDownLatch(1);

    private volatile JobState state = JobState.PENDING;
    private volatile boolean cancelRequested;
    private volatile WeftException failure;
    private volatile long startNanos;
    private volatile long endNanos;

    /**
     * @param engines the engine of every name the placement uses, already started
     * @param flight the driver's Flight server, started on first use
     */
    Job(String id, PlacedPlan placed, Map<String, Engine> engines, BufferAllocator parentAllocator, ExecutionSettings settings,
        HandOffs mode, Supplier<EmbeddedFlight> flight) {
        this.id = requireNonNull(id, "id is null");
        this.placed = requireNonNull(placed, "placed is null");
        this.plan = placed.plan();
        this.engines = Map.copyOf(requireNonNull(engines, "engines is null"));
        this.parentAllocator = requireNonNull(parentAllocator, "parentAllocator is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.mode = requireNonNull(mode, "mode is null");
        this.flight = requireNonNull(flight, "flight is null");
        for (LogicalOperator operator : plan.operators()) {
            counters.put(operator.id(), new OperatorCounters(operator, placed.engineOf(operator)));
        }
    }

    void run() {
        synchronized (this) {
            if (state != JobState.PENDING) {
                return;
            }
            state = JobState.RUNNING;
            startNanos = System.nanoTime();
        }
        JobState finalState;
        WeftException error = null;
        Map<Integer, CollectReader> readers = new HashMap<>();
        try (BufferAllocator allocator = parentAllocator.newChildAllocator(id, 0, Long.MAX_VALUE)) {
            try {
                for (SinkOperator sink : plan.sinks()) {
                    if (sink instanceof CollectSink collect) {
                        readers.put(collect.id(), new CollectReader("%s-collect-%d".formatted(id, collect.id()), collect.output().elementType()));
                    }
                }
                runStages(allocator, readers);
                for (Map.Entry<Integer, CollectReader> entry : readers.entrySet()) {
                    results.put(entry.getKey(), entry.getValue().finish());
                }
                finalState = JobState.SUCCEEDED;
            } catch (WeftException e) {
                error = readerFailure(readers).orElse(e);
                finalState = error.errorCode() == ErrorCode.JOB_CANCELLED ? JobState.CANCELLED : JobState.FAILED;
            } catch (RuntimeException | Error e) {
                error = new WeftException(ErrorCode.GENERIC_INTERNAL_ERROR, "job %s failed inside Weft: %s".formatted(id, e), e);
                finalState = JobState.FAILED;
            } finally {
                for (CollectReader reader : readers.values()) {
                    if (error != null) {
                        reader.abort(error);
                    }
                    reader.close();
                }
            }
            long leaked = allocator.getAllocatedMemory();
            if (leaked != 0) {
                LOG.error("job {} leaked {} bytes of Arrow memory:\n{}", id, leaked, allocator.toVerboseString());
                if (error == null) {
                    error = new WeftException(ErrorCode.MEMORY_LEAK, "job %s left %d bytes of Arrow memory unreleased; this is a bug in Weft"
                            .formatted(id, leaked));
                    finalState = JobState.FAILED;
                }
            }
        } catch (IllegalStateException e) {
            // the allocator refused to close (a leak, already reported above)
            finalState = JobState.FAILED;
            if (error == null) {
                error = new WeftException(ErrorCode.MEMORY_LEAK, "job %s: %s".formatted(id, e.getMessage()), e);
            }
        }
        finish(finalState, error);
    }

    /** Runs the stages one after the other; each stage's outputs are complete before the next stage starts. */
    private void runStages(BufferAllocator allocator, Map<Integer, CollectReader> readers) {
        StageRouting routing = StageRouting.of(placed, id, settings.parallelism(), mode);
        List<Stage> stages = routing.stages();
        if (stages.size() > 1 || mode == HandOffs.FLIGHT) {
            LOG.debug("job {} runs as {} stages on {}: {}", id, stages.size(), placed.enginesUsed(), routing.engineOfStage());
        }
        boolean throughFlight = mode == HandOffs.FLIGHT || routing.uses(ChannelKind.FLIGHT);
        InProcessJobChannels local = routing.uses(ChannelKind.IN_PROCESS) ? new InProcessJobChannels(id, stages) : null;
        FlightJobChannels remote = null;
        try {
            if (throughFlight) {
                EmbeddedFlight server = flight.get();
                remote = new FlightJobChannels(server.clients(), server.location(), id, stages);
            }
            Bindings bindings = new Bindings(routing, local, remote);
            for (int index = 0; index < stages.size(); index++) {
                Stage stage = stages.get(index);
                if (cancelRequested) {
                    throw new WeftException(ErrorCode.JOB_CANCELLED, "job %s was cancelled before %s".formatted(id, stage.id()));
                }
                runStage(stage, engines.get(routing.engineOfStage().get(stage.id())), bindings, allocator, readers);
                if (local != null) {
                    for (Map.Entry<String, Integer> last : routing.lastReader().entrySet()) {
                        if (last.getValue() == index && routing.kindOf(last.getKey()) == ChannelKind.IN_PROCESS) {
                            local.release(last.getKey());
                        }
                    }
                }
            }
        } finally {
            if (local != null) {
                local.close();
            }
            if (remote != null) {
                remote.close();
                remote.drop();
            }
        }
    }

    /** Opens the stage's outputs, runs it on its engine, completes (or fails) its outputs, and reads back what it collected through Flight. */
    private void runStage(Stage stage, Engine engine, Bindings bindings, BufferAllocator allocator, Map<Integer, CollectReader> readers) {
        if (engine == null) {
            throw new WeftException(ErrorCode.GENERIC_INTERNAL_ERROR, "no engine was started for %s; this is a bug in Weft".formatted(stage.id()));
        }
        try {
            bindings.open(stage, allocator);
            engine.execute(stage, new Context(allocator, readers, bindings, stage.id()));
        } catch (RuntimeException e) {
            bindings.fail(stage.id(), e);
            throw e;
        }
        bindings.complete(stage.id());
        if (mode == HandOffs.FLIGHT) {
            for (SinkOperator sink : stage.sinks()) {
                CollectReader reader = sink instanceof CollectSink ? readers.get(sink.id()) : null;
                if (reader != null) {
                    for (VectorSchemaRoot batch : bindings.remote.readCollected((CollectSink) sink, stage.id(), allocator)) {
                        reader.writer().write(batch);
                    }
                }
            }
        }
    }

    /** A collect reader that failed first makes the engine fail writing to it: the reader's error is the cause to report. */
    private static Optional<WeftException> readerFailure(Map<Integer, CollectReader> readers) {
        for (CollectReader reader : readers.values()) {
            Optional<Throwable> failure = reader.failure();
            if (failure.isPresent()) {
                Throwable cause = failure.get();
                return Optional.of(cause instanceof WeftException weft ? weft
                        : new WeftException(ErrorCode.GENERIC_INTERNAL_ERROR, "collecting results failed: " + cause, cause));
            }
        }
        return Optional.empty();
    }

    private synchronized void finish(JobState finalState, WeftException error) {
        failure = error;
        endNanos = System.nanoTime();
        state = finalState;
        done.countDown();
        if (error != null && finalState == JobState.FAILED) {
            LOG.debug("job {} failed", id, error);
        }
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public JobState state() {
        return state;
    }

    @Override
    public PlacedPlan placement() {
        return placed;
    }

    @Override
    public String explain() {
        Map<Integer, Long> observed = new HashMap<>();
        for (OperatorCounters counter : counters.values()) {
            OperatorMetricsSnapshot snapshot = counter.snapshot();
            observed.put(snapshot.operatorId(), snapshot.rows());
        }
        return PlanExplain.text(placed, observed);
    }

    @Override
    public void await() {
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WeftException(ErrorCode.JOB_CANCELLED, "interrupted while waiting for job " + id, e);
        }
        rethrowFailure();
    }

    @Override
    public boolean await(Duration timeout) {
        try {
            if (!done.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                return false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WeftException(ErrorCode.JOB_CANCELLED, "interrupted while waiting for job " + id, e);
        }
        rethrowFailure();
        return true;
    }

    private void rethrowFailure() {
        WeftException error = failure;
        if (error != null) {
            throw new WeftException(error.errorCode(), error.getMessage(), error);
        }
    }

    @Override
    public void cancel() {
        cancelRequested = true;
        synchronized (this) {
            if (state == JobState.PENDING) {
                startNanos = System.nanoTime();
                finish(JobState.CANCELLED, new WeftException(ErrorCode.JOB_CANCELLED, "job %s was cancelled before it started".formatted(id)));
            }
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> List<T> collected(Collected<T> handle) {
        requireNonNull(handle, "handle is null");
        if (state != JobState.SUCCEEDED) {
            throw new WeftException(ErrorCode.INVALID_ARGUMENT, "job %s is %s; results are there once it SUCCEEDED (call await() first)"
                    .formatted(id, state));
        }
        // ids are unique within one plan only: the handle must be one of this plan's own sinks
        boolean ours = plan.sinks().stream().anyMatch(sink -> sink == handle.sink());
        List<Object> elements = ours ? results.get(handle.sink().id()) : null;
        if (elements == null) {
            throw new WeftException(ErrorCode.INVALID_ARGUMENT, "%s is not a collect sink of job %s; use the handle its pipeline's collect() returned"
                    .formatted(handle.sink().info().describe(), id));
        }
        return (List<T>) Collections.unmodifiableList(elements);
    }

    @Override
    public List<OperatorMetricsSnapshot> metrics() {
        List<OperatorMetricsSnapshot> snapshots = new ArrayList<>(counters.size());
        for (OperatorCounters counter : counters.values()) {
            snapshots.add(counter.snapshot());
        }
        return snapshots;
    }

    @Override
    public Duration elapsed() {
        long start = startNanos;
        if (start == 0) {
            return Duration.ZERO;
        }
        long end = state.isDone() ? endNanos : System.nanoTime();
        return Duration.ofNanos(end - start);
    }

    @Override
    public String toString() {
        return "Job[%s %s %s]".formatted(id, plan.name(), state);
    }

    /** The channels of one run, and which of them each cut edge uses. */
    private final class Bindings {
        private final StageRouting routing;
        private final InProcessJobChannels local;
        private final FlightJobChannels remote;

        Bindings(StageRouting routing, InProcessJobChannels local, FlightJobChannels remote) {
            this.routing = routing;
            this.local = local;
            this.remote = remote;
        }

        void open(Stage stage, BufferAllocator allocator) {
            for (SinkOperator sink : stage.sinks()) {
                if (sink instanceof StageOutputSink output) {
                    if (routing.kindOf(output.channel()) == ChannelKind.IN_PROCESS) {
                        local.output(output, stage.id());
                    } else {
                        remote.output(output, stage.id(), allocator);
                    }
                }
            }
        }

        void complete(String stageId) {
            if (local != null) {
                local.completeStage(stageId);
            }
            if (remote != null) {
                remote.completeStage(stageId);
            }
        }

        void fail(String stageId, RuntimeException cause) {
            if (local != null) {
                local.failStage(stageId, cause);
            }
            if (remote != null) {
                remote.failStage(stageId, cause);
            }
        }

        StageInput input(StageInputSource source, BufferAllocator allocator) {
            return routing.kindOf(source.channel()) == ChannelKind.IN_PROCESS ? local.input(source, allocator) : remote.input(source, allocator);
        }

        StageOutput output(StageOutputSink sink, String stageId, BufferAllocator allocator) {
            return routing.kindOf(sink.channel()) == ChannelKind.IN_PROCESS ? local.output(sink, stageId) : remote.output(sink, stageId, allocator);
        }
    }

    /** What the engine sees of this job while it runs the stage. */
    private final class Context implements StageContext {
        private final BufferAllocator allocator;
        private final Map<Integer, CollectReader> readers;
        private final Bindings bindings;
        private final String stageId;

        Context(BufferAllocator allocator, Map<Integer, CollectReader> readers, Bindings bindings, String stageId) {
            this.allocator = allocator;
            this.readers = readers;
            this.bindings = bindings;
            this.stageId = stageId;
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
            CollectReader reader = readers.get(sink.id());
            if (reader == null) {
                throw new WeftException(ErrorCode.GENERIC_INTERNAL_ERROR, "%s is not a collect sink of job %s".formatted(sink.info().describe(), id));
            }
            return mode == HandOffs.FLIGHT ? bindings.remote.collect(sink, stageId, allocator) : reader.writer();
        }

        @Override
        public StageInput input(StageInputSource source) {
            requireRouted(source, source.channel());
            return bindings.input(source, allocator);
        }

        @Override
        public StageOutput output(StageOutputSink sink) {
            requireRouted(sink, sink.channel());
            return bindings.output(sink, stageId, allocator);
        }

        private void requireRouted(LogicalOperator operator, String channel) {
            if (!bindings.routing.channelKinds().containsKey(channel)) {
                throw new WeftException(ErrorCode.GENERIC_INTERNAL_ERROR, "%s: job %s has no stage channel '%s'"
                        .formatted(operator.info().describe(), id, channel));
            }
        }

        @Override
        public OperatorMetrics metrics(LogicalOperator operator) {
            OperatorCounters counter = counters.get(operator.id());
            return counter != null ? counter : OperatorMetrics.NONE;
        }

        @Override
        public boolean isCancelled() {
            return cancelRequested;
        }
    }
}
