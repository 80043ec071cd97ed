package dev.weft.api.plan;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import java.util.HashSet;
import java.util.Set;

/**
 * Checks what the builder cannot check operator by operator: unique ids, and the streaming rules (an aggregation,
 * distinct, sort or join over an unbounded input needs a window, so its result is ever complete).
 */
public final class PlanValidator {
    private PlanValidator() {}

    public static void validate(Plan plan) {
        Set<Integer> ids = new HashSet<>();
        for (LogicalOperator operator : plan.operators()) {
            if (!ids.add(operator.id())) {
                throw new WeftException(ErrorCode.INVALID_PLAN, "%s: operator id %d is used twice; plans from two pipelines cannot be mixed"
                        .formatted(operator.info().describe(), operator.id()));
            }
            validateStreaming(operator);
        }
    }

    private static void validateStreaming(LogicalOperator operator) {
        boolean unboundedInput = operator.inputs().stream().anyMatch(i -> !i.output().bounded());
        if (!unboundedInput) {
            return;
        }
        boolean needsWindow = operator instanceof AggregateOperator aggregate && aggregate.window().isEmpty()
                || operator instanceof ReduceByKeyOperator
                || operator instanceof ReduceOperator
                || operator instanceof CountOperator
                || operator instanceof DistinctOperator
                || operator instanceof SortOperator
                || operator instanceof TopKOperator
                || operator instanceof IntersectOperator
                || operator instanceof CartesianOperator
                || operator instanceof CoGroupOperator
                || operator instanceof RepeatOperator
                || operator instanceof DoWhileOperator
                || operator instanceof JoinOperator;
        if (needsWindow) {
            throw new WeftException(ErrorCode.UNBOUNDED_AGGREGATION,
                    ("%s: %s over an unbounded input never completes; aggregate it in an event-time window "
                            + "(withWatermark(...) then groupBy(...).window(...)), or bound the input").formatted(
                            operator.info().describe(), operator.kind()));
        }
        if (operator instanceof AggregateOperator aggregate && aggregate.window().isPresent()
                && aggregate.input().output().eventTime().isEmpty()) {
            throw new WeftException(ErrorCode.INVALID_PLAN,
                    "%s: a windowed aggregation needs event time: call withWatermark(column, maxOutOfOrderness) before it"
                            .formatted(operator.info().describe()));
        }
    }
}
