package dev.weft.api.plan;

import static java.util.Objects.requireNonNull;

import dev.weft.api.expr.Expression;
import java.util.List;

/** Computes named columns from declarative expressions (each an alias or a column reference). */
public record ProjectOperator(OperatorInfo info, EdgeProperties output, LogicalOperator input, List<Expression> expressions) implements LogicalOperator {
    public ProjectOperator {
        requireNonNull(info, "info is null");
        requireNonNull(output, "output is null");
        requireNonNull(input, "input is null");
        expressions = List.copyOf(requireNonNull(expressions, "expressions is null"));
    }

    @Override
    public List<LogicalOperator> inputs() {
        return List.of(input);
    }

    @Override
    public ProjectOperator withInputs(List<LogicalOperator> inputs) {
        LogicalOperator.checkArity(inputs, 1, this);
        return new ProjectOperator(info, output, inputs.get(0), expressions);
    }
}
