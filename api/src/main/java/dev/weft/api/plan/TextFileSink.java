package dev.weft.api.plan;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** Writes one line per element (a single-column dataset) to a file, atomically: no half-written file on failure. */
public record TextFileSink(OperatorInfo info, EdgeProperties output, LogicalOperator input, String path) implements SinkOperator {
    public TextFileSink {
        requireNonNull(info, "info is null");
        requireNonNull(output, "output is null");
        requireNonNull(input, "input is null");
        requireNonNull(path, "path is null");
    }

    @Override
    public List<LogicalOperator> inputs() {
        return List.of(input);
    }

    @Override
    public TextFileSink withInputs(List<LogicalOperator> inputs) {
        LogicalOperator.checkArity(inputs, 1, this);
        return new TextFileSink(info, output, inputs.get(0), path);
    }
}
