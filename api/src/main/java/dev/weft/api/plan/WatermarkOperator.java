package dev.weft.api.plan;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** Assigns event time from a timestamp column and generates watermarks (bounded out-of-orderness). */
public record WatermarkOperator(OperatorInfo info, EdgeProperties output, LogicalOperator input) implements LogicalOperator {
    public WatermarkOperator {
        requireNonNull(info, "info is null");
        requireNonNull(output, "output is null");
        requireNonNull(input, "input is null");
    }

    @Override
    public List<LogicalOperator> inputs() {
        return List.of(input);
    }

    @Override
    public WatermarkOperator withInputs(List<LogicalOperator> inputs) {
        LogicalOperator.checkArity(inputs, 1, this);
        return new WatermarkOperator(info, output, inputs.get(0));
    }
}
