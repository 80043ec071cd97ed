package dev.weft.api.plan;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** Keeps the elements that satisfy a declarative predicate or a lambda. */
public record FilterOperator(OperatorInfo info, EdgeProperties output, LogicalOperator input, FilterCondition condition) implements LogicalOperator {
    public FilterOperator {
        requireNonNull(info, "info is null");
        requireNonNull(output, "output is null");
        requireNonNull(input, "input is null");
        requireNonNull(condition, "condition is null");
    }

    @Override
    public List<LogicalOperator> inputs() {
        return List.of(input);
    }

    @Override
    public FilterOperator withInputs(List<LogicalOperator> inputs) {
        LogicalOperator.checkArity(inputs, 1, this);
        return new FilterOperator(info, output, inputs.get(0), condition);
    }
}
