package dev.weft.channels;

import static java.util.Objects.requireNonNull;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/** Arrow IPC file used for spill: write batches, read them back. */
public final class IpcFileChannel {
    private IpcFileChannel() {}

    public static Writer openWriter(Path file, Schema schema, BufferAllocator allocator) {
        requireNonNull(file, "file is null");
        requireNonNull(schema, "schema is null");
        requireNonNull(allocator, "allocator is null");
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new WeftException(ErrorCode.SPILL_FAILED,
                    "cannot create Arrow IPC file %s: %s; check that the directory exists, is writable and has free space"
                            .formatted(file, e), e);
        }
        VectorSchemaRoot root = null;
        try {
            root = VectorSchemaRoot.create(schema, allocator);
            ArrowFileWriter writer = new ArrowFileWriter(root, null, channel);
            writer.start();
            return new Writer(file, channel, root, writer);
        } catch (IOException | RuntimeException e) {
            if (root != null) {
                root.close();
            }
            closeQuietly(channel, e);
            throw new WeftException(ErrorCode.SPILL_FAILED, "cannot start Arrow IPC file %s: %s".formatted(file, e), e);
        }
    }

    public static Reader openReader(Path file, BufferAllocator allocator) {
        requireNonNull(file, "file is null");
        requireNonNull(allocator, "allocator is null");
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new WeftException(ErrorCode.FILE_NOT_FOUND, "Arrow IPC file %s does not exist; it may have been deleted".formatted(file), e);
        } catch (IOException e) {
            throw new WeftException(ErrorCode.IO_ERROR, "cannot open Arrow IPC file %s: %s".formatted(file, e), e);
        }
        ArrowFileReader reader = new ArrowFileReader(channel, allocator);
        try {
            VectorSchemaRoot root = reader.getVectorSchemaRoot();
            return new Reader(file, reader, root);
        } catch (IOException | RuntimeException e) {
            closeQuietly(reader, e);
            throw new WeftException(ErrorCode.IO_ERROR,
                    "cannot read Arrow IPC file %s: %s; it is not a complete Arrow IPC file".formatted(file, e), e);
        }
    }

    /** Writes batches to one file; not thread-safe. */
    public static final class Writer implements AutoCloseable {
        private final Path file;
        private final FileChannel channel;
        private final VectorSchemaRoot root;
        private final ArrowFileWriter writer;
        private final VectorLoader loader;
        private long bytesWritten;
        private boolean closed;

        private Writer(Path file, FileChannel channel, VectorSchemaRoot root, ArrowFileWriter writer) {
            this.file = file;
            this.channel = channel;
            this.root = root;
            this.writer = writer;
            this.loader = new VectorLoader(root);
            this.bytesWritten = writer.bytesWritten();
        }

        /** Appends a copy of the batch to the file; does not take ownership. */
        public void write(VectorSchemaRoot batch) {
            requireNonNull(batch, "batch is null");
            if (closed) {
                throw new IllegalStateException("writer of %s is closed".formatted(file));
            }
            checkSameTypes(root.getSchema(), batch.getSchema());
            try (ArrowRecordBatch recordBatch = new VectorUnloader(batch).getRecordBatch()) {
                loader.load(recordBatch);
                writer.writeBatch();
            } catch (IOException e) {
                throw new WeftException(ErrorCode.SPILL_FAILED,
                        "cannot write to Arrow IPC file %s: %s; check free disk space".formatted(file, e), e);
            } finally {
                root.clear();
            }
            bytesWritten = writer.bytesWritten();
        }

        public long bytesWritten() {
            return bytesWritten;
        }

        public Path file() {
            return file;
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            try {
                writer.end();
                bytesWritten = writer.bytesWritten();
                writer.close();
            } catch (IOException e) {
                WeftException failure = new WeftException(ErrorCode.SPILL_FAILED, "cannot finish Arrow IPC file %s: %s".formatted(file, e), e);
                closeQuietly(channel, failure);
                throw failure;
            } finally {
                root.close();
            }
        }
    }

    /** Reads the batches of one file in order; not thread-safe. */
    public static final class Reader implements AutoCloseable {
        private final Path file;
        private final ArrowFileReader reader;
        private final VectorSchemaRoot root;

        private Reader(Path file, ArrowFileReader reader, VectorSchemaRoot root) {
            this.file = file;
            this.reader = reader;
            this.root = root;
        }

        public Schema schema() {
            return root.getSchema();
        }

        /** Loads the next batch into {@link #root()}; false at the end of the file. */
        public boolean next() {
            try {
                return reader.loadNextBatch();
            } catch (IOException e) {
                throw new WeftException(ErrorCode.IO_ERROR, "cannot read the next batch of Arrow IPC file %s: %s".formatted(file, e), e);
            }
        }

        /** The current batch; owned by the reader and reused by {@link #next()}. */
        public VectorSchemaRoot root() {
            return root;
        }

        @Override
        public void close() {
            try {
                reader.close();
            } catch (IOException e) {
                throw new WeftException(ErrorCode.IO_ERROR, "cannot close Arrow IPC file %s: %s".formatted(file, e), e);
            }
        }
    }

    private static void checkSameTypes(Schema expected, Schema actual) {
        List<Field> expectedFields = expected.getFields();
        List<Field> actualFields = actual.getFields();
        if (expectedFields.size() != actualFields.size() || !sameTypes(expectedFields, actualFields)) {
            throw new WeftException(ErrorCode.INVALID_ARGUMENT,
                    "batch schema %s does not match the file's schema %s: write batches of the schema the file was opened with"
                            .formatted(actual, expected));
        }
    }

    private static boolean sameTypes(List<Field> expected, List<Field> actual) {
        if (expected.size() != actual.size()) {
            return false;
        }
        for (int i = 0; i < expected.size(); i++) {
            Field e = expected.get(i);
            Field a = actual.get(i);
            if (!e.getType().equals(a.getType()) || !sameTypes(e.getChildren(), a.getChildren())) {
                return false;
            }
        }
        return true;
    }

    private static void closeQuietly(AutoCloseable closeable, Exception failure) {
        try {
            closeable.close();
        } catch (Exception suppressed) {
            failure.addSuppressed(suppressed);
        }
    }
}
