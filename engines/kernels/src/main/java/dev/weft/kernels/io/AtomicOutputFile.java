package dev.weft.kernels.io;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A file written under a hidden temporary name next to its target and moved onto the target only on
 * {@link #commit()}: flushed, fsynced, renamed atomically (replacing an existing target), directory fsynced. Closed
 * without commit, it deletes the temporary file, so a failed job leaves neither a half-written target nor litter.
 */
final class AtomicOutputFile implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AtomicOutputFile.class);
    private static final int BUFFER_BYTES = 1 << 20;

    private final Path target;
    private final Path temporary;
    private final FileChannel channel;
    private final OutputStream stream;
    private boolean committed;
    private boolean closed;

    private AtomicOutputFile(Path target, Path temporary, FileChannel channel) {
        this.target = target;
        this.temporary = temporary;
        this.channel = channel;
        this.stream = new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER_BYTES);
    }

    /** Creates the target's parent directories and the temporary file. */
    static AtomicOutputFile create(Path target) {
        Path absolute = target.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            throw new WeftException(ErrorCode.INVALID_ARGUMENT,
                    "output path %s is a directory: give the path of the file to write".formatted(target));
        }
        Path directory = absolute.getParent();
        try {
            Files.createDirectories(directory);
            while (true) {
                Path temporary = directory.resolve(".%s.%016x.tmp".formatted(absolute.getFileName(), ThreadLocalRandom.current().nextLong()));
                try {
                    FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                    return new AtomicOutputFile(absolute, temporary, channel);
                }
                catch (FileAlreadyExistsException e) {
                    // another writer drew the same name: draw again
                }
            }
        }
        catch (IOException e) {
            throw IoErrors.writeFailed(target, e);
        }
    }

    /** The buffered stream into the temporary file. */
    OutputStream stream() {
        checkWritable();
        return stream;
    }

    Path temporary() {
        return temporary;
    }

    void commit() {
        checkWritable();
        try {
            stream.flush();
            channel.force(true);
            channel.close();
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            catch (AtomicMoveNotSupportedException e) {
                log.warn("File system of {} cannot rename atomically; replacing it non-atomically", target);
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
            committed = true;
        }
        catch (IOException e) {
            close();
            throw IoErrors.writeFailed(target, e);
        }
        syncDirectory();
    }

    private void syncDirectory() {
        try (FileChannel directory = FileChannel.open(target.getParent(), StandardOpenOption.READ)) {
            directory.force(true);
        }
        catch (IOException e) {
            log.debug("Cannot fsync directory {} (not supported on this platform): {}", target.getParent(), e.toString());
        }
    }

    /** Throws unless the file is still open for writing. */
    void checkWritable() {
        if (committed || closed) {
            throw new WeftException(ErrorCode.GENERIC_INTERNAL_ERROR,
                    "output file %s was already %s: nothing more can be written to it".formatted(target, committed ? "committed" : "closed"));
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (committed) {
            return;
        }
        try {
            channel.close();
        }
        catch (IOException e) {
            log.debug("Cannot close {}: {}", temporary, e.toString());
        }
        try {
            Files.deleteIfExists(temporary);
        }
        catch (IOException e) {
            log.warn("Cannot delete the temporary file {} of an aborted write: {}", temporary, e.toString());
        }
    }
}
