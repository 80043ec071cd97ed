package dev.weft.flight.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.ReadChannel;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.ipc.message.MessageMetadataResult;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.pojo.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The spill file of one partition: an Arrow IPC file its batches are appended to, in batch order, straight from the
 * stored buffers (no copy); read back one block at a time by whoever needs it. Appends come from one thread at a time
 * (the partition's spiller); reads use their own channels, so they can run while appends go on.
 */
final class SpillFile {
    private static final Logger LOG = LoggerFactory.getLogger(SpillFile.class);

    private final Path path;
    private final FileChannel channel;
    private final VectorSchemaRoot schemaRoot;
    private final BlockWriter writer;
    private boolean finished;

    private SpillFile(Path path, FileChannel channel, VectorSchemaRoot schemaRoot, BlockWriter writer) {
        this.path = path;
        this.channel = channel;
        this.schemaRoot = schemaRoot;
        this.writer = writer;
    }

    /** Creates a new file in the directory (created if missing) and writes the IPC file header. */
    static SpillFile create(Path directory, String namePrefix, Schema schema, BufferAllocator allocator) throws IOException {
        Files.createDirectories(directory);
        Path path = Files.createTempFile(directory, namePrefix, ".arrow");
        FileChannel channel = null;
        VectorSchemaRoot root = null;
        try {
            channel = FileChannel.open(path, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
            root = VectorSchemaRoot.create(schema, allocator);
            BlockWriter writer = new BlockWriter(root, channel);
            writer.start();
            return new SpillFile(path, channel, root, writer);
        } catch (IOException | RuntimeException e) {
            if (root != null) {
                root.close();
            }
            closeQuietly(channel, e);
            deleteQuietly(path, e);
            throw e;
        }
    }

    Path path() {
        return path;
    }

    /** Appends the batch (not taking ownership); returns where it is in the file. */
    ArrowBlock append(ArrowRecordBatch batch) throws IOException {
        if (finished) {
            throw new IllegalStateException("spill file %s is finished: no more batches can be appended".formatted(path));
        }
        return writer.append(batch);
    }

    long bytesWritten() {
        return writer.bytesWritten();
    }

    /** Writes the IPC footer and closes the write channel: the file is a complete Arrow IPC file. */
    void finish() throws IOException {
        if (finished) {
            return;
        }
        finished = true;
        try {
            writer.end();
        } finally {
            closeWriter();
        }
    }

    /** Closes the write channel (if still open) and deletes the file; never throws. */
    void delete() {
        if (!finished) {
            finished = true;
            try {
                closeWriter();
            } catch (IOException | RuntimeException e) {
                LOG.debug("closing spill file {} before deleting it failed: {}", path, e.toString());
            }
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.warn("cannot delete spill file {}: {}; delete it by hand", path, e.toString());
        }
    }

    private void closeWriter() throws IOException {
        try {
            channel.close();
        } finally {
            schemaRoot.close();
        }
    }

    /** Opens a channel to read blocks of the file. */
    static FileChannel openForReading(Path path) throws IOException {
        return FileChannel.open(path, StandardOpenOption.READ);
    }

    /** Reads one batch back into exactly sized memory charged to the allocator (caller closes the batch). */
    static ArrowRecordBatch read(FileChannel channel, ArrowBlock block, BufferAllocator allocator) throws IOException {
        channel.position(block.getOffset());
        ReadChannel in = new ReadChannel(channel);
        MessageMetadataResult message = MessageSerializer.readMessage(in);
        if (message == null) {
            throw new IOException("unexpected end of file at offset %d".formatted(block.getOffset()));
        }
        long bodyLength = message.getMessageBodyLength();
        ArrowBuf body = ExactMemory.allocate(allocator, bodyLength);
        try {
            body.writerIndex(0);
            if (bodyLength > 0 && in.readFully(body, bodyLength) != bodyLength) {
                throw new IOException("unexpected end of file reading a batch body of %d bytes at offset %d"
                        .formatted(bodyLength, block.getOffset()));
            }
        } catch (IOException | RuntimeException e) {
            body.close();
            throw e;
        }
        // deserializeRecordBatch takes over the reference to body
        return MessageSerializer.deserializeRecordBatch(message, body);
    }

    private static void closeQuietly(AutoCloseable closeable, Exception failure) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception suppressed) {
            failure.addSuppressed(suppressed);
        }
    }

    private static void deleteQuietly(Path path, Exception failure) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException suppressed) {
            failure.addSuppressed(suppressed);
        }
    }

    /** An IPC file writer fed with record batches directly, instead of through a VectorSchemaRoot. */
    private static final class BlockWriter extends ArrowFileWriter {
        BlockWriter(VectorSchemaRoot root, FileChannel channel) {
            super(root, null, channel);
        }

        ArrowBlock append(ArrowRecordBatch batch) throws IOException {
            return writeRecordBatch(batch);
        }
    }
}
