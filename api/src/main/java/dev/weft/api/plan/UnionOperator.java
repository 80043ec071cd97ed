package dev.weft.api.plan;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** All elements of all inputs (UNION ALL); the inputs have the same schema. */
public record UnionOperator(OperatorInfo info, EdgeProperties output, List<LogicalOperator> inputs) implements LogicalOperator {
    public UnionOperator {
        requireNonNull(info, "info is null");
        requireNonNull(output, "output is null");
        inputs = List.copyOf(requireNonNull(inputs, "inputs is null"));
        if (inputs.size() < 2) {
            throw new IllegalArgumentException("union needs at least two inputs");
        }
    }

    @Override
    public UnionOperator withInputs(List<LogicalOperator> inputs) {
        LogicalOperator.checkArity(inputs, this.inputs.size(), this);
        return new UnionOperator(info, output, inputs);
    }
}
