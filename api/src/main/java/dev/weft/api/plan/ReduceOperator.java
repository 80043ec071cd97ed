package dev.weft.api.plan;

import static java.util.Objects.requireNonNull;

import dev.weft.api.function.ReduceFunction;
import dev.weft.api.function.Udf;
import java.util.List;

/** Combines all elements into one with an associative lambda (an empty input gives an empty output). */
public record ReduceOperator(OperatorInfo info, EdgeProperties output, LogicalOperator input, Udf<? extends ReduceFunction<?>> function) implements LogicalOperator {
    public ReduceOperator {
        requireNonNull(info, "info is null");
        requireNonNull(output, "output is null");
        requireNonNull(input, "input is null");
        requireNonNull(function, "function is null");
    }

    @Override
    public List<LogicalOperator> inputs() {
        return List.of(input);
    }

    @Override
    public ReduceOperator withInputs(List<LogicalOperator> inputs) {
        LogicalOperator.checkArity(inputs, 1, this);
        return new ReduceOperator(info, output, inputs.get(0), function);
    }
}
