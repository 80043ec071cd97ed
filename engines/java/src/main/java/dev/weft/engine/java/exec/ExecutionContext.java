package dev.weft.engine.java.exec;

import static java.util.Objects.requireNonNull;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.plan.LogicalOperator;
import dev.weft.api.spi.ExecutionSettings;
import dev.weft.api.spi.OperatorMetrics;
import dev.weft.api.spi.StageContext;
import dev.weft.kernels.memory.MemoryBudget;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Everything the physical operators of one stage share: the stage's allocator, settings and memory budget (of which
 * buffered data may hold half), the operator metrics, the engine's worker threads and the stage's first failure. Thread-safe.
 *
 * <p>Parallel work runs through {@link #runTasks}, called only from the thread that drives the stage: tasks never
 * wait for other tasks, so a fixed pool cannot deadlock. The first failing task records its exception; every other
 * task sees it at its next {@link #checkCancelled} and stops.
 */
public final class ExecutionContext {
    private final String stageId;
    private final StageContext stage;
    private final ExecutionSettings settings;
    private final ExecutorService workers;
    private final MemoryBudget memoryBudget;
    private final BufferMemory bufferMemory;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Map<LogicalOperator, OperatorMetrics> metrics = Collections.synchronizedMap(new IdentityHashMap<>());
    private volatile boolean streaming;

    public ExecutionContext(String stageId, StageContext stage, ExecutorService workers) {
        this.stageId = requireNonNull(stageId, "stageId is null");
        this.stage = requireNonNull(stage, "stage is null");
        this.workers = requireNonNull(workers, "workers is null");
        this.settings = requireNonNull(stage.settings(), "stage settings are null");
        this.memoryBudget = new MemoryBudget(settings.memoryBudgetBytes());
        this.bufferMemory = BufferMemory.halfOf(memoryBudget);
    }

    public String stageId() {
        return stageId;
    }

    public StageContext stage() {
        return stage;
    }

    public BufferAllocator allocator() {
        return stage.allocator();
    }

    public ExecutionSettings settings() {
        return settings;
    }

    /** Partitions that run at once: the number of partitions a repartitioning operator produces. */
    public int parallelism() {
        return settings.parallelism();
    }

    /** Target rows per batch. */
    public int batchSize() {
        return settings.batchSize();
    }

    public MemoryBudget memoryBudget() {
        return memoryBudget;
    }

    public Path spillDirectory() {
        return settings.spillDirectory();
    }

    /** The share of the memory budget that data buffered between operators may hold (half of it). */
    public BufferMemory bufferMemory() {
        return bufferMemory;
    }

    /** A new buffer for batches an operator holds for a later consumer, spilling beyond {@link #bufferMemory}. */
    public SpillableBatchBuffer newBuffer() {
        return new SpillableBatchBuffer(bufferMemory, spillDirectory(), allocator());
    }

    /**
     * Whether the stage reads a stream: operators then push what an input batch produced before taking the next one
     * (no batching across input batches), so that a batch a source returned has reached the sinks when it reads on.
     */
    public boolean streaming() {
        return streaming;
    }

    /** Marks the stage as reading a stream (before it runs). */
    public void markStreaming() {
        streaming = true;
    }

    public OperatorMetrics metrics(LogicalOperator operator) {
        if (operator == null) {
            return OperatorMetrics.NONE;
        }
        return metrics.computeIfAbsent(operator, stage::metrics);
    }

    /** Throws when the stage was cancelled (JOB_CANCELLED) or another task failed; called between batches. */
    public void checkCancelled() {
        if (failure.get() != null) {
            throw new TaskAbortedException();
        }
        if (stage.isCancelled()) {
            throw new WeftException(ErrorCode.JOB_CANCELLED,
                    "stage '%s' was cancelled; its partial results were discarded".formatted(stageId));
        }
    }

    /**
     * Runs {@code task} for 0..count-1 on the worker threads and waits for all of them, also after a failure; then
     * throws the first failure, as a WeftException. Call it from the driving thread only.
     */
    public void runTasks(int count, IntConsumer task) {
        checkCancelled();
        if (count == 1 || WorkerThreads.isWorker()) {
            for (int i = 0; i < count; i++) {
                runTask(task, i);
            }
        } else {
            List<Future<?>> futures = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int index = i;
                futures.add(workers.submit(() -> runTask(task, index)));
            }
            awaitAll(futures);
        }
        Throwable first = failure.get();
        if (first != null) {
            throw Failures.asWeftException(first, stageId);
        }
    }

    /** Records a failure that did not happen inside a task (the first one wins). */
    public void fail(Throwable cause) {
        failure.compareAndSet(null, cause);
    }

    private void runTask(IntConsumer task, int index) {
        if (failure.get() != null) {
            return;
        }
        try {
            task.accept(index);
        } catch (TaskAbortedException e) {
            // another task failed first; that failure is the one reported
        } catch (Throwable t) {
            failure.compareAndSet(null, t);
        }
    }

    private void awaitAll(List<Future<?>> futures) {
        boolean interrupted = false;
        for (Future<?> future : futures) {
            while (true) {
                try {
                    future.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                    failure.compareAndSet(null, new WeftException(ErrorCode.JOB_CANCELLED,
                            "stage '%s' was interrupted; its partial results were discarded".formatted(stageId)));
                } catch (ExecutionException e) {
                    failure.compareAndSet(null, e.getCause());
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
