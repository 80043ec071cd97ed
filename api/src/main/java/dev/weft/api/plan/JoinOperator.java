package dev.weft.api.plan;

import static java.util.Objects.requireNonNull;

import dev.weft.api.expr.Expression;
import java.util.List;

/** An equi-join on key expressions: inner, left outer, semi or anti. */
public record JoinOperator(OperatorInfo info, EdgeProperties output, LogicalOperator left, LogicalOperator right, JoinType joinType, List<Expression> leftKeys, List<Expression> rightKeys) implements LogicalOperator {
    public JoinOperator {
        requireNonNull(info, "info is null");
        requireNonNull(output, "output is null");
        requireNonNull(left, "left is null");
        requireNonNull(right, "right is null");
        requireNonNull(joinType, "joinType is null");
        leftKeys = List.copyOf(requireNonNull(leftKeys, "leftKeys is null"));
        rightKeys = List.copyOf(requireNonNull(rightKeys, "rightKeys is null"));
        if (leftKeys.size() != rightKeys.size() || leftKeys.isEmpty()) {
            throw new IllegalArgumentException("a join needs as many left keys as right keys, at least one");
        }
    }

    @Override
    public List<LogicalOperator> inputs() {
        return List.of(left, right);
    }

    @Override
    public JoinOperator withInputs(List<LogicalOperator> inputs) {
        LogicalOperator.checkArity(inputs, 2, this);
        return new JoinOperator(info, output, inputs.get(0), inputs.get(1), joinType, leftKeys, rightKeys);
    }
}
