package dev.weft.kernels.rows;

import static java.util.Objects.requireNonNull;

import dev.weft.api.types.ElementType;
import dev.weft.api.types.Row;
import dev.weft.channels.RowDecoder;
import dev.weft.channels.RowEncoder;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/** Rows to Arrow batches and back, with the arrow-channels encoders (columns matched by position). */
public final class RowBatches {
    /** Rows per batch where a caller gives no batch size. */
    public static final int DEFAULT_BATCH_SIZE = 1024;

    private RowBatches() {}

    /** The rows of the batches, lazily; each batch is closed once its rows are read (or when it has none). */
    public static Iterator<Object[]> rows(Iterator<VectorSchemaRoot> batches) {
        requireNonNull(batches, "batches is null");
        return new Iterator<>() {
            private List<Object[]> current = List.of();
            private int next;

            @Override
            public boolean hasNext() {
                while (next >= current.size()) {
                    if (!batches.hasNext()) {
                        return false;
                    }
                    try (VectorSchemaRoot batch = batches.next()) {
                        current = rows(batch);
                    }
                    next = 0;
                }
                return true;
            }

            @Override
            public Object[] next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Object[] row = current.get(next);
                current.set(next++, null);
                return row;
            }
        };
    }

    /** The rows of one batch (which stays open and owned by the caller). */
    public static List<Object[]> rows(VectorSchemaRoot batch) {
        requireNonNull(batch, "batch is null");
        int count = batch.getRowCount();
        List<Object[]> rows = new ArrayList<>(count);
        if (count == 0) {
            return rows;
        }
        RowDecoder<Row> decoder = RowDecoder.create(ElementType.row(batch.getSchema())).bind(batch);
        for (int i = 0; i < count; i++) {
            rows.add(decoder.get(i).values());
        }
        return rows;
    }

    /**
     * Batches of at most {@code batchSize} rows of the schema, lazily: each {@code next()} returns a new batch the
     * caller owns; nothing is held between calls.
     */
    public static Iterator<VectorSchemaRoot> batches(Iterator<Object[]> rows, Schema schema, int batchSize, BufferAllocator allocator) {
        requireNonNull(rows, "rows is null");
        requireNonNull(schema, "schema is null");
        requireNonNull(allocator, "allocator is null");
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be positive, got %d".formatted(batchSize));
        }
        ElementType<Row> type = ElementType.row(schema);
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public VectorSchemaRoot next() {
                if (!rows.hasNext()) {
                    throw new NoSuchElementException();
                }
                try (RowEncoder<Row> encoder = RowEncoder.create(type, allocator)) {
                    while (encoder.rowCount() < batchSize && rows.hasNext()) {
                        encoder.append(Row.wrap(schema, rows.next()));
                    }
                    return encoder.finish();
                }
            }
        };
    }

    /** One batch (caller owns) holding the rows. */
    public static VectorSchemaRoot batch(List<Object[]> rows, Schema schema, BufferAllocator allocator) {
        requireNonNull(rows, "rows is null");
        try (RowEncoder<Row> encoder = RowEncoder.create(ElementType.row(schema), allocator)) {
            for (Object[] row : rows) {
                encoder.append(Row.wrap(schema, row));
            }
            return encoder.finish();
        }
    }
}
