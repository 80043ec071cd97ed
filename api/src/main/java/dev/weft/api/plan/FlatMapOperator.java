package dev.weft.api.plan;

import static java.util.Objects.requireNonNull;

import dev.weft.api.function.FlatMapFunction;
import dev.weft.api.function.Udf;
import java.util.List;

/** A lambda that emits zero or more elements per element. */
public record FlatMapOperator(OperatorInfo info, EdgeProperties output, LogicalOperator input, Udf<? extends FlatMapFunction<?, ?>> function) implements LogicalOperator {
    public FlatMapOperator {
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
    public FlatMapOperator withInputs(List<LogicalOperator> inputs) {
        LogicalOperator.checkArity(inputs, 1, this);
        return new FlatMapOperator(info, output, inputs.get(0), function);
    }
}
