package dev.weft.engine.java.exec;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.types.DataTypes;
import dev.weft.channels.Batches;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.util.AutoCloseables;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/** Zero-copy reshaping of batches: renaming columns to a schema, choosing columns, gluing columns side by side. */
public final class BatchShapes {
    private BatchShapes() {}

    /**
     * The batch with the names and nullability of {@code target} (types must match, columns by position). Takes
     * ownership of {@code batch}; returns it unchanged when it already has that schema.
     */
    public static VectorSchemaRoot conform(VectorSchemaRoot batch, Schema target, BufferAllocator allocator) {
        if (batch.getSchema().equals(target)) {
            return batch;
        }
        int[] all = new int[batch.getFieldVectors().size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        return select(batch, all, target, allocator);
    }

    /**
     * The columns {@code columns} of the batch, in that order, named as {@code target}; the other columns are
     * released. Takes ownership of {@code batch}.
     */
    public static VectorSchemaRoot select(VectorSchemaRoot batch, int[] columns, Schema target, BufferAllocator allocator) {
        try (batch) {
            List<Field> fields = target.getFields();
            if (fields.size() != columns.length) {
                throw new WeftException(ErrorCode.GENERIC_INTERNAL_ERROR, "cannot shape a batch of %s into %s: %d columns for %d fields"
                        .formatted(batch.getSchema(), target, columns.length, fields.size()));
            }
            int rowCount = batch.getRowCount();
            List<FieldVector> vectors = new ArrayList<>(columns.length);
            try {
                for (int i = 0; i < columns.length; i++) {
                    vectors.add(transfer(batch.getVector(columns[i]), fields.get(i), allocator));
                }
            } catch (RuntimeException e) {
                closeQuietly(vectors, e);
                throw e;
            }
            return new VectorSchemaRoot(fields, vectors, rowCount);
        }
    }

    /** One batch with the columns of {@code left} then those of {@code right}, named as {@code target}; takes ownership of both. */
    public static VectorSchemaRoot concatColumns(VectorSchemaRoot left, VectorSchemaRoot right, Schema target,
                                                 BufferAllocator allocator) {
        try (left; right) {
            if (left.getRowCount() != right.getRowCount()) {
                throw new WeftException(ErrorCode.GENERIC_INTERNAL_ERROR, "cannot glue batches of %d and %d rows"
                        .formatted(left.getRowCount(), right.getRowCount()));
            }
            List<Field> fields = target.getFields();
            List<FieldVector> sources = new ArrayList<>(left.getFieldVectors());
            sources.addAll(right.getFieldVectors());
            List<FieldVector> vectors = new ArrayList<>(sources.size());
            try {
                for (int i = 0; i < sources.size(); i++) {
                    vectors.add(transfer(sources.get(i), fields.get(i), allocator));
                }
            } catch (RuntimeException e) {
                closeQuietly(vectors, e);
                throw e;
            }
            return new VectorSchemaRoot(fields, vectors, left.getRowCount());
        }
    }

    /** A copy of the rows [start, start + count) of the batch (the caller keeps the batch and owns the copy). */
    public static VectorSchemaRoot slice(VectorSchemaRoot batch, int start, int count, BufferAllocator allocator) {
        int[] rows = new int[count];
        for (int i = 0; i < count; i++) {
            rows[i] = start + i;
        }
        return Batches.copyRows(batch, rows, count, allocator);
    }

    /** A deep copy of the batch (the caller keeps the batch and owns the copy). */
    public static VectorSchemaRoot copy(VectorSchemaRoot batch, BufferAllocator allocator) {
        return slice(batch, 0, batch.getRowCount(), allocator);
    }

    /** Closes every batch, keeping the first exception and adding the others to it. */
    public static void closeAll(Iterable<? extends AutoCloseable> batches) {
        RuntimeException failure = null;
        for (AutoCloseable batch : batches) {
            try {
                if (batch != null) {
                    batch.close();
                }
            } catch (Exception e) {
                if (failure == null) {
                    failure = e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static FieldVector transfer(FieldVector from, Field target, BufferAllocator allocator) {
        if (!from.getField().getType().equals(target.getType())) {
            throw new WeftException(ErrorCode.GENERIC_INTERNAL_ERROR, "column '%s' is %s where %s was planned for '%s'".formatted(
                    from.getField().getName(), DataTypes.describe(from.getField().getType()), DataTypes.describe(target.getType()),
                    target.getName()));
        }
        FieldVector to = target.createVector(allocator);
        try {
            from.makeTransferPair(to).transfer();
        } catch (RuntimeException e) {
            to.close();
            throw e;
        }
        return to;
    }

    private static void closeQuietly(List<FieldVector> vectors, RuntimeException failure) {
        try {
            AutoCloseables.close(vectors);
        } catch (Exception suppressed) {
            failure.addSuppressed(suppressed);
        }
    }
}
