package dev.weft.kernels.expr;

import static java.util.Objects.requireNonNull;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.types.DataTypes;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Filters a batch by a boolean predicate: the rows where it is TRUE (NULL counts as false) form a new batch the caller
 * owns; the input is not modified and stays valid. The predicate's result is turned into a selection 64 rows at a
 * time; the selected rows are gathered column by column. When every row passes, the new batch shares the input's
 * buffers (reference counts retained, nothing copied); a NULL-typed predicate or an empty input gives an empty batch.
 */
public final class Selection {
    private Selection() {}

    public static VectorSchemaRoot filter(VectorSchemaRoot input, VectorExpression predicate, BufferAllocator allocator) {
        requireNonNull(input, "input is null");
        requireNonNull(predicate, "predicate is null");
        requireNonNull(allocator, "allocator is null");
        ArrowType type = predicate.field().getType();
        if (!(type instanceof ArrowType.Bool) && !(type instanceof ArrowType.Null)) {
            throw new WeftException(ErrorCode.TYPE_MISMATCH,
                    "filter predicate %s is %s, not boolean; compare it (for example x > 0) to get a condition"
                            .formatted(predicate.field().getName(), DataTypes.describe(type)));
        }
        int rowCount = input.getRowCount();
        if (rowCount == 0 || type instanceof ArrowType.Null) {
            return copy(input, new int[0], 0, allocator);
        }
        int[] rows;
        try (FieldVector mask = predicate.evaluate(input, allocator)) {
            rows = Bits.setRows(BooleanWords.of(mask, rowCount).trueRows());
        }
        if (rows.length == rowCount) {
            return share(input, allocator);
        }
        return copy(input, rows, rows.length, allocator);
    }

    /** The selected row indices of a batch for a predicate (NULL counts as false), in order. */
    public static int[] selectedRows(VectorSchemaRoot input, VectorExpression predicate, BufferAllocator allocator) {
        requireNonNull(input, "input is null");
        requireNonNull(predicate, "predicate is null");
        if (input.getRowCount() == 0 || predicate.field().getType() instanceof ArrowType.Null) {
            return new int[0];
        }
        try (FieldVector mask = predicate.evaluate(input, allocator)) {
            return Bits.setRows(BooleanWords.of(mask, input.getRowCount()).trueRows());
        }
    }

    private static VectorSchemaRoot share(VectorSchemaRoot input, BufferAllocator allocator) {
        List<FieldVector> vectors = new ArrayList<>();
        try {
            for (FieldVector vector : input.getFieldVectors()) {
                vectors.add(Vectors.share(vector, vector.getField(), input.getRowCount(), allocator));
            }
        } catch (RuntimeException | Error e) {
            vectors.forEach(FieldVector::close);
            throw e;
        }
        return new VectorSchemaRoot(fields(vectors), vectors, input.getRowCount());
    }

    private static VectorSchemaRoot copy(VectorSchemaRoot input, int[] rows, int count, BufferAllocator allocator) {
        List<FieldVector> vectors = new ArrayList<>();
        try {
            for (FieldVector vector : input.getFieldVectors()) {
                vectors.add(RowCopier.copy(vector, rows, count, allocator));
            }
        } catch (RuntimeException | Error e) {
            vectors.forEach(FieldVector::close);
            throw e;
        }
        return new VectorSchemaRoot(fields(vectors), vectors, count);
    }

    private static List<Field> fields(List<FieldVector> vectors) {
        return vectors.stream().map(FieldVector::getField).toList();
    }
}
