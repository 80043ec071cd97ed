package dev.weft.api.plan;

import static java.util.Objects.requireNonNull;

import dev.weft.api.expr.SortKey;
import java.util.List;

/** The first k elements by the sort keys, in order: a sort that keeps only k. */
public record TopKOperator(OperatorInfo info, EdgeProperties output, LogicalOperator input, List<SortKey> keys, long k) implements LogicalOperator {
    public TopKOperator {
        requireNonNull(info, "info is null");
        requireNonNull(output, "output is null");
        requireNonNull(input, "input is null");
        keys = List.copyOf(requireNonNull(keys, "keys is null"));
        if (k < 0) {
            throw new IllegalArgumentException("k must be >= 0, got " + k);
        }
    }

    @Override
    public List<LogicalOperator> inputs() {
        return List.of(input);
    }

    @Override
    public TopKOperator withInputs(List<LogicalOperator> inputs) {
        LogicalOperator.checkArity(inputs, 1, this);
        return new TopKOperator(info, output, inputs.get(0), keys, k);
    }
}
