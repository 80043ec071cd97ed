package dev.weft.api.plan;

import static java.util.Objects.requireNonNull;

import dev.weft.api.function.CoGroupFunction;
import dev.weft.api.function.KeySelector;
import dev.weft.api.function.Udf;
import java.util.List;

/** Groups both inputs by key lambdas and calls a lambda once per key with both groups. */
public record CoGroupOperator(OperatorInfo info, EdgeProperties output, LogicalOperator left, LogicalOperator right, Udf<? extends KeySelector<?, ?>> leftKey, Udf<? extends KeySelector<?, ?>> rightKey, Udf<? extends CoGroupFunction<?, ?, ?, ?>> function) implements LogicalOperator {
    public CoGroupOperator {
        requireNonNull(info, "info is null");
        requireNonNull(output, "output is null");
        requireNonNull(left, "left is null");
        requireNonNull(right, "right is null");
        requireNonNull(leftKey, "leftKey is null");
        requireNonNull(rightKey, "rightKey is null");
        requireNonNull(function, "function is null");
    }

    @Override
    public List<LogicalOperator> inputs() {
        return List.of(left, right);
    }

    @Override
    public CoGroupOperator withInputs(List<LogicalOperator> inputs) {
        LogicalOperator.checkArity(inputs, 2, this);
        return new CoGroupOperator(info, output, inputs.get(0), inputs.get(1), leftKey, rightKey, function);
    }
}
