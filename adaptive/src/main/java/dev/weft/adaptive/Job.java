package dev.weft.adaptive;

import static java.util.Objects.requireNonNull;

import dev.weft.api.Collected;
import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.plan.CollectSink;
import dev.weft.api.plan.LogicalOperator;
import dev.weft.api.plan.Plan;
import dev.weft.api.plan.SinkOperator;
import dev.weft.api.plan.StageInputSource;
import dev.weft.api.plan.StageOutputSink;
import dev.weft.api.plan.StageSplitter;
import dev.weft.api.spi.BatchWriter;
import dev.weft.api.spi.Engine;
import dev.weft.api.spi.ExecutionSettings;
import dev.weft.api.spi.OperatorMetrics;
import dev.weft.api.spi.Stage;
import dev.weft.api.spi.StageContext;
import dev.weft.api.spi.StageInput;
import dev.weft.api.spi.StageOutput;
import dev.weft.channels.flight.FlightJobChannels;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One submitted plan: runs its stages on the engine, keeps state, results and metrics. With in-process hand-offs the
 * plan is one stage; with Flight hand-offs it is cut before every exchange and each stage's outputs (and the
 * collected results) go through the driver's Flight server, stage after stage.
 */
final class Job implements JobHandle {
    private static final Logger LOG = LoggerFactory.getLogger(Job.class);

    private final String id;
    private final Plan plan;
    private final Engine engine;
    private final BufferAllocator parentAllocator;
    private final ExecutionSettings settings;
    private final EmbeddedFlight flight;
    private final Map<Integer, OperatorCounters> counters = new LinkedHashMap<>();
    private final Map<Integer, List<Object>> results = new HashMap<>();
    private final CountDownLatch done = new CountDownLatch(1);

    private volatile JobState state = JobState.PENDING;
    private volatile boolean cancelRequested;
    private volatile WeftException failure;
    private volatile long startNanos;
    private volatile long endNanos;

    /** @param flight the Flight server every hand-off goes through, or null for in-process hand-offs */
    Job(String id, Plan plan, Engine engine, BufferAllocator parentAllocator, ExecutionSettings settings, EmbeddedFlight flight) {
        this.id = requireNonNull(id, "id is null");
        this.plan = requireNonNull(plan, "plan is null");
        this.engine = requireNonNull(engine, "engine is null");
        this.parentAllocator = requireNonNull(parentAllocator, "parentAllocator is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.flight = flight;
        for (LogicalOperator operator : plan.operators()) {
            counters.put(operator.id(), new OperatorCounters(operator, engine.name()));
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
                if (flight == null) {
                    engine.execute(new Stage(id + "/stage-1", plan.sinks()), new Context(allocator, readers, null, id + "/stage-1"));
                } else {
                    runThroughFlight(allocator, readers);
                }
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

    /** Runs the stages one after the other; each stage's outputs are complete on the server before the next starts. */
    private void runThroughFlight(BufferAllocator allocator, Map<Integer, CollectReader> readers) {
        List<Stage> stages = StageSplitter.split(plan, id, settings.parallelism(), StageSplitter::beforeExchange);
        LOG.debug("job {} runs as {} stages with Flight hand-offs through {}", id, stages.size(), flight.location().getUri());
        FlightJobChannels channels = new FlightJobChannels(flight.clients(), flight.location(), id, stages);
        try {
            for (Stage stage : stages) {
                if (cancelRequested) {
                    throw new WeftException(ErrorCode.JOB_CANCELLED, "job %s was cancelled before %s".formatted(id, stage.id()));
                }
                runStage(stage, channels, allocator, readers);
            }
        } finally {
            channels.close();
            channels.drop();
        }
    }

    private void runStage(Stage stage, FlightJobChannels channels, BufferAllocator allocator, Map<Integer, CollectReader> readers) {
        try {
            channels.openStage(stage, allocator);
            engine.execute(stage, new Context(allocator, readers, channels, stage.id()));
        } catch (RuntimeException e) {
            channels.failStage(stage.id(), e);
            throw e;
        }
        channels.completeStage(stage.id());
        for (SinkOperator sink : stage.sinks()) {
            CollectReader reader = sink instanceof CollectSink ? readers.get(sink.id()) : null;
            if (reader != null) {
                for (VectorSchemaRoot batch : channels.readCollected((CollectSink) sink, stage.id(), allocator)) {
                    reader.writer().write(batch);
                }
            }
        }
    }

    /** A collect reader that failed first makes the engine fail writing to it: the reader's error is the cause to report. */
    private static java.util.Optional<WeftException> readerFailure(Map<Integer, CollectReader> readers) {
        for (CollectReader reader : readers.values()) {
            java.util.Optional<Throwable> failure = reader.failure();
            if (failure.isPresent()) {
                Throwable cause = failure.get();
                return java.util.Optional.of(cause instanceof WeftException weft ? weft
                        : new WeftException(ErrorCode.GENERIC_INTERNAL_ERROR, "collecting results failed: " + cause, cause));
            }
        }
        return java.util.Optional.empty();
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
        return (List<T>) java.util.Collections.unmodifiableList(elements);
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

    /** What the engine sees of this job while it runs the stage. */
    private final class Context implements StageContext {
        private final BufferAllocator allocator;
        private final Map<Integer, CollectReader> readers;
        private final FlightJobChannels channels;
        private final String stageId;

        Context(BufferAllocator allocator, Map<Integer, CollectReader> readers, FlightJobChannels channels, String stageId) {
            this.allocator = allocator;
            this.readers = readers;
            this.channels = channels;
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
            return channels == null ? reader.writer() : channels.collect(sink, stageId, allocator);
        }

        @Override
        public StageInput input(StageInputSource source) {
            return requireChannels(source).input(source, allocator);
        }

        @Override
        public StageOutput output(StageOutputSink sink) {
            return requireChannels(sink).output(sink, stageId, allocator);
        }

        private FlightJobChannels requireChannels(LogicalOperator operator) {
            if (channels == null) {
                throw new WeftException(ErrorCode.GENERIC_INTERNAL_ERROR, "%s: job %s runs as one stage and has no stage channels"
                        .formatted(operator.info().describe(), id));
            }
            return channels;
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
