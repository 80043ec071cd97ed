package dev.weft.api.plan;

import static java.util.Objects.requireNonNull;

import dev.weft.api.function.KeySelector;
import dev.weft.api.function.ReduceFunction;
import dev.weft.api.function.Udf;
import java.util.List;

/** Groups by a key lambda and combines each group's elements with an associative reduce lambda. */
public record ReduceByKeyOperator(OperatorInfo info, EdgeProperties output, LogicalOperator input, Udf<? extends KeySelector<?, ?>> key, Udf<? extends ReduceFunction<?>> reducer) implements LogicalOperator {
    public ReduceByKeyOperator {
        requireNonNull(info, "info is null");
        requireNonNull(output, "output is null");
        requireNonNull(input, "input is null");
        requireNonNull(key, "key is null");
        requireNonNull(reducer, "reducer is null");
    }

    @Override
    public List<LogicalOperator> inputs() {
        return List.of(input);
    }

    @Override
    public ReduceByKeyOperator withInputs(List<LogicalOperator> inputs) {
        LogicalOperator.checkArity(inputs, 1, this);
        return new ReduceByKeyOperator(info, output, inputs.get(0), key, reducer);
    }
}
