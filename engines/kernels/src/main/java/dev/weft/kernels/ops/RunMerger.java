package dev.weft.kernels.ops;

import dev.weft.channels.IpcFileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * K-way merge of sorted runs (Arrow IPC files) with a binary heap of run cursors; ties go to the earlier run, which
 * keeps the sort stable. Each cursor holds one batch of its run; batches are kept until the output rows that point into
 * them have been copied out.
 */
final class RunMerger implements AutoCloseable {
    private final Schema schema;
    private final List<SortSpec> keys;
    private final ValueKind[] kinds;
    private final BufferAllocator allocator;
    private final int batchSize;
    private final List<Cursor> cursors = new ArrayList<>();
    /** Batches that pending output rows point into (cursors' current batches among them). */
    private final List<VectorSchemaRoot> retained = new ArrayList<>();

    private static final class Cursor {
        final int run;
        final IpcFileChannel.Reader reader;
        int batch = -1;
        SortKeys keys;
        int position;
        int rowCount;

        Cursor(int run, IpcFileChannel.Reader reader) {
            this.run = run;
            this.reader = reader;
        }
    }

    RunMerger(List<Path> runs, Schema schema, List<SortSpec> keys, ValueKind[] kinds, BufferAllocator allocator, int batchSize) {
        this.schema = schema;
        this.keys = keys;
        this.kinds = kinds;
        this.allocator = allocator;
        this.batchSize = batchSize;
        try {
            for (int r = 0; r < runs.size(); r++) {
                cursors.add(new Cursor(r, IpcFileChannel.openReader(runs.get(r), allocator)));
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    void merge(long limit, BufferAllocator target, Consumer<VectorSchemaRoot> output) {
        Cursor[] heap = new Cursor[cursors.size()];
        int size = 0;
        for (Cursor cursor : cursors) {
            if (advance(cursor)) {
                heap[size++] = cursor;
            }
        }
        for (int i = size / 2 - 1; i >= 0; i--) {
            siftDown(heap, size, i);
        }
        int[] pendingBatch = new int[batchSize];
        int[] pendingRow = new int[batchSize];
        int pending = 0;
        long emitted = 0;
        while (size > 0 && emitted < limit) {
            Cursor top = heap[0];
            pendingBatch[pending] = top.batch;
            pendingRow[pending] = top.position;
            pending++;
            emitted++;
            top.position++;
            if (top.position == top.rowCount && !advance(top)) {
                heap[0] = heap[--size];
            }
            if (size > 0) {
                siftDown(heap, size, 0);
            }
            if (pending == batchSize) {
                flush(pendingBatch, pendingRow, pending, target, output);
                pending = 0;
            }
        }
        if (pending > 0) {
            flush(pendingBatch, pendingRow, pending, target, output);
        }
    }

    /** Loads the cursor's next non-empty batch; false at the end of its run. */
    private boolean advance(Cursor cursor) {
        while (cursor.reader.next()) {
            if (cursor.reader.root().getRowCount() == 0) {
                continue;
            }
            retained.add(BatchCopies.transfer(cursor.reader.root(), allocator));
            cursor.batch = retained.size() - 1;
            cursor.keys = SortKeys.extract(keys, kinds, List.of(retained.get(cursor.batch)));
            cursor.position = 0;
            cursor.rowCount = cursor.keys.rowCount();
            return true;
        }
        cursor.batch = -1;
        cursor.keys = null;
        return false;
    }

    private void flush(int[] pendingBatch, int[] pendingRow, int count, BufferAllocator target, Consumer<VectorSchemaRoot> output) {
        VectorSchemaRoot out = VectorSchemaRoot.create(schema, target);
        try {
            FieldVector[] sources = new FieldVector[retained.size()];
            for (int c = 0; c < schema.getFields().size(); c++) {
                for (int s = 0; s < sources.length; s++) {
                    sources[s] = retained.get(s).getVector(c);
                }
                VectorGather.gather(sources, pendingBatch, pendingRow, 0, count, out.getVector(c));
            }
            out.setRowCount(count);
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
        releaseConsumedBatches();
        output.accept(out);
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

    private void siftDown(Cursor[] heap, int size, int index) {
        Cursor item = heap[index];
        int i = index;
        while (true) {
            int child = 2 * i + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && less(heap[child + 1], heap[child])) {
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
        return c < 0 || (c == 0 && a.run < b.run);
    }

    @Override
    public void close() {
        List<AutoCloseable> closeables = new ArrayList<>();
        closeables.addAll(retained);
        retained.clear();
        for (Cursor cursor : cursors) {
            closeables.add(cursor.reader);
        }
        cursors.clear();
        BatchCopies.closeAll(closeables);
    }
}
