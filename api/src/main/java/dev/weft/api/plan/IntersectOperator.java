package dev.weft.api.plan;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** Distinct elements present in both inputs. */
public record IntersectOperator(OperatorInfo info, EdgeProperties output, LogicalOperator left, LogicalOperator right) implements LogicalOperator {
    public IntersectOperator {
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
    public IntersectOperator withInputs(List<LogicalOperator> inputs) {
        LogicalOperator.checkArity(inputs, 2, this);
        return new IntersectOperator(info, output, inputs.get(0), inputs.get(1));
    }
}
