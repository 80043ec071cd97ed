package dev.weft.api.plan;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** Writes the elements as CSV to a file, atomically: no half-written file on failure. */
public record CsvFileSink(OperatorInfo info, EdgeProperties output, LogicalOperator input, String path, CsvFormat format) implements SinkOperator {
    public CsvFileSink {
        requireNonNull(info, "info is null");
        requireNonNull(output, "output is null");
        requireNonNull(input, "input is null");
        requireNonNull(path, "path is null");
        requireNonNull(format, "format is null");
    }

    @Override
    public List<LogicalOperator> inputs() {
        return List.of(input);
    }

    @Override
    public CsvFileSink withInputs(List<LogicalOperator> inputs) {
        LogicalOperator.checkArity(inputs, 1, this);
        return new CsvFileSink(info, output, inputs.get(0), path, format);
    }
}
