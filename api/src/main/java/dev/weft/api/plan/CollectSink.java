package dev.weft.api.plan;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** Brings the elements back to the driver. */
public record CollectSink(OperatorInfo info, EdgeProperties output, LogicalOperator input) implements SinkOperator {
    public CollectSink {
        requireNonNull(info, "info is null");
        requireNonNull(output, "output is null");
        requireNonNull(input, "input is null");
    }

    @Override
    public List<LogicalOperator> inputs() {
        return List.of(input);
    }

    @Override
    public CollectSink withInputs(List<LogicalOperator> inputs) {
        LogicalOperator.checkArity(inputs, 1, this);
        return new CollectSink(info, output, inputs.get(0));
    }
}
