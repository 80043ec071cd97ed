package dev.weft.api.plan;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** Every pair of a left and a right element, as one row with the columns of both. */
public record CartesianOperator(OperatorInfo info, EdgeProperties output, LogicalOperator left, LogicalOperator right) implements LogicalOperator {
    public CartesianOperator {
        requireNonNull(info, "info is null");
        requireNonNull(output, "output is null");
        requireNonNull(left, "left is null");
        requireNonNull(right, "right is null");
    }

    @Override
    public List<LogicalOperator> inputs() {
        return List.of(left, right);
    }

    @Override
    public CartesianOperator withInputs(List<LogicalOperator> inputs) {
        LogicalOperator.checkArity(inputs, 2, this);
        return new CartesianOperator(info, output, inputs.get(0), inputs.get(1));
    }
}
