package dev.weft.optimizer.estimate;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts the lines of a text or CSV source by sampling: the path is a file or a directory whose regular files not
 * starting with '.' or '_' are read in name order (as the Java engine reads them). The first
 * {@value #SAMPLE_BYTES} bytes of data are read: files that fit whole are counted exactly; the rest (the remainder
 * of a larger file and the files after the sample) are extrapolated from the sample's bytes per line, within
 * {@code +-}{@value #EXTRAPOLATION_SPREAD} at confidence {@value #EXTRAPOLATED_CONFIDENCE}. When every file fit in
 * the sample the count is exact (confidence 1). Line breaks are {@code \n}, {@code \r\n} or {@code \r}; a last line
 * without a break counts. CSV records spanning lines (quoted line breaks) are counted as lines.
 *
 * <p>Samples are cached per file (path, size, modification time), so a file is read once however many sources and
 * submits use it, until it changes.
 */
final class FileSampler {
    static final int SAMPLE_BYTES = 1 << 20;
    static final double EXTRAPOLATION_SPREAD = 0.1;
    static final double EXTRAPOLATED_CONFIDENCE = 0.9;
    static final int MAX_CACHED_FILES = 4096;
    private static final Logger LOG = LoggerFactory.getLogger(FileSampler.class);

    private final Map<FileKey, FileSample> cache = new ConcurrentHashMap<>();

    /** What the sample says of a source: its rows and the average bytes of a line's content (terminators excluded). */
    record SourceSample(Cardinality rows, double averageLineBytes) {
        SourceSample {
            requireNonNull(rows, "rows is null");
        }
    }

    /**
     * Samples the file or directory; {@code headerLines} lines per non-empty file are not rows (a CSV header). Empty
     * when the path does not exist or cannot be read (the run will report it).
     */
    Optional<SourceSample> sample(String path, int headerLines) {
        List<FileKey> files;
        try {
            files = files(Path.of(path));
        }
        catch (IOException | InvalidPathException | SecurityException e) {
            LOG.debug("cannot list {} for estimation: {}", path, e.toString());
            return Optional.empty();
        }
        if (files == null) {
            return Optional.empty();
        }
        long totalBytes = 0;
        for (FileKey file : files) {
            totalBytes += file.size();
        }
        double exactRows = 0;
        long completeBytes = 0;
        long sampledBytes = 0;
        long sampledLines = 0;
        long sampledTerminatorBytes = 0;
        int extrapolatedFiles = 0;
        for (FileKey file : files) {
            if (file.size() == 0) {
                continue;
            }
            if (sampledBytes >= SAMPLE_BYTES) {
                extrapolatedFiles++;
                continue;
            }
            FileSample sample;
            try {
                sample = sampleOf(file);
            }
            catch (IOException | SecurityException e) {
                LOG.debug("cannot sample {} for estimation: {}", file.path(), e.toString());
                return Optional.empty();
            }
            sampledBytes += sample.bytes();
            sampledLines += sample.lines();
            sampledTerminatorBytes += sample.terminatorBytes();
            if (sample.complete()) {
                exactRows += Math.max(0, sample.lines() - headerLines);
                completeBytes += file.size();
            } else {
                extrapolatedFiles++;
            }
        }
        double averageLineBytes = sampledLines == 0 ? 0 : (double) (sampledBytes - sampledTerminatorBytes) / sampledLines;
        long remainingBytes = totalBytes - completeBytes;
        if (remainingBytes == 0) {
            return Optional.of(new SourceSample(Cardinality.exact(exactRows), averageLineBytes));
        }
        double bytesPerLine = sampledLines == 0 ? Math.max(1, sampledBytes) : (double) sampledBytes / sampledLines;
        double extrapolated = Math.max(0, remainingBytes / bytesPerLine - (double) headerLines * extrapolatedFiles);
        Cardinality rows = Cardinality.between(exactRows + extrapolated * (1 - EXTRAPOLATION_SPREAD),
                exactRows + extrapolated * (1 + EXTRAPOLATION_SPREAD), EXTRAPOLATED_CONFIDENCE);
        return Optional.of(new SourceSample(rows, averageLineBytes));
    }

    /** The files of the source with size and modification time; null if the path does not exist. */
    private static List<FileKey> files(Path path) throws IOException {
        if (!Files.exists(path)) {
            return null;
        }
        if (!Files.isDirectory(path)) {
            return Files.isRegularFile(path) ? List.of(FileKey.of(path)) : null;
        }
        List<FileKey> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(path)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (!name.startsWith(".") && !name.startsWith("_") && Files.isRegularFile(entry)) {
                    files.add(FileKey.of(entry));
                }
            }
        }
        files.sort(Comparator.comparing(file -> file.path().getFileName().toString()));
        return files;
    }

    private FileSample sampleOf(FileKey file) throws IOException {
        FileSample cached = cache.get(file);
        if (cached != null) {
            return cached;
        }
        FileSample sample = read(file);
        if (cache.size() >= MAX_CACHED_FILES) {
            cache.clear();
        }
        cache.put(file, sample);
        return sample;
    }

    /** Reads the first {@value #SAMPLE_BYTES} bytes (or the whole file) and counts the lines in it. */
    static FileSample read(FileKey file) throws IOException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file.path())) {
            bytes = in.readNBytes((int) Math.min(SAMPLE_BYTES, file.size()));
        }
        boolean complete = bytes.length >= file.size();
        long lines = 0;
        long terminatorBytes = 0;
        long endOfLastLine = 0;
        for (int i = 0; i < bytes.length; i++) {
            byte b = bytes[i];
            if (b == '\n') {
                lines++;
                terminatorBytes++;
                endOfLastLine = i + 1;
            } else if (b == '\r') {
                lines++;
                terminatorBytes++;
                if (i + 1 < bytes.length && bytes[i + 1] == '\n') {
                    terminatorBytes++;
                    i++;
                }
                endOfLastLine = i + 1;
            }
        }
        if (complete) {
            if (endOfLastLine < bytes.length) {
                lines++; // a last line without a line break
            }
            return new FileSample(bytes.length, lines, terminatorBytes, true);
        }
        // a partial sample: only the lines that ended inside it
        return new FileSample(lines == 0 ? bytes.length : endOfLastLine, lines, terminatorBytes, false);
    }

    int cachedFiles() {
        return cache.size();
    }

    /** A file as of one size and modification time: a changed file is sampled again. */
    record FileKey(Path path, long size, long modifiedMillis) {
        static FileKey of(Path file) throws IOException {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return new FileKey(file.toAbsolutePath().normalize(), attributes.size(), attributes.lastModifiedTime().toMillis());
        }
    }

    /** The lines counted in the sampled bytes and whether they were the whole file. */
    record FileSample(long bytes, long lines, long terminatorBytes, boolean complete) {}
}
