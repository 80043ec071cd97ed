package dev.weft.api.plan;

import static java.util.Objects.requireNonNull;

/**
 * Rows of a CSV file, typed by the output schema (columns matched by position; with a header, its names are
 * checked against the schema). A malformed row fails the job with its line number.
 */
public record CsvFileSource(OperatorInfo info, EdgeProperties output, String path, CsvFormat format) implements SourceOperator {
    public CsvFileSource {
        requireNonNull(info, "info is null");
        requireNonNull(output, "output is null");
        requireNonNull(path, "path is null");
        requireNonNull(format, "format is null");
    }
}
