package dev.weft.adaptive;

import static java.util.Objects.requireNonNull;

import dev.weft.api.Collected;
import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.plan.CollectSink;
import dev.weft.api.plan.LogicalOperator;
import dev.weft.api.plan.Plan;
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
        Map<CollectSink, CollectBuffer> buffers = new IdentityHashMap<>();
        try (BufferAllocator allocator = parentAllocator.newChildAllocator(id, 0, Long.MAX_VALUE)) {
            try {
                engine.execute(new Stage(id + "/stage-1", plan.sinks()), new Context(allocator, buffers));
                for (Map.Entry<CollectSink, CollectBuffer> entry : buffers.entrySet()) {
                    results.put(entry.getKey(), entry.getValue().decode());
                }
                finalState = JobState.SUCCEEDED;
            } catch (WeftException e) {
                error = e;
                finalState = e.errorCode() == ErrorCode.JOB_CANCELLED ? JobState.CANCELLED : JobState.FAILED;
            } catch (RuntimeException | Error e) {
                error = new WeftException(ErrorCode.GENERIC_INTERNAL_ERROR, "job %s failed inside Weft: %s".formatted(id, e), e);
                finalState = JobState.FAILED;
            } finally {
                buffers.values().forEach(CollectBuffer::close);
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
        private final Map<CollectSink, CollectBuffer> buffers;

        Context(BufferAllocator allocator, Map<CollectSink, CollectBuffer> buffers) {
            this.allocator = allocator;
            this.buffers = buffers;
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
            synchronized (buffers) {
                return buffers.computeIfAbsent(sink, s -> new CollectBuffer(s.output().elementType()));
            }
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
