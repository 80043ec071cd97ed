package dev.weft.kernels.ops;

import static java.util.Objects.requireNonNull;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
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
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stable sort of Arrow batches by several keys (ascending or descending, NULLs first or last, strings in code point
 * order). Rows are copied into the sorter's memory, charged to the {@link MemoryBudget}; when the budget is full the
 * buffered rows are sorted and written as a run (an Arrow IPC file under the spill directory), and {@link #finish}
 * k-way merges the runs (in several passes beyond {@value #MAX_MERGE_WIDTH} runs).
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
        this.kinds = new ValueKind[this.keys.size()];
        List<Field> fields = schema.getFields();
        for (int k = 0; k < kinds.length; k++) {
            int column = this.keys.get(k).column();
            if (column >= fields.size()) {
                throw new WeftException(ErrorCode.INVALID_ARGUMENT,
                        "sort column %d is outside the %d columns of %s".formatted(column, fields.size(), schema));
            }
            kinds[k] = ValueKind.of(fields.get(column).getType(), "sort key '%s'".formatted(fields.get(column).getName()));
        }
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
        checkOpen();
        finished = true;
        if (runs.isEmpty()) {
            emitBuffered(output, allocator, limit);
        } else {
            if (!buffered.isEmpty()) {
                spillRun();
            }
            mergeRuns(output);
        }
        clearBuffered();
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

    private void emitBuffered(Consumer<VectorSchemaRoot> output, BufferAllocator target, long maxRows) {
        if (buffered.isEmpty()) {
            return;
        }
        int[] order = sortBuffered();
        writeSorted(order, (int) Math.min(maxRows, order.length), target, output);
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
        int[] starts = new int[buffered.size()];
        int start = 0;
        for (int b = 0; b < starts.length; b++) {
            starts[b] = start;
            start += buffered.get(b).getRowCount();
        }
        VectorSchemaRoot[] sources = buffered.toArray(new VectorSchemaRoot[0]);
        int[] sourceIndex = new int[Math.min(batchSize, count)];
        int[] rows = new int[sourceIndex.length];
        for (int from = 0; from < count; from += batchSize) {
            int chunk = Math.min(batchSize, count - from);
            for (int i = 0; i < chunk; i++) {
                int row = order[from + i];
                int b = Arrays.binarySearch(starts, row);
                b = b >= 0 ? b : -b - 2;
                while (b + 1 < starts.length && starts[b + 1] == row) {
                    b++;
                }
                sourceIndex[i] = b;
                rows[i] = row - starts[b];
            }
            output.accept(gather(sources, sourceIndex, rows, 0, chunk, target));
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

    private void mergeRuns(Consumer<VectorSchemaRoot> output) {
        while (runs.size() > MAX_MERGE_WIDTH) {
            List<Path> merged = new ArrayList<>();
            for (int from = 0; from < runs.size(); from += MAX_MERGE_WIDTH) {
                List<Path> group = runs.subList(from, Math.min(runs.size(), from + MAX_MERGE_WIDTH));
                Path file = writeRun(sink -> merge(group, bufferAllocator, sink));
                group.forEach(spillFiles::delete);
                merged.add(file);
            }
            runs.clear();
            runs.addAll(merged);
        }
        merge(runs, allocator, output);
        runs.forEach(spillFiles::delete);
        runs.clear();
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

    private void merge(List<Path> files, BufferAllocator target, Consumer<VectorSchemaRoot> output) {
        try (RunMerger merger = new RunMerger(files, schema, keys, kinds, bufferAllocator, batchSize)) {
            merger.merge(limit, target, output);
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
        List<AutoCloseable> closeables = new ArrayList<>(buffered);
        buffered.clear();
        closeables.add(spillFiles);
        closeables.add(reservation);
        closeables.add(bufferAllocator);
        BatchCopies.closeAll(closeables);
    }
}
