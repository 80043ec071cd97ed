package dev.weft.api.plan;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** Prefixes each element with a unique, dense id 0..n-1 (column {@code id}). */
public record ZipWithIdOperator(OperatorInfo info, EdgeProperties output, LogicalOperator input) implements LogicalOperator {
    public ZipWithIdOperator {
        requireNonNull(info, "info is null");
        requireNonNull(output, "output is null");
        requireNonNull(input, "input is null");
    }

    @Override
    public List<LogicalOperator> inputs() {
        return List.of(input);
    }

    @Override
    public ZipWithIdOperator withInputs(List<LogicalOperator> inputs) {
        LogicalOperator.checkArity(inputs, 1, this);
        return new ZipWithIdOperator(info, output, inputs.get(0));
    }
}
