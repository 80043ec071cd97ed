package dev.weft.kernels.io;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** The errors of file sources and sinks, worded once. */
final class IoErrors {
    private IoErrors() {}

    static WeftException fileNotFound(Path path) {
        return new WeftException(ErrorCode.FILE_NOT_FOUND,
                "input path %s does not exist: check the path (a relative path is resolved against the working directory %s)"
                        .formatted(path, Path.of("").toAbsolutePath()));
    }

    static WeftException readFailed(Path path, IOException cause) {
        if (cause instanceof NoSuchFileException) {
            return new WeftException(ErrorCode.FILE_NOT_FOUND, fileNotFound(path).getMessage(), cause);
        }
        return new WeftException(ErrorCode.IO_ERROR,
                "cannot read %s: %s; check that the file exists, is readable and is not being replaced while the job runs"
                        .formatted(path, cause), cause);
    }

    static WeftException writeFailed(Path path, IOException cause) {
        return new WeftException(ErrorCode.IO_ERROR,
                "cannot write %s: %s; check that its directory is writable and the disk has space".formatted(path, cause), cause);
    }
}
