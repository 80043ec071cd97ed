package dev.weft.api.plan;

import static java.util.Objects.requireNonNull;

import dev.weft.api.expr.Expression;
import java.util.List;
import java.util.Optional;

/** Groups by key expressions and computes aggregates per group; without keys, one global group.
 * On an unbounded input the aggregation must be windowed. */
public record AggregateOperator(OperatorInfo info, EdgeProperties output, LogicalOperator input, List<Expression> groupKeys, List<Expression> aggregates, Optional<Window> window) implements LogicalOperator {
    public AggregateOperator {
        requireNonNull(info, "info is null");
        requireNonNull(output, "output is null");
        requireNonNull(input, "input is null");
        groupKeys = List.copyOf(requireNonNull(groupKeys, "groupKeys is null"));
        aggregates = List.copyOf(requireNonNull(aggregates, "aggregates is null"));
        requireNonNull(window, "window is null");
    }

    @Override
    public List<LogicalOperator> inputs() {
        return List.of(input);
    }

    @Override
    public AggregateOperator withInputs(List<LogicalOperator> inputs) {
        LogicalOperator.checkArity(inputs, 1, this);
        return new AggregateOperator(info, output, inputs.get(0), groupKeys, aggregates, window);
    }
}
