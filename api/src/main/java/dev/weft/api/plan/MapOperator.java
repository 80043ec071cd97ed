package dev.weft.api.plan;

import static java.util.Objects.requireNonNull;

import dev.weft.api.function.MapFunction;
import dev.weft.api.function.Udf;
import java.util.List;

/** A lambda applied to each element. */
public record MapOperator(OperatorInfo info, EdgeProperties output, LogicalOperator input, Udf<? extends MapFunction<?, ?>> function) implements LogicalOperator {
    public MapOperator {
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
    public MapOperator withInputs(List<LogicalOperator> inputs) {
        LogicalOperator.checkArity(inputs, 1, this);
        return new MapOperator(info, output, inputs.get(0), function);
    }
}
