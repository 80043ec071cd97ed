package dev.weft.kernels.io;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/** A byte range [start, end) of one file: the unit of work of a file source. */
public record FileSplit(Path file, long start, long end) {
    public FileSplit {
        requireNonNull(file, "file is null");
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("split [%d, %d) of %s is invalid: need 0 <= start <= end".formatted(start, end, file));
        }
    }

    public long length() {
        return end - start;
    }

    @Override
    public String toString() {
        return "%s[%d, %d)".formatted(file, start, end);
    }
}
