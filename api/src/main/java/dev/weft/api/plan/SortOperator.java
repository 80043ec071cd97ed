package dev.weft.api.plan;

import static java.util.Objects.requireNonNull;

import dev.weft.api.expr.SortKey;
import java.util.List;

/** A total order by the sort keys (stable for equal keys within a partition). */
public record SortOperator(OperatorInfo info, EdgeProperties output, LogicalOperator input, List<SortKey> keys) implements LogicalOperator {
    public SortOperator {
        requireNonNull(info, "info is null");
        requireNonNull(output, "output is null");
        requireNonNull(input, "input is null");
        keys = List.copyOf(requireNonNull(keys, "keys is null"));
    }

    @Override
    public List<LogicalOperator> inputs() {
        return List.of(input);
    }

    @Override
    public SortOperator withInputs(List<LogicalOperator> inputs) {
        LogicalOperator.checkArity(inputs, 1, this);
        return new SortOperator(info, output, inputs.get(0), keys);
    }
}
