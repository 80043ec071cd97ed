package dev.weft.engine.java.exec;

import static java.util.Objects.requireNonNull;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.channels.Batches;
import dev.weft.channels.IpcFileChannel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Batches an operator buffers for a later consumer, in order, charged to the stage's {@link BufferMemory}. When a
 * batch does not fit, the buffer writes the batches it holds in memory and the new one to its spill file (Arrow IPC,
 * one file per buffer, under the spill directory) and releases their memory; later batches are held in memory again
 * while they fit. When everything fits there is no copy and no file.
 *
 * <p>Appending ends with {@link #finishWriting} (at the latest, the first read). Reads return the batches in append
 * order (spilled batches are always older than those in memory), one of three ways ({@link ReadMode}):
 * {@code BORROW} and {@code COPY} any number of times, also concurrently; {@code TAKE} once, as the last read.
 * {@link #close} releases what is still held and deletes the file, also after a failure. Thread-safe.
 */
public final class SpillableBatchBuffer implements AutoCloseable {
    /** Names of spill files start with this. */
    public static final String FILE_PREFIX = "weft-buffer-";

    private static final Logger LOG = LoggerFactory.getLogger(SpillableBatchBuffer.class);

    /** How a read returns the batches. */
    public enum ReadMode {
        /** The buffer's own batches (or the spill reader's reused one), valid until the next call; do not close them. */
        BORROW,
        /** Batches the caller owns: copies of those in memory, spilled ones read anew. */
        COPY,
        /**
         * The batches themselves, handed over (the caller owns each; its memory is released as it is handed over),
         * the file deleted when the read is closed; the buffer is empty afterwards. If another read is still open, the
         * read copies instead and the data stays until {@link #close}.
         */
        TAKE
    }

    private record Held(VectorSchemaRoot batch, long bytes) {}

    private final BufferMemory memory;
    private final Path spillDirectory;
    private final BufferAllocator allocator;
    private List<Held> held = new ArrayList<>();
    private long heldBytes;
    private Path file;
    private IpcFileChannel.Writer writer;
    private long rows;
    private long batchCount;
    private int spills;
    private long spilledBytes;
    private boolean writing = true;
    private boolean taken;
    private boolean broken;
    private boolean closed;
    private int openReads;

    public SpillableBatchBuffer(BufferMemory memory, Path spillDirectory, BufferAllocator allocator) {
        this.memory = requireNonNull(memory, "memory is null");
        this.spillDirectory = requireNonNull(spillDirectory, "spillDirectory is null");
        this.allocator = requireNonNull(allocator, "allocator is null");
    }

    /**
     * Adds a batch at the end (takes ownership; an empty batch is dropped): held in memory if its size fits the
     * budget, else written with every batch held in memory to the spill file. All batches must have the same column
     * types.
     */
    public void append(VectorSchemaRoot batch) {
        requireNonNull(batch, "batch is null");
        synchronized (this) {
            if (closed || !writing || broken) {
                batch.close();
                throw new IllegalStateException("cannot append to a buffer that is %s".formatted(
                        closed ? "closed" : broken ? "broken by an earlier failure" : "being read"));
            }
            if (batch.getRowCount() == 0) {
                batch.close();
                return;
            }
            rows += batch.getRowCount();
            batchCount++;
            long bytes = Batches.sizeInBytes(batch);
            if (memory.tryReserve(bytes)) {
                held.add(new Held(batch, bytes));
                heldBytes += bytes;
            } else {
                spill(batch);
            }
        }
    }

    /** Ends appending: completes the spill file, if any. Reads call it; call it earlier to release the file handle. */
    public synchronized void finishWriting() {
        writing = false;
        if (writer != null) {
            IpcFileChannel.Writer finishing = writer;
            writer = null;
            try {
                finishing.close();
                spilledBytes = finishing.bytesWritten();
            } catch (RuntimeException e) {
                broken = true;
                throw e;
            }
        }
    }

    /** Opens a read of every batch, in order; close it (try-with-resources). */
    public synchronized Cursor read(ReadMode mode) {
        requireNonNull(mode, "mode is null");
        if (closed || taken || broken) {
            throw new IllegalStateException("cannot read a buffer that is %s".formatted(
                    closed ? "closed" : taken ? "already taken" : "broken by an earlier failure"));
        }
        finishWriting();
        if (mode == ReadMode.TAKE && openReads == 0) {
            taken = true;
            List<Held> batches = held;
            held = new ArrayList<>();
            heldBytes = 0;
            Path spilled = file;
            file = null;
            return new Cursor(ReadMode.TAKE, spilled, batches);
        }
        openReads++;
        return new Cursor(mode == ReadMode.TAKE ? ReadMode.COPY : mode, file, List.copyOf(held));
    }

    /**
     * Pushes every batch, in order, into {@code consumer} until it returns false; true if it took them all. The
     * consumer owns each batch it gets unless the mode is {@code BORROW} (also when it throws).
     */
    public boolean forEach(ReadMode mode, Predicate<VectorSchemaRoot> consumer) {
        requireNonNull(consumer, "consumer is null");
        try (Cursor cursor = read(mode)) {
            for (VectorSchemaRoot batch = cursor.next(); batch != null; batch = cursor.next()) {
                if (!consumer.test(batch)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Rows appended (in memory or spilled). */
    public synchronized long rowCount() {
        return rows;
    }

    /** Batches appended (empty ones are dropped). */
    public synchronized long batchCount() {
        return batchCount;
    }

    /** Bytes held in memory now (reserved in the budget). */
    public synchronized long bytesInMemory() {
        return heldBytes;
    }

    /** How many times batches were written to the spill file. */
    public synchronized int spillCount() {
        return spills;
    }

    /** Bytes written to the spill file so far. */
    public synchronized long spilledBytes() {
        return writer != null ? writer.bytesWritten() : spilledBytes;
    }

    /** The spill file while it exists. */
    public synchronized Optional<Path> spillFile() {
        return Optional.ofNullable(file);
    }

    /** Releases every batch still held and deletes the spill file; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        RuntimeException failure = null;
        if (writer != null) {
            try {
                writer.close();
            } catch (RuntimeException e) {
                failure = e;
            }
            writer = null;
        }
        try {
            releaseHeld();
        } catch (RuntimeException e) {
            failure = addTo(failure, e);
        }
        deleteQuietly(file);
        file = null;
        if (failure != null) {
            throw failure;
        }
    }

    private void spill(VectorSchemaRoot incoming) {
        try (incoming) {
            if (writer == null) {
                openFile(incoming);
            }
            for (Held batch : held) {
                writer.write(batch.batch());
            }
            writer.write(incoming);
        } catch (RuntimeException e) {
            broken = true;
            throw e;
        }
        spills++;
        LOG.debug("spilled {} batches ({} bytes in memory) to {}", held.size() + 1, heldBytes, file);
        releaseHeld();
    }

    private void openFile(VectorSchemaRoot first) {
        try {
            Files.createDirectories(spillDirectory);
            file = Files.createTempFile(spillDirectory, FILE_PREFIX, ".arrow");
        } catch (IOException e) {
            throw new WeftException(ErrorCode.SPILL_FAILED,
                    "cannot create a spill file in %s: %s; point the spill directory at a writable disk with free space"
                            .formatted(spillDirectory, e), e);
        }
        writer = IpcFileChannel.openWriter(file, first.getSchema(), allocator);
    }

    private void releaseHeld() {
        List<Held> batches = held;
        long bytes = heldBytes;
        held = new ArrayList<>();
        heldBytes = 0;
        memory.release(bytes);
        BatchShapes.closeAll(batches.stream().map(Held::batch).toList());
    }

    private synchronized void readClosed() {
        openReads--;
    }

    private static RuntimeException addTo(RuntimeException failure, RuntimeException e) {
        if (failure == null) {
            return e;
        }
        failure.addSuppressed(e);
        return failure;
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("could not delete spill file {}: {}", file, e.toString());
        }
    }

    /** One read of the buffer: the spilled batches, then those in memory. Not thread-safe (one reader). */
    public final class Cursor implements AutoCloseable {
        private final ReadMode mode;
        private final Path spilled;
        private final List<Held> batches;
        private IpcFileChannel.Reader reader;
        private boolean spilledDone;
        private int next;
        private boolean done;

        private Cursor(ReadMode mode, Path spilled, List<Held> batches) {
            this.mode = mode;
            this.spilled = spilled;
            this.batches = mode == ReadMode.TAKE ? new ArrayList<>(batches) : batches;
            this.spilledDone = spilled == null;
        }

        /** The next batch (see {@link ReadMode} for who owns it), or null at the end. */
        public VectorSchemaRoot next() {
            if (done) {
                throw new IllegalStateException("the read of the buffer is closed");
            }
            if (!spilledDone) {
                if (reader == null) {
                    reader = IpcFileChannel.openReader(spilled, allocator);
                }
                while (reader.next()) {
                    VectorSchemaRoot root = reader.root();
                    if (root.getRowCount() > 0) {
                        return mode == ReadMode.BORROW ? root : Batches.transfer(root, allocator);
                    }
                }
                spilledDone = true;
                closeReader();
            }
            if (next >= batches.size()) {
                return null;
            }
            Held batch = batches.get(next);
            if (mode == ReadMode.TAKE) {
                batches.set(next++, null);
                memory.release(batch.bytes());
                return batch.batch();
            }
            next++;
            return mode == ReadMode.COPY ? BatchShapes.copy(batch.batch(), allocator) : batch.batch();
        }

        @Override
        public void close() {
            if (done) {
                return;
            }
            done = true;
            RuntimeException failure = null;
            try {
                closeReader();
            } catch (RuntimeException e) {
                failure = e;
            }
            if (mode == ReadMode.TAKE) {
                List<Held> rest = batches.subList(next, batches.size());
                try {
                    memory.release(rest.stream().mapToLong(Held::bytes).sum());
                    BatchShapes.closeAll(rest.stream().map(Held::batch).toList());
                } catch (RuntimeException e) {
                    failure = addTo(failure, e);
                }
                rest.clear();
                deleteQuietly(spilled);
            } else {
                readClosed();
            }
            if (failure != null) {
                throw failure;
            }
        }

        private void closeReader() {
            if (reader != null) {
                IpcFileChannel.Reader closing = reader;
                reader = null;
                closing.close();
            }
        }
    }
}
