package dev.weft.kernels.io;

import static java.util.Objects.requireNonNull;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Plans the splits of a file source: a file, or every regular non-hidden file of a directory (not recursive;
 * names starting with '.' or '_', such as temporary files and {@code _SUCCESS} markers, are hidden), in name order.
 */
public final class FileSplits {
    /** No split is cut smaller than this, so that small files are not cut into slivers that cost more than they save. */
    static final long MIN_SPLIT_BYTES = 64 * 1024;

    private FileSplits() {}

    /**
     * Splits the file(s) into about {@code targetSplits} byte ranges of similar size (none smaller than 64 KiB unless
     * the file is); empty files yield no split. Missing path: {@code WeftException(FILE_NOT_FOUND)}.
     */
    public static List<FileSplit> plan(Path pathOrDirectory, int targetSplits) {
        return plan(pathOrDirectory, targetSplits, MIN_SPLIT_BYTES);
    }

    static List<FileSplit> plan(Path pathOrDirectory, int targetSplits, long minSplitBytes) {
        if (targetSplits < 1) {
            throw new WeftException(ErrorCode.INVALID_ARGUMENT,
                    "cannot split %s into %d splits: the target number of splits must be at least 1".formatted(pathOrDirectory, targetSplits));
        }
        List<FileSplit> files = wholeFiles(pathOrDirectory);
        long totalBytes = files.stream().mapToLong(FileSplit::length).sum();
        long splitBytes = Math.max(Math.max(1, minSplitBytes), ceilDiv(totalBytes, targetSplits));
        List<FileSplit> splits = new ArrayList<>();
        for (FileSplit file : files) {
            long size = file.length();
            if (size == 0) {
                continue;
            }
            long pieces = ceilDiv(size, splitBytes);
            long start = 0;
            for (long piece = 1; piece <= pieces; piece++) {
                long end = size * piece / pieces;
                splits.add(new FileSplit(file.file(), start, end));
                start = end;
            }
        }
        return List.copyOf(splits);
    }

    /** Every file of the path as one whole split each (for formats that cannot be split, like CSV with quoted newlines). */
    public static List<FileSplit> wholeFiles(Path pathOrDirectory) {
        requireNonNull(pathOrDirectory, "pathOrDirectory is null");
        List<FileSplit> splits = new ArrayList<>();
        for (Path file : files(pathOrDirectory)) {
            try {
                splits.add(new FileSplit(file, 0, Files.size(file)));
            }
            catch (IOException e) {
                throw IoErrors.readFailed(file, e);
            }
        }
        return List.copyOf(splits);
    }

    private static List<Path> files(Path path) {
        if (Files.isRegularFile(path)) {
            return List.of(path);
        }
        if (!Files.exists(path)) {
            throw IoErrors.fileNotFound(path);
        }
        if (!Files.isDirectory(path)) {
            throw new WeftException(ErrorCode.INVALID_ARGUMENT,
                    "input path %s is neither a regular file nor a directory: point the source at a file or a directory of files".formatted(path));
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(path)) {
            for (Path entry : entries) {
                if (!isHidden(entry) && Files.isRegularFile(entry)) {
                    files.add(entry);
                }
            }
        }
        catch (IOException e) {
            throw IoErrors.readFailed(path, e);
        }
        files.sort(Comparator.comparing(file -> file.getFileName().toString()));
        return files;
    }

    private static boolean isHidden(Path file) {
        String name = file.getFileName().toString();
        return name.startsWith(".") || name.startsWith("_");
    }

    private static long ceilDiv(long dividend, long divisor) {
        return -Math.floorDiv(-dividend, divisor);
    }
}
