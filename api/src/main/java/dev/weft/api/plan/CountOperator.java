package dev.weft.api.plan;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** The number of elements, as a one-element dataset. */
public record CountOperator(OperatorInfo info, EdgeProperties output, LogicalOperator input) implements LogicalOperator {
    public CountOperator {
        requireNonNull(info, "info is null");
        requireNonNull(output, "output is null");
        requireNonNull(input, "input is null");
    }

    @Override
    public List<LogicalOperator> inputs() {
        return List.of(input);
    }

    @Override
    public CountOperator withInputs(List<LogicalOperator> inputs) {
        LogicalOperator.checkArity(inputs, 1, this);
        return new CountOperator(info, output, inputs.get(0));
    }
}
