package dev.weft.kernels.io;

import static java.util.Objects.requireNonNull;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.types.DataTypes;
import dev.weft.api.types.ElementType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Reads the lines of one split of a UTF-8 text file. A split yields the lines that START inside [start, end)
 * (Hadoop's rule: a split skips the partial line it begins in and finishes the line it ends in), so the splits of a
 * file together yield every line exactly once. Lines end at {@code \n} or {@code \r\n}; the terminator is dropped,
 * a final line without terminator is a line, a UTF-8 byte order mark at the start of the file is skipped. Line bytes
 * are copied from the read buffer straight into the vector, never decoded to a String.
 */
public final class TextSplitReader {
    /** The schema of every batch: one nullable string column named {@value ElementType#SCALAR_COLUMN}. */
    public static final Schema SCHEMA = new Schema(List.of(DataTypes.field(ElementType.SCALAR_COLUMN, DataTypes.STRING, true)));

    static final int MAX_BUFFER_BYTES = 1 << 20;
    private static final int MIN_BUFFER_BYTES = 8 * 1024;
    private static final int FIRST_GUESS_BYTES_PER_LINE = 64;

    private TextSplitReader() {}

    /** Lines of the split as batches of at most {@code batchSize} rows of {@link #SCHEMA}; the consumer owns each batch. */
    public static void read(FileSplit split, int batchSize, BufferAllocator allocator, Consumer<VectorSchemaRoot> out) {
        requireNonNull(split, "split is null");
        requireNonNull(allocator, "allocator is null");
        requireNonNull(out, "out is null");
        if (batchSize < 1) {
            throw new WeftException(ErrorCode.INVALID_ARGUMENT, "batch size %d is invalid: it must be at least 1".formatted(batchSize));
        }
        if (split.length() == 0) {
            return;
        }
        try (FileChannel channel = FileChannel.open(split.file(), StandardOpenOption.READ)) {
            new SplitLines(channel, split, batchSize, allocator, out).run();
        }
        catch (IOException e) {
            throw IoErrors.readFailed(split.file(), e);
        }
    }

    /** The scan of one split: a file buffer that slides (and grows for very long lines) and the batch being filled. */
    private static final class SplitLines {
        private final FileChannel channel;
        private final FileSplit split;
        private final int batchSize;
        private final BufferAllocator allocator;
        private final Consumer<VectorSchemaRoot> out;

        private byte[] buffer;
        /** File position of buffer[0]. */
        private long bufferOffset;
        /** Number of valid bytes in the buffer. */
        private int limit;
        private boolean endOfFile;

        private VectorSchemaRoot batch;
        private VarCharVector values;
        private int rows;
        private long batchBytes;
        private long bytesPerLineGuess = FIRST_GUESS_BYTES_PER_LINE;

        SplitLines(FileChannel channel, FileSplit split, int batchSize, BufferAllocator allocator, Consumer<VectorSchemaRoot> out) {
            this.channel = channel;
            this.split = split;
            this.batchSize = batchSize;
            this.allocator = allocator;
            this.out = out;
            this.buffer = new byte[(int) Math.min(MAX_BUFFER_BYTES, Math.max(MIN_BUFFER_BYTES, split.length() + MIN_BUFFER_BYTES))];
        }

        void run() throws IOException {
            try {
                scan();
                emitBatch();
            }
            finally {
                if (batch != null) {
                    batch.close();
                }
            }
        }

        private void scan() throws IOException {
            int position = firstLineStart();
            if (position < 0) {
                return;
            }
            long end = split.end();
            // The first line of a file belongs to the split at 0 even if it starts after a byte order mark beyond its end.
            boolean firstLineOfFile = split.start() == 0;
            while (firstLineOfFile || bufferOffset + position < end) {
                firstLineOfFile = false;
                int lineStart = position;
                int searchFrom = position;
                int newline;
                while ((newline = indexOfNewline(searchFrom)) < 0 && !endOfFile) {
                    int searched = limit;
                    int shift = fill(lineStart);
                    lineStart -= shift;
                    searchFrom = searched - shift;
                }
                if (newline < 0) {
                    if (limit > lineStart) {
                        append(lineStart, limit);
                    }
                    return;
                }
                append(lineStart, newline);
                position = newline + 1;
            }
        }

        /** Loads the buffer at the split start and returns the index of the first line that starts in the split, or -1. */
        private int firstLineStart() throws IOException {
            if (split.start() == 0) {
                bufferOffset = 0;
                fill(0);
                return limit >= 3 && buffer[0] == (byte) 0xEF && buffer[1] == (byte) 0xBB && buffer[2] == (byte) 0xBF ? 3 : 0;
            }
            // The line that starts at split.start() belongs to this split only if the byte before it ends a line.
            bufferOffset = split.start() - 1;
            fill(0);
            int newline;
            while ((newline = indexOfNewline(0)) < 0) {
                if (endOfFile) {
                    return -1;
                }
                fill(limit);
            }
            return newline + 1;
        }

        private int indexOfNewline(int from) {
            byte[] bytes = buffer;
            for (int i = from; i < limit; i++) {
                if (bytes[i] == '\n') {
                    return i;
                }
            }
            return -1;
        }

        /**
         * Drops the bytes before {@code keepFrom}, moves the rest to the front (growing the buffer if it is full) and
         * reads more of the file after them; returns by how much the kept bytes moved.
         */
        private int fill(int keepFrom) throws IOException {
            if (keepFrom > 0) {
                System.arraycopy(buffer, keepFrom, buffer, 0, limit - keepFrom);
                bufferOffset += keepFrom;
                limit -= keepFrom;
            }
            if (limit == buffer.length) {
                if (buffer.length > Integer.MAX_VALUE / 2) {
                    throw new WeftException(ErrorCode.MALFORMED_INPUT,
                            "%s has a line longer than 1 GiB near byte %d: a text source reads line-delimited text; check the file"
                                    .formatted(split.file(), bufferOffset));
                }
                byte[] larger = new byte[buffer.length * 2];
                System.arraycopy(buffer, 0, larger, 0, limit);
                buffer = larger;
            }
            while (limit < buffer.length && !endOfFile) {
                int read = channel.read(ByteBuffer.wrap(buffer, limit, buffer.length - limit), bufferOffset + limit);
                if (read < 0) {
                    endOfFile = true;
                }
                else if (read > 0) {
                    limit += read;
                    break;
                }
            }
            return keepFrom;
        }

        /** Appends the line in buffer[start, terminator), without a trailing carriage return. */
        private void append(int start, int terminator) {
            int end = terminator > start && buffer[terminator - 1] == '\r' ? terminator - 1 : terminator;
            if (batch == null) {
                newBatch();
            }
            values.setSafe(rows, buffer, start, end - start);
            rows++;
            batchBytes += end - start;
            if (rows == batchSize) {
                emitBatch();
            }
        }

        private void newBatch() {
            batch = VectorSchemaRoot.create(SCHEMA, allocator);
            values = (VarCharVector) batch.getVector(0);
            long guess = Math.min(Integer.MAX_VALUE / 2, Math.min(bytesPerLineGuess * batchSize, split.length() + MIN_BUFFER_BYTES));
            values.allocateNew(Math.max(guess, 1024), batchSize);
            rows = 0;
            batchBytes = 0;
        }

        private void emitBatch() {
            if (batch == null) {
                return;
            }
            VectorSchemaRoot full = batch;
            full.setRowCount(rows);
            bytesPerLineGuess = Math.max(1, batchBytes * 9 / 8 / Math.max(1, rows) + 1);
            batch = null;
            values = null;
            out.accept(full);
        }
    }
}
