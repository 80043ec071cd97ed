package dev.weft.api.plan;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** The first {@code limit} elements (of the input's order, if it has one). */
public record LimitOperator(OperatorInfo info, EdgeProperties output, LogicalOperator input, long limit) implements LogicalOperator {
    public LimitOperator {
        requireNonNull(info, "info is null");
        requireNonNull(output, "output is null");
        requireNonNull(input, "input is null");
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be >= 0, got " + limit);
        }
    }

    @Override
    public List<LogicalOperator> inputs() {
        return List.of(input);
    }

    @Override
    public LimitOperator withInputs(List<LogicalOperator> inputs) {
        LogicalOperator.checkArity(inputs, 1, this);
        return new LimitOperator(info, output, inputs.get(0), limit);
    }
}
