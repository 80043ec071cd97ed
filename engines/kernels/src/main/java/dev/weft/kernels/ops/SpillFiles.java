package dev.weft.kernels.ops;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The spill files of one operator: created under the spill directory, all deleted on close (also after a failure). */
final class SpillFiles implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SpillFiles.class);

    private final Path directory;
    private final String prefix;
    private final Set<Path> files = new LinkedHashSet<>();
    private int created;

    SpillFiles(Path directory, String prefix) {
        this.directory = directory;
        this.prefix = prefix;
    }

    Path create() {
        try {
            Files.createDirectories(directory);
            Path file = Files.createTempFile(directory, prefix, ".arrow");
            files.add(file);
            created++;
            return file;
        } catch (IOException e) {
            throw new WeftException(ErrorCode.SPILL_FAILED,
                    "cannot create a spill file in %s: %s; point the spill directory at a writable disk with free space"
                            .formatted(directory, e), e);
        }
    }

    void delete(Path file) {
        if (files.remove(file)) {
            deleteQuietly(file);
        }
    }

    /** Files created so far, deleted or not. */
    int created() {
        return created;
    }

    @Override
    public void close() {
        for (Path file : files) {
            deleteQuietly(file);
        }
        files.clear();
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("could not delete spill file {}: {}", file, e.toString());
        }
    }
}
