package dev.weft.kernels.expr;

import static java.util.Objects.requireNonNull;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import java.util.BitSet;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;

/**
 * The columns an expression tree is evaluated over: the input batch's vectors by schema position, or a subset of its
 * rows (see {@link #subset}) when an expression must only see some rows.
 */
final class Batch implements AutoCloseable {
    private final FieldVector[] columns;
    private final int rowCount;
    private final BufferAllocator allocator;
    private final boolean ownsColumns;

    private Batch(FieldVector[] columns, int rowCount, BufferAllocator allocator, boolean ownsColumns) {
        this.columns = columns;
        this.rowCount = rowCount;
        this.allocator = requireNonNull(allocator, "allocator is null");
        this.ownsColumns = ownsColumns;
    }

    static Batch of(FieldVector[] columns, int rowCount, BufferAllocator allocator) {
        return new Batch(columns, rowCount, allocator, false);
    }

    FieldVector column(int index) {
        if (index >= columns.length) {
            throw new WeftException(ErrorCode.TYPE_MISMATCH,
                    "the batch has %d columns but the expression reads column %d; compile the expression for the batch's schema"
                            .formatted(columns.length, index + 1));
        }
        FieldVector column = columns[index];
        if (column == null) {
            throw new IllegalStateException("column %d was not copied into this row subset".formatted(index));
        }
        return column;
    }

    int rowCount() {
        return rowCount;
    }

    BufferAllocator allocator() {
        return allocator;
    }

    /** A batch holding copies of {@code rows[0..count)} of the given columns (the other columns are absent). */
    Batch subset(int[] rows, int count, BitSet columnsToCopy) {
        FieldVector[] copies = new FieldVector[columns.length];
        try {
            for (int index = columnsToCopy.nextSetBit(0); index >= 0; index = columnsToCopy.nextSetBit(index + 1)) {
                copies[index] = RowCopier.copy(columns[index], rows, count, allocator);
            }
        } catch (RuntimeException | Error e) {
            closeAll(copies);
            throw e;
        }
        return new Batch(copies, count, allocator, true);
    }

    @Override
    public void close() {
        if (ownsColumns) {
            closeAll(columns);
        }
    }

    private static void closeAll(FieldVector[] vectors) {
        for (FieldVector vector : vectors) {
            if (vector != null) {
                vector.close();
            }
        }
    }
}
