package dev.weft.kernels.ops;

import static java.util.Objects.requireNonNull;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * K-way merge of streams sorted by the same keys into one sorted stream, with a binary heap of stream cursors. Ties
 * go to the stream that comes first in the list: merging stable sorts of consecutive parts of an input (the runs of a
 * sorter, the partitions of a dataset in partition order) is a stable sort of the whole input.
 *
 * <p>Each cursor holds the current batch of its stream; batches are kept until the output rows that point into them
 * have been copied out. Output batches have at most {@code batchSize} rows, at most {@code limit} in all, and are
 * allocated from {@code allocator}. Takes ownership of the sources (also when the constructor throws) and closes them
 * at {@link #close}. Not thread-safe.
 */
public final class SortedStreamMerger implements SortedBatchStream {
    private final Schema schema;
    private final List<SortSpec> keys;
    private final ValueKind[] kinds;
    private final long limit;
    private final BufferAllocator allocator;
    private final int batchSize;
    private final List<Cursor> cursors = new ArrayList<>();
    /** Batches that pending output rows point into (cursors' current batches among them). */
    private final List<VectorSchemaRoot> retained = new ArrayList<>();
    private Cursor[] heap;
    private int heapSize;
    private long emitted;
    private boolean closed;

    private static final class Cursor {
        final int stream;
        final SortedBatchStream source;
        int batch = -1;
        SortKeys keys;
        int position;
        int rowCount;

        Cursor(int stream, SortedBatchStream source) {
            this.stream = stream;
            this.source = source;
        }
    }

    public SortedStreamMerger(List<? extends SortedBatchStream> sources, Schema schema, List<SortSpec> keys, long limit,
                              BufferAllocator allocator, int batchSize) {
        requireNonNull(sources, "sources is null");
        for (int s = 0; s < sources.size(); s++) {
            cursors.add(new Cursor(s, requireNonNull(sources.get(s), "source is null")));
        }
        try {
            this.schema = requireNonNull(schema, "schema is null");
            this.keys = List.copyOf(requireNonNull(keys, "keys is null"));
            this.allocator = requireNonNull(allocator, "allocator is null");
            if (limit < 0) {
                throw new IllegalArgumentException("limit must be >= 0, got " + limit);
            }
            if (batchSize < 1) {
                throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
            }
            this.limit = limit;
            this.batchSize = batchSize;
            this.kinds = kinds(schema, this.keys);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    static ValueKind[] kinds(Schema schema, List<SortSpec> keys) {
        ValueKind[] kinds = new ValueKind[keys.size()];
        List<Field> fields = schema.getFields();
        for (int k = 0; k < kinds.length; k++) {
            int column = keys.get(k).column();
            if (column < 0 || column >= fields.size()) {
                throw new WeftException(ErrorCode.INVALID_ARGUMENT,
                        "sort column %d is outside the %d columns of %s; give a column index of the schema"
                                .formatted(column, fields.size(), schema));
            }
            kinds[k] = ValueKind.of(fields.get(column).getType(), "sort key '%s'".formatted(fields.get(column).getName()));
        }
        return kinds;
    }

    /** The next merged batch (the caller owns it), or null once every stream is exhausted or the limit is reached. */
    @Override
    public VectorSchemaRoot next() {
        if (closed) {
            throw new IllegalStateException("sorted stream merger is closed");
        }
        if (heap == null) {
            start();
        }
        int[] pendingBatch = new int[batchSize];
        int[] pendingRow = new int[batchSize];
        int pending = 0;
        while (heapSize > 0 && emitted < limit && pending < batchSize) {
            Cursor top = heap[0];
            pendingBatch[pending] = top.batch;
            pendingRow[pending] = top.position;
            pending++;
            emitted++;
            top.position++;
            if (top.position == top.rowCount && !advance(top)) {
                heap[0] = heap[--heapSize];
            }
            if (heapSize > 0) {
                siftDown(0);
            }
        }
        return pending == 0 ? null : flush(pendingBatch, pendingRow, pending);
    }

    private void start() {
        heap = new Cursor[cursors.size()];
        if (limit == 0) {
            return;
        }
        for (Cursor cursor : cursors) {
            if (advance(cursor)) {
                heap[heapSize++] = cursor;
            }
        }
        for (int i = heapSize / 2 - 1; i >= 0; i--) {
            siftDown(i);
        }
    }

    /** Loads the cursor's next non-empty batch; false at the end of its stream. */
    private boolean advance(Cursor cursor) {
        while (true) {
            VectorSchemaRoot batch = cursor.source.next();
            if (batch == null) {
                cursor.batch = -1;
                cursor.keys = null;
                return false;
            }
            retained.add(batch);
            BatchChecks.checkBatch(batch, schema, "merge input %d".formatted(cursor.stream));
            if (batch.getRowCount() == 0) {
                retained.remove(retained.size() - 1).close();
                continue;
            }
            cursor.batch = retained.size() - 1;
            cursor.keys = SortKeys.extract(keys, kinds, List.of(batch));
            cursor.position = 0;
            cursor.rowCount = cursor.keys.rowCount();
            return true;
        }
    }

    private VectorSchemaRoot flush(int[] pendingBatch, int[] pendingRow, int count) {
        VectorSchemaRoot out = VectorSchemaRoot.create(schema, allocator);
        try {
            FieldVector[] sources = new FieldVector[retained.size()];
            for (int c = 0; c < schema.getFields().size(); c++) {
                for (int s = 0; s < sources.length; s++) {
                    sources[s] = retained.get(s).getVector(c);
                }
                VectorGather.gather(sources, pendingBatch, pendingRow, 0, count, out.getVector(c));
            }
            out.setRowCount(count);
            releaseConsumedBatches();
            return out;
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
    }

    /** Closes batches that no cursor is reading any more and renumbers the rest. */
    private void releaseConsumedBatches() {
        boolean[] current = new boolean[retained.size()];
        for (Cursor cursor : cursors) {
            if (cursor.batch >= 0) {
                current[cursor.batch] = true;
            }
        }
        List<VectorSchemaRoot> kept = new ArrayList<>();
        int[] renumber = new int[retained.size()];
        for (int b = 0; b < retained.size(); b++) {
            if (current[b]) {
                renumber[b] = kept.size();
                kept.add(retained.get(b));
            } else {
                retained.get(b).close();
            }
        }
        retained.clear();
        retained.addAll(kept);
        for (Cursor cursor : cursors) {
            if (cursor.batch >= 0) {
                cursor.batch = renumber[cursor.batch];
            }
        }
    }

    private void siftDown(int index) {
        Cursor item = heap[index];
        int i = index;
        while (true) {
            int child = 2 * i + 1;
            if (child >= heapSize) {
                break;
            }
            if (child + 1 < heapSize && less(heap[child + 1], heap[child])) {
                child++;
            }
            if (!less(heap[child], item)) {
                break;
            }
            heap[i] = heap[child];
            i = child;
        }
        heap[i] = item;
    }

    private static boolean less(Cursor a, Cursor b) {
        int c = a.keys.compare(a.position, b.keys, b.position);
        return c < 0 || (c == 0 && a.stream < b.stream);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<AutoCloseable> closeables = new ArrayList<>(retained);
        retained.clear();
        for (Cursor cursor : cursors) {
            closeables.add(cursor.source);
        }
        BatchCopies.closeAll(closeables);
    }
}
