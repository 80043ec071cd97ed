package dev.weft.api.plan;

import static java.util.Objects.requireNonNull;

/** Lines of a UTF-8 text file (or every file of a directory), one String element per line, without line terminators. */
public record TextFileSource(OperatorInfo info, EdgeProperties output, String path) implements SourceOperator {
    public TextFileSource {
        requireNonNull(info, "info is null");
        requireNonNull(output, "output is null");
        requireNonNull(path, "path is null");
    }
}
