package dev.weft.api.plan;

import static java.util.Objects.requireNonNull;

import dev.weft.api.function.SinkFunction;
import dev.weft.api.function.Udf;
import java.util.List;

/** Calls a lambda for every element. */
public record CallbackSink(OperatorInfo info, EdgeProperties output, LogicalOperator input, Udf<? extends SinkFunction<?>> function) implements SinkOperator {
    public CallbackSink {
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
    public CallbackSink withInputs(List<LogicalOperator> inputs) {
        LogicalOperator.checkArity(inputs, 1, this);
        return new CallbackSink(info, output, inputs.get(0), function);
    }
}
