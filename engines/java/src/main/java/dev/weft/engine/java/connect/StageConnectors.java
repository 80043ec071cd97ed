package dev.weft.engine.java.connect;

import static java.util.Objects.requireNonNull;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.plan.LogicalOperator;
import dev.weft.api.spi.ConnectorContext;
import dev.weft.api.spi.ConnectorSink;
import dev.weft.api.spi.ExecutionSettings;
import dev.weft.engine.java.exec.ExecutionContext;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.apache.arrow.memory.BufferAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connectors of one stage run: the open connector sinks, the batches on their way from a connector reader to the
 * sinks, and whether the stage committed; gives each connector source its {@link ConnectorContext}. Thread-safe.
 *
 * <p>{@link ConnectorContext#awaitDurable()}: a source node holds a read lock from the moment its reader returned a
 * batch until the batch has been pushed through the operators of its pipeline; awaitDurable takes the write lock (so
 * no batch is between a reader and the sinks) and flushes every sink. For chains of stateless operators (filter, map,
 * flatMap, project, union: all an unbounded stage may hold) a batch pushed through has reached every sink, so every
 * record a reader returned before calling awaitDurable is durable when it returns. A stateful operator (aggregate,
 * sort, join) keeps rows after the push returns: in a bounded stage with one, only the end of the stage makes them
 * durable, so a reader must commit its positions in {@code close()}: the engine closes readers after the stage
 * committed (awaitDurable then returns at once) or failed (awaitDurable then throws).
 */
public final class StageConnectors {
    private static final Logger LOG = LoggerFactory.getLogger(StageConnectors.class);

    private enum State { RUNNING, COMMITTED, FAILED }

    private final ExecutionContext context;
    private final Map<String, String> properties;
    private final List<ConnectorSink> sinks = new CopyOnWriteArrayList<>();
    private final ReentrantReadWriteLock pushes = new ReentrantReadWriteLock();
    private final Map<String, LongAdder> skipped = new ConcurrentHashMap<>();
    private volatile State state = State.RUNNING;
    private volatile Throwable failure;

    public StageConnectors(ExecutionContext context, Map<String, String> properties) {
        this.context = requireNonNull(context, "context is null");
        this.properties = Map.copyOf(requireNonNull(properties, "properties is null"));
    }

    /** The context a connector gets for {@code operator} (a source or a sink). */
    public ConnectorContext contextFor(LogicalOperator operator) {
        String name = operator.info().describe();
        return new ConnectorContext() {
            @Override
            public BufferAllocator allocator() {
                return context.allocator();
            }

            @Override
            public ExecutionSettings settings() {
                return context.settings();
            }

            @Override
            public Map<String, String> properties() {
                return properties;
            }

            @Override
            public boolean isCancelled() {
                return StageConnectors.this.isCancelled();
            }

            @Override
            public void awaitDurable() {
                StageConnectors.this.awaitDurable();
            }

            @Override
            public void countSkipped(String reason, long records) {
                skipped.computeIfAbsent("%s: %s".formatted(name, reason), key -> new LongAdder()).add(records);
                context.metrics(operator).addSkipped(records);
            }
        };
    }

    /** A sink the stage writes to, flushed by awaitDurable. */
    public void register(ConnectorSink sink) {
        sinks.add(requireNonNull(sink, "sink is null"));
    }

    /** Called by a source node when its reader returned a batch, before pushing it downstream. */
    public void beginPush() {
        pushes.readLock().lock();
    }

    /** Called by a source node once the batch was pushed through (also after a failure). */
    public void endPush() {
        pushes.readLock().unlock();
    }

    /** Every sink of the stage committed: readers may commit their positions. */
    public void markCommitted() {
        state = State.COMMITTED;
    }

    /** The stage failed or was cancelled: nothing written since the last flush is durable. */
    public void markFailed(Throwable cause) {
        failure = cause;
        state = State.FAILED;
    }

    /** Records skipped by connectors so far, by "operator: reason". */
    public Map<String, Long> skipped() {
        Map<String, Long> counts = new java.util.TreeMap<>();
        skipped.forEach((key, count) -> counts.put(key, count.sum()));
        return counts;
    }

    /** Logs what connectors skipped, if anything. */
    public void logSkipped() {
        skipped().forEach((key, count) -> LOG.warn("stage {}: {} record(s) skipped by {}", context.stageId(), count, key));
    }

    boolean isCancelled() {
        if (state == State.FAILED || context.stage().isCancelled()) {
            return true;
        }
        try {
            context.checkCancelled();
            return false;
        } catch (RuntimeException e) {
            return true;
        }
    }

    void awaitDurable() {
        State now = state;
        if (now == State.COMMITTED) {
            return;
        }
        if (now == State.FAILED) {
            throw failedError();
        }
        pushes.writeLock().lock();
        try {
            for (ConnectorSink sink : sinks) {
                sink.flush();
            }
        } finally {
            pushes.writeLock().unlock();
        }
        if (state == State.FAILED) {
            throw failedError();
        }
    }

    private WeftException failedError() {
        WeftException error = new WeftException(ErrorCode.JOB_CANCELLED,
                "stage '%s' failed or was cancelled: what it wrote since the last flush is not durable; do not commit source positions"
                        .formatted(context.stageId()));
        if (failure != null) {
            error.addSuppressed(failure);
        }
        return error;
    }
}
