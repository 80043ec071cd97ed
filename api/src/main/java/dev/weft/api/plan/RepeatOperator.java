package dev.weft.api.plan;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** Runs the loop body a fixed number of times, each iteration on the previous one's result. */
public record RepeatOperator(OperatorInfo info, EdgeProperties output, LogicalOperator input, int times, LoopBody body) implements LogicalOperator {
    public RepeatOperator {
        requireNonNull(info, "info is null");
        requireNonNull(output, "output is null");
        requireNonNull(input, "input is null");
        requireNonNull(body, "body is null");
        if (times < 0) {
            throw new IllegalArgumentException("repeat count must be >= 0, got " + times);
        }
    }

    @Override
    public List<LogicalOperator> inputs() {
        return List.of(input);
    }

    @Override
    public RepeatOperator withInputs(List<LogicalOperator> inputs) {
        LogicalOperator.checkArity(inputs, 1, this);
        return new RepeatOperator(info, output, inputs.get(0), times, body);
    }
}
