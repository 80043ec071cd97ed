package dev.weft.api.plan;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** Removes duplicate elements (all columns compared). */
public record DistinctOperator(OperatorInfo info, EdgeProperties output, LogicalOperator input) implements LogicalOperator {
    public DistinctOperator {
        requireNonNull(info, "info is null");
        requireNonNull(output, "output is null");
        requireNonNull(input, "input is null");
    }

    @Override
    public List<LogicalOperator> inputs() {
        return List.of(input);
    }

    @Override
    public DistinctOperator withInputs(List<LogicalOperator> inputs) {
        LogicalOperator.checkArity(inputs, 1, this);
        return new DistinctOperator(info, output, inputs.get(0));
    }
}
