package dev.weft.engine.java.physical;

import dev.weft.api.function.LoopCondition;
import dev.weft.api.plan.DoWhileOperator;
import dev.weft.api.plan.LogicalOperator;
import dev.weft.api.plan.LoopBody;
import dev.weft.api.plan.RepeatOperator;
import dev.weft.api.types.ElementType;
import dev.weft.channels.RowDecoder;
import dev.weft.engine.java.exec.BatchSink;
import dev.weft.engine.java.exec.ExecutionContext;
import dev.weft.engine.java.exec.MaterializedPartitions;
import dev.weft.engine.java.exec.UserFunctions;
import java.util.ArrayList;
import java.util.List;

/**
 * repeat / doWhile: the loop input is materialized (spilled beyond the buffer budget); each iteration plans the body afresh with its LoopInput
 * reading the current data, runs it to completion and keeps its result (spread over P partitions) as the next
 * input. doWhile asks its condition after every iteration, with the decoded result, up to maxIterations times.
 */
public final class LoopNode extends PhysicalNode {
    private final PhysicalNode input;
    private final LoopBody body;
    private final int iterations;
    private final LoopCondition<Object> condition;
    private final ElementType<Object> type;
    private final SubPlanner planner;
    private MaterializedPartitions current;

    @SuppressWarnings("unchecked")
    private LoopNode(ExecutionContext context, LogicalOperator operator, LoopBody body, int iterations, LoopCondition<Object> condition,
                     PhysicalNode input, SubPlanner planner) {
        super(context, operator, operator.schema(), context.parallelism(), List.of(input));
        this.input = input;
        this.body = body;
        this.iterations = iterations;
        this.condition = condition;
        this.type = (ElementType<Object>) operator.output().elementType();
        this.planner = planner;
    }

    public static LoopNode repeat(ExecutionContext context, RepeatOperator operator, PhysicalNode input, SubPlanner planner) {
        return new LoopNode(context, operator, operator.body(), operator.times(), null, input, planner);
    }

    @SuppressWarnings("unchecked")
    public static LoopNode doWhile(ExecutionContext context, DoWhileOperator operator, PhysicalNode input, SubPlanner planner) {
        return new LoopNode(context, operator, operator.body(), operator.maxIterations(),
                (LoopCondition<Object>) operator.condition().function(), input, planner);
    }

    @Override
    public void prepare() {
        current = spread(PhysicalPlans.materialize(input, context));
        for (int iteration = 1; iteration <= iterations; iteration++) {
            context.checkCancelled();
            MaterializedPartitions next;
            try (SubPlanner.SubPlan plan = planner.plan(body.result(), body.start(), current)) {
                PhysicalPlans.prepare(plan.root(), context);
                next = spread(PhysicalPlans.materialize(plan.root(), context));
            }
            current.close();
            current = next;
            if (condition != null && !continueLoop(iteration)) {
                break;
            }
        }
    }

    private MaterializedPartitions spread(MaterializedPartitions data) {
        try (data) {
            return data.rebalance(partitionCount());
        }
    }

    private boolean continueLoop(int iteration) {
        List<Object> result = new ArrayList<>();
        RowDecoder<Object> decoder = RowDecoder.create(type);
        for (int p = 0; p < current.partitionCount(); p++) {
            current.visit(p, batch -> {
                decoder.bind(batch);
                for (int row = 0; row < batch.getRowCount(); row++) {
                    result.add(decoder.get(row));
                }
                return true;
            });
        }
        try {
            return condition.continueLoop(iteration, result);
        } catch (Exception e) {
            throw UserFunctions.failed(operator(), "the loop condition after iteration %d".formatted(iteration), e);
        }
    }

    @Override
    public void execute(int partition, BatchSink out) {
        current.read(partition, context, metered(out));
    }

    @Override
    public void close() {
        if (current != null) {
            current.close();
        }
    }
}
