package dev.weft.engine.java;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.plan.CallbackSink;
import dev.weft.api.plan.FilterOperator;
import dev.weft.api.plan.FlatMapOperator;
import dev.weft.api.plan.LogicalOperator;
import dev.weft.api.plan.MapOperator;
import dev.weft.api.plan.ProjectOperator;
import dev.weft.api.plan.UnionOperator;
import dev.weft.api.plan.WatermarkOperator;
import dev.weft.api.spi.Stage;
import dev.weft.engine.java.connect.Connectors;
import dev.weft.engine.java.exec.ExecutionContext;
import dev.weft.engine.java.physical.ConnectorSourceNode;
import dev.weft.engine.java.physical.PhysicalNode;
import dev.weft.engine.java.physical.PhysicalPlans;
import dev.weft.engine.java.physical.SinkNode;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Unbounded stages of the Java engine: streams read from connector sources (Kafka) through stateless operators
 * (filter, map, flatMap, project, union, watermark) into connector sinks or forEach, until the job is cancelled.
 * Every split of a stream is read by its own thread for the whole run, so the splits must fit the parallelism;
 * each sink's pipeline is driven by a thread of its own.
 */
final class UnboundedStages {
    /** What runs on a stream besides connector sources and sinks: stateless operators, one record at a time. */
    static final Set<Class<? extends LogicalOperator>> STREAMING_OPERATORS = Set.of(FilterOperator.class, MapOperator.class,
            FlatMapOperator.class, ProjectOperator.class, UnionOperator.class, WatermarkOperator.class, CallbackSink.class);

    private UnboundedStages() {}

    /** Whether the stage reads a stream; throws when the Java engine cannot run it. */
    static boolean check(Stage stage) {
        Map<LogicalOperator, Integer> consumers = new IdentityHashMap<>();
        List<LogicalOperator> operators = stage.operators();
        for (LogicalOperator operator : operators) {
            for (LogicalOperator input : operator.inputs()) {
                consumers.merge(input, 1, Integer::sum);
            }
        }
        boolean unbounded = false;
        for (LogicalOperator operator : operators) {
            if (operator.output().bounded()) {
                continue;
            }
            unbounded = true;
            if (!streamable(operator)) {
                throw new WeftException(ErrorCode.UNSUPPORTED_OPERATION, ("%s: the Java engine runs bounded datasets in this version, "
                        + "and streams only from connector sources (Kafka) through filter, map, flatMap, project and union into "
                        + "connector sinks or forEach; bound the input (a count, offsets) or run the stream on Flink")
                        .formatted(operator.info().describe()));
            }
            int readers = consumers.getOrDefault(operator, 0);
            if (readers > 1) {
                throw new WeftException(ErrorCode.UNSUPPORTED_OPERATION, ("%s: the stream is read by %d operators; the Java engine "
                        + "reads a stream into one chain of operators in this version: read the source once per consumer "
                        + "or run the stream on Flink").formatted(operator.info().describe(), readers));
            }
        }
        return unbounded;
    }

    private static boolean streamable(LogicalOperator operator) {
        return Connectors.forOperator(operator).isPresent() || STREAMING_OPERATORS.stream().anyMatch(type -> type.isInstance(operator));
    }

    /** Runs every sink's pipeline until the sources end or the stage is cancelled or fails. */
    static void run(List<SinkNode> sinks, List<PhysicalNode> nodes, ExecutionContext context) {
        int splits = 0;
        for (PhysicalNode node : nodes) {
            if (node instanceof ConnectorSourceNode && !node.operator().output().bounded()) {
                splits += node.partitionCount();
            }
        }
        if (splits > context.parallelism()) {
            throw new WeftException(ErrorCode.UNSUPPORTED_OPERATION, ("stage '%s' reads %d splits of unbounded sources but the Java "
                    + "engine runs %d tasks at once: every split of a stream needs a thread for the whole run; raise the "
                    + "parallelism to at least %d").formatted(context.stageId(), splits, context.parallelism(), splits));
        }
        if (sinks.size() == 1) {
            PhysicalPlans.prepare(sinks.get(0), context);
            return;
        }
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (SinkNode sink : sinks) {
            Thread thread = new Thread(() -> {
                try {
                    PhysicalPlans.prepare(sink, context);
                } catch (RuntimeException e) {
                    context.fail(e);
                    failure.compareAndSet(null, e);
                } catch (Error e) {
                    context.fail(e);
                    failure.compareAndSet(null, new IllegalStateException(e.toString(), e));
                }
            }, "weft-java-stream-" + context.stageId() + "-" + threads.size());
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        try {
            for (Thread thread : threads) {
                thread.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            WeftException cancelled = new WeftException(ErrorCode.JOB_CANCELLED,
                    "stage '%s' was interrupted; its partial results were discarded".formatted(context.stageId()));
            context.fail(cancelled);
            throw cancelled;
        }
        if (failure.get() != null) {
            throw failure.get();
        }
    }
}
