package dev.weft.adaptive;

import static java.util.Objects.requireNonNull;

import dev.weft.api.Collected;
import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.plan.CollectSink;
import dev.weft.api.plan.LogicalOperator;
import dev.weft.api.plan.Plan;
import dev.weft.api.plan.SinkOperator;
import dev.weft.api.spi.BatchWriter;
import dev.weft.api.spi.Engine;
import dev.weft.api.spi.ExecutionSettings;
import dev.weft.api.spi.OperatorMetrics;
import dev.weft.api.spi.Stage;
import dev.weft.api.spi.StageContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One submitted plan: runs its stage on the engine, keeps state, results and metrics. */
final class Job implements JobHandle {
    private static final Logger LOG = LoggerFactory.getLogger(Job.class);

    private final String id;
    private final Plan plan;
    private final Engine engine;
    private final BufferAllocator parentAllocator;
    private final ExecutionSettings settings;
    private final Map<LogicalOperator, OperatorCounters> counters = new LinkedHashMap<>();
    private final Map<CollectSink, List<Object>> results = new IdentityHashMap<>();
    private final CountDownLatch done = new CountDownLatch(1);

    private volatile JobState state = JobState.PENDING;
    private volatile boolean cancelRequested;
    private volatile WeftException failure;
    private volatile long startNanos;
    private volatile long endNanos;

    Job(String id, Plan plan, Engine engine, BufferAllocator parentAllocator, ExecutionSettings settings) {
        this.id = requireNonNull(id, "id is null");
        this.plan = requireNonNull(plan, "plan is null");
        this.engine = requireNonNull(engine, "engine is null");
        this.parentAllocator = requireNonNull(parentAllocator, "parentAllocator is null");
        this.settings = requireNonNull(settings, "settings is null");
        for (LogicalOperator operator : plan.operators()) {
            counters.put(operator, new OperatorCounters(operator, engine.name()));
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
        Map<CollectSink, CollectReader> readers = new IdentityHashMap<>();
        try (BufferAllocator allocator = parentAllocator.newChildAllocator(id, 0, Long.MAX_VALUE)) {
            try {
                for (SinkOperator sink : plan.sinks()) {
                    if (sink instanceof CollectSink collect) {
                        readers.put(collect, new CollectReader("%s-collect-%d".formatted(id, collect.id()), collect.output().elementType()));
                    }
                }
                engine.execute(new Stage(id + "/stage-1", plan.sinks()), new Context(allocator, readers));
                for (Map.Entry<CollectSink, CollectReader> entry : readers.entrySet()) {
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

    /** A collect reader that failed first makes the engine fail writing to it: the reader's error is the cause to report. */
    private static java.util.Optional<WeftException> readerFailure(Map<CollectSink, CollectReader> readers) {
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
        List<Object> elements = results.get(handle.sink());
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
        private final Map<CollectSink, CollectReader> readers;

        Context(BufferAllocator allocator, Map<CollectSink, CollectReader> readers) {
            this.allocator = allocator;
            this.readers = readers;
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
            CollectReader reader = readers.get(sink);
            if (reader == null) {
                throw new WeftException(ErrorCode.GENERIC_INTERNAL_ERROR, "%s is not a collect sink of job %s".formatted(sink.info().describe(), id));
            }
            return reader.writer();
        }

        @Override
        public OperatorMetrics metrics(LogicalOperator operator) {
            OperatorCounters counter = counters.get(operator);
            return counter != null ? counter : OperatorMetrics.NONE;
        }

        @Override
        public boolean isCancelled() {
            return cancelRequested;
        }
    }
}
