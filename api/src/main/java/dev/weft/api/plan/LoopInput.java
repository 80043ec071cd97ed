package dev.weft.api.plan;

import static java.util.Objects.requireNonNull;

/** Inside a loop body: the dataset the current iteration starts from (the loop's input, then the previous result). */
public record LoopInput(OperatorInfo info, EdgeProperties output) implements SourceOperator {
    public LoopInput {
        requireNonNull(info, "info is null");
        requireNonNull(output, "output is null");
    }
}
