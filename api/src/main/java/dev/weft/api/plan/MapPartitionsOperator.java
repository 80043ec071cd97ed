package dev.weft.api.plan;

import static java.util.Objects.requireNonNull;

import dev.weft.api.function.MapPartitionsFunction;
import dev.weft.api.function.Udf;
import java.util.List;

/** A lambda over a whole partition's iterator. */
public record MapPartitionsOperator(OperatorInfo info, EdgeProperties output, LogicalOperator input, Udf<? extends MapPartitionsFunction<?, ?>> function) implements LogicalOperator {
    public MapPartitionsOperator {
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
    public MapPartitionsOperator withInputs(List<LogicalOperator> inputs) {
        LogicalOperator.checkArity(inputs, 1, this);
        return new MapPartitionsOperator(info, output, inputs.get(0), function);
    }
}
