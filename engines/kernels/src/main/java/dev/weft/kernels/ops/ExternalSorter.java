package dev.weft.kernels.ops;

import static java.util.Objects.requireNonNull;

import dev.weft.channels.IpcFileChannel;
import dev.weft.kernels.memory.MemoryBudget;
import dev.weft.kernels.memory.MemoryReservation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stable sort of Arrow batches by several keys (ascending or descending, NULLs first or last, strings in code point
 * order). Rows are copied into the sorter's memory, charged to the {@link MemoryBudget}; when the budget is full the
 * buffered rows are sorted and written as a run (an Arrow IPC file under the spill directory), and {@link #finish}
 * k-way merges the runs (in several passes beyond {@value #MAX_MERGE_WIDTH} runs) with a {@link SortedStreamMerger}.
 * {@link #sortedStream} gives the same output pulled batch by batch, so that the sorted outputs of several sorters
 * can be merged in turn.
 *
 * <p>With a {@code limit} below {@code Long.MAX_VALUE} it is a top-k: it keeps at most about 2k rows, drops incoming
 * rows that cannot beat the current k-th row, and emits the first k rows. Spill files are deleted at close. Not
 * thread-safe.
 */
public final class ExternalSorter implements AutoCloseable {
    static final int MAX_MERGE_WIDTH = 64;
    /** Sorting arrays per row: row number and two key words, twice (merge sort). */
    private static final long SORT_BYTES_PER_ROW = 40;

    private static final Logger LOG = LoggerFactory.getLogger(ExternalSorter.class);

    private final Schema schema;
    private final List<SortSpec> keys;
    private final ValueKind[] kinds;
    private final long limit;
    private final BufferAllocator allocator;
    private final BufferAllocator bufferAllocator;
    private final MemoryReservation reservation;
    private final SpillFiles spillFiles;
    private final int batchSize;
    private final List<VectorSchemaRoot> buffered = new ArrayList<>();
    private final List<Path> runs = new ArrayList<>();
    private long bufferedRows;
    private long bufferedBytes;
    /** Top-k: the keys of the current k-th row; rows that do not sort before it are dropped. */
    private SortKeys threshold;
    /** The output stream once {@link #sortedStream} was called; closed with the sorter. */
    private SortedBatchStream output;
    private int runCount;
    private long spilledBytes;
    private boolean finished;
    private boolean closed;

    public ExternalSorter(Schema schema, List<SortSpec> keys, long limit, BufferAllocator allocator, MemoryBudget budget,
                          Path spillDirectory, int batchSize) {
        this.schema = requireNonNull(schema, "schema is null");
        this.keys = List.copyOf(requireNonNull(keys, "keys is null"));
        this.allocator = requireNonNull(allocator, "allocator is null");
        requireNonNull(budget, "budget is null");
        requireNonNull(spillDirectory, "spillDirectory is null");
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be >= 0, got " + limit);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
        this.limit = limit;
        this.batchSize = batchSize;
        this.kinds = SortedStreamMerger.kinds(schema, this.keys);
        this.reservation = new MemoryReservation(budget);
        this.spillFiles = new SpillFiles(spillDirectory, "weft-sort-");
        this.bufferAllocator = allocator.newChildAllocator("external-sorter", 0, Long.MAX_VALUE);
    }

    /** Adds a batch; does not take ownership. */
    public void add(VectorSchemaRoot batch) {
        requireNonNull(batch, "batch is null");
        checkOpen();
        BatchChecks.checkBatch(batch, schema, "sort input");
        if (batch.getRowCount() == 0 || limit == 0) {
            return;
        }
        VectorSchemaRoot copy = threshold == null ? BatchCopies.copy(batch, bufferAllocator) : copyRowsBeforeThreshold(batch);
        if (copy == null) {
            return;
        }
        try {
            long bytes = BatchCopies.bytes(copy) + SortKeys.estimateBytes(keys, kinds, copy) + copy.getRowCount() * SORT_BYTES_PER_ROW;
            if (!reservation.tryResize(bufferedBytes + bytes)) {
                if (!buffered.isEmpty()) {
                    spillRun();
                }
                reservation.tryResize(bytes);
            }
            buffered.add(copy);
            copy = null;
            bufferedRows += buffered.get(buffered.size() - 1).getRowCount();
            bufferedBytes += bytes;
        } finally {
            if (copy != null) {
                copy.close();
            }
        }
        if (limit != Long.MAX_VALUE && bufferedRows > limit && bufferedRows - limit >= limit) {
            compactToLimit();
        }
    }

    /** Emits the sorted rows (at most {@code limit}) in batches of at most {@code batchSize} rows; the consumer owns each. */
    public void finish(Consumer<VectorSchemaRoot> output) {
        requireNonNull(output, "output is null");
        try (SortedBatchStream stream = sortedStream()) {
            for (VectorSchemaRoot batch = stream.next(); batch != null; batch = stream.next()) {
                output.accept(batch);
            }
        }
    }

    /**
     * Ends the input and returns the sorted rows (at most {@code limit}) as a stream of batches of at most
     * {@code batchSize} rows, allocated from the sorter's allocator. The sorting work happens here (in-memory rows are
     * sorted, spilled runs merged down to one final merge pass); the stream then only gathers rows. Rows in memory stay
     * reserved from the budget until the stream or the sorter is closed; closing the sorter closes the stream.
     */
    public SortedBatchStream sortedStream() {
        checkOpen();
        finished = true;
        if (runs.isEmpty()) {
            output = new BufferedStream(buffered.isEmpty() ? new int[0] : sortBuffered());
        } else {
            if (!buffered.isEmpty()) {
                spillRun();
            }
            reduceRuns();
            List<Path> files = List.copyOf(runs);
            runs.clear();
            SortedStreamMerger merger = new SortedStreamMerger(readers(files), schema, keys, limit, allocator, batchSize);
            output = new SortedBatchStream() {
                @Override
                public VectorSchemaRoot next() {
                    return merger.next();
                }

                @Override
                public void close() {
                    try {
                        merger.close();
                    } finally {
                        files.forEach(spillFiles::delete);
                    }
                }
            };
        }
        return output;
    }

    /** Sorted runs written to disk so far. */
    public int spillCount() {
        return runCount;
    }

    /** Bytes written to spill files. */
    public long spilledBytes() {
        return spilledBytes;
    }

    private VectorSchemaRoot copyRowsBeforeThreshold(VectorSchemaRoot batch) {
        SortKeys incoming = SortKeys.extract(keys, kinds, List.of(batch));
        int last = threshold.rowCount() - 1;
        int rowCount = batch.getRowCount();
        int[] rows = new int[rowCount];
        int count = 0;
        for (int i = 0; i < rowCount; i++) {
            if (incoming.compare(i, threshold, last) < 0) {
                rows[count++] = i;
            }
        }
        if (count == 0) {
            return null;
        }
        return gather(new VectorSchemaRoot[] {batch}, null, rows, 0, count, bufferAllocator);
    }

    /** Top-k: keeps only the first {@code limit} buffered rows and remembers the last one as the threshold. */
    private void compactToLimit() {
        int[] order = sortBuffered();
        List<VectorSchemaRoot> kept = new ArrayList<>();
        try {
            writeSorted(order, (int) limit, bufferAllocator, kept::add);
        } catch (RuntimeException e) {
            BatchCopies.closeAll(kept);
            throw e;
        }
        clearBuffered();
        buffered.addAll(kept);
        for (VectorSchemaRoot batch : kept) {
            bufferedRows += batch.getRowCount();
            bufferedBytes += BatchCopies.bytes(batch) + SortKeys.estimateBytes(keys, kinds, batch) + batch.getRowCount() * SORT_BYTES_PER_ROW;
        }
        reservation.tryResize(bufferedBytes);
        threshold = SortKeys.extract(keys, kinds, List.of(kept.get(kept.size() - 1)));
    }

    /** Sorts the buffered rows into a run file and frees them. */
    private void spillRun() {
        int[] order = sortBuffered();
        Path file = writeRun(sink -> writeSorted(order, (int) Math.min(limit, order.length), bufferAllocator, sink));
        runs.add(file);
        runCount++;
        LOG.debug("spilled a sorted run of {} rows ({} bytes reserved) to {}", order.length, reservation.bytes(), file);
        clearBuffered();
        reservation.tryResize(0);
    }

    /** The buffered rows in sorted order, numbered across the buffered batches. */
    private int[] sortBuffered() {
        long start = System.nanoTime();
        SortKeys sortKeys = SortKeys.extract(keys, kinds, buffered);
        int count = sortKeys.rowCount();
        int[] order = ColumnWriter.identity(count);
        long[] words = sortKeys.normalizedPrefixes();
        long extracted = System.nanoTime();
        StableSort.sort(order, words, count, sortKeys::compareTie);
        LOG.debug("sorted {} rows: keys extracted in {} ms, sorted in {} ms", count, (extracted - start) / 1_000_000,
                (System.nanoTime() - extracted) / 1_000_000);
        return order;
    }

    /** Emits the first {@code count} rows of {@code order} from the buffered batches, in batches of batchSize. */
    private void writeSorted(int[] order, int count, BufferAllocator target, Consumer<VectorSchemaRoot> output) {
        SortedRows rows = new SortedRows(order, count);
        for (VectorSchemaRoot batch = rows.next(target); batch != null; batch = rows.next(target)) {
            output.accept(batch);
        }
    }

    /** The buffered rows in a given order, gathered batchSize rows at a time. */
    private final class SortedRows {
        private final int[] order;
        private final int count;
        private final int[] starts;
        private final VectorSchemaRoot[] sources;
        private final int[] sourceIndex;
        private final int[] rows;
        private int position;

        SortedRows(int[] order, int count) {
            this.order = order;
            this.count = count;
            this.starts = new int[buffered.size()];
            int start = 0;
            for (int b = 0; b < starts.length; b++) {
                starts[b] = start;
                start += buffered.get(b).getRowCount();
            }
            this.sources = buffered.toArray(new VectorSchemaRoot[0]);
            this.sourceIndex = new int[Math.min(batchSize, count)];
            this.rows = new int[sourceIndex.length];
        }

        /** The next batch of rows (the caller owns it), or null after the last row. */
        VectorSchemaRoot next(BufferAllocator target) {
            if (position >= count) {
                return null;
            }
            int chunk = Math.min(batchSize, count - position);
            for (int i = 0; i < chunk; i++) {
                int row = order[position + i];
                int b = Arrays.binarySearch(starts, row);
                b = b >= 0 ? b : -b - 2;
                while (b + 1 < starts.length && starts[b + 1] == row) {
                    b++;
                }
                sourceIndex[i] = b;
                rows[i] = row - starts[b];
            }
            VectorSchemaRoot batch = gather(sources, sourceIndex, rows, 0, chunk, target);
            position += chunk;
            return batch;
        }
    }

    /** The sorted output when nothing was spilled: gathers from the buffered rows, which it frees when closed. */
    private final class BufferedStream implements SortedBatchStream {
        private final SortedRows rows;
        private boolean closed;

        BufferedStream(int[] order) {
            this.rows = new SortedRows(order, (int) Math.min(limit, order.length));
        }

        @Override
        public VectorSchemaRoot next() {
            if (closed) {
                throw new IllegalStateException("sorted stream is closed");
            }
            return rows.next(allocator);
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                clearBuffered();
                reservation.tryResize(0);
            }
        }
    }

    /** A new batch of the schema with the picked rows. */
    private VectorSchemaRoot gather(VectorSchemaRoot[] sources, int[] sourceIndex, int[] rows, int from, int count, BufferAllocator target) {
        VectorSchemaRoot out = VectorSchemaRoot.create(schema, target);
        try {
            FieldVector[] columnSources = new FieldVector[sources.length];
            for (int c = 0; c < schema.getFields().size(); c++) {
                for (int s = 0; s < sources.length; s++) {
                    columnSources[s] = sources[s].getVector(c);
                }
                VectorGather.gather(columnSources, sourceIndex, rows, from, count, out.getVector(c));
            }
            out.setRowCount(count);
            return out;
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
    }

    /** Merges groups of runs into longer runs until one merge pass of at most MAX_MERGE_WIDTH runs is left. */
    private void reduceRuns() {
        while (runs.size() > MAX_MERGE_WIDTH) {
            List<Path> merged = new ArrayList<>();
            for (int from = 0; from < runs.size(); from += MAX_MERGE_WIDTH) {
                List<Path> group = runs.subList(from, Math.min(runs.size(), from + MAX_MERGE_WIDTH));
                Path file = writeRun(sink -> merge(group, sink));
                group.forEach(spillFiles::delete);
                merged.add(file);
            }
            runs.clear();
            runs.addAll(merged);
        }
    }

    /** Readers of the run files, in order (all closed if one cannot be opened). */
    private List<SortedBatchStream> readers(List<Path> files) {
        List<SortedBatchStream> readers = new ArrayList<>();
        try {
            for (Path file : files) {
                readers.add(new RunReader(file, bufferAllocator));
            }
        } catch (RuntimeException e) {
            BatchCopies.closeAll(readers);
            throw e;
        }
        return readers;
    }

    /** A new run file with the batches {@code producer} hands to its sink (each closed once written). */
    private Path writeRun(Consumer<Consumer<VectorSchemaRoot>> producer) {
        Path file = spillFiles.create();
        IpcFileChannel.Writer writer = IpcFileChannel.openWriter(file, schema, bufferAllocator);
        try {
            producer.accept(batch -> {
                try (batch) {
                    writer.write(batch);
                }
            });
        } finally {
            writer.close();
        }
        spilledBytes += writer.bytesWritten();
        return file;
    }

    private void merge(List<Path> files, Consumer<VectorSchemaRoot> output) {
        try (SortedStreamMerger merger = new SortedStreamMerger(readers(files), schema, keys, limit, bufferAllocator, batchSize)) {
            for (VectorSchemaRoot batch = merger.next(); batch != null; batch = merger.next()) {
                output.accept(batch);
            }
        }
    }

    private void clearBuffered() {
        BatchCopies.closeAll(buffered);
        buffered.clear();
        bufferedRows = 0;
        bufferedBytes = 0;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("external sorter is closed");
        }
        if (finished) {
            throw new IllegalStateException("external sorter is finished");
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<AutoCloseable> closeables = new ArrayList<>();
        if (output != null) {
            closeables.add(output);
        }
        closeables.addAll(buffered);
        buffered.clear();
        closeables.add(spillFiles);
        closeables.add(reservation);
        closeables.add(bufferAllocator);
        BatchCopies.closeAll(closeables);
    }
}
