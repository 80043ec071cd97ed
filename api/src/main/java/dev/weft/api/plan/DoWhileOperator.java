package dev.weft.api.plan;

import static java.util.Objects.requireNonNull;

import dev.weft.api.function.LoopCondition;
import dev.weft.api.function.Udf;
import java.util.List;

/** Runs the loop body, then asks the condition whether to run it again (at most maxIterations times). */
public record DoWhileOperator(OperatorInfo info, EdgeProperties output, LogicalOperator input, LoopBody body, Udf<? extends LoopCondition<?>> condition, int maxIterations) implements LogicalOperator {
    public DoWhileOperator {
        requireNonNull(info, "info is null");
        requireNonNull(output, "output is null");
        requireNonNull(input, "input is null");
        requireNonNull(body, "body is null");
        requireNonNull(condition, "condition is null");
        if (maxIterations < 1) {
            throw new IllegalArgumentException("maxIterations must be >= 1, got " + maxIterations);
        }
    }

    @Override
    public List<LogicalOperator> inputs() {
        return List.of(input);
    }

    @Override
    public DoWhileOperator withInputs(List<LogicalOperator> inputs) {
        LogicalOperator.checkArity(inputs, 1, this);
        return new DoWhileOperator(info, output, inputs.get(0), body, condition, maxIterations);
    }
}
