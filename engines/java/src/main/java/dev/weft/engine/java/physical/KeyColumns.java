package dev.weft.engine.java.physical;

import dev.weft.api.expr.ColumnRef;
import dev.weft.api.expr.Expression;
import dev.weft.engine.java.exec.BatchShapes;
import dev.weft.kernels.expr.ExpressionCompiler;
import dev.weft.kernels.expr.Projection;
import dev.weft.kernels.expr.VectorExpression;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Key expressions (grouping, sort, join keys, aggregate arguments) as column indices: a plain column is used where
 * it is; any other expression is evaluated with the kernels and appended to the batch as a hidden column.
 */
final class KeyColumns {
    private final Schema inputSchema;
    private final Schema extendedSchema;
    private final List<VectorExpression> computed;
    private final int[] indices;

    private KeyColumns(Schema inputSchema, Schema extendedSchema, List<VectorExpression> computed, int[] indices) {
        this.inputSchema = inputSchema;
        this.extendedSchema = extendedSchema;
        this.computed = computed;
        this.indices = indices;
    }

    static KeyColumns of(List<Expression> expressions, Schema input) {
        List<Field> fields = new ArrayList<>(input.getFields());
        List<VectorExpression> computed = new ArrayList<>();
        List<Expression> computedSources = new ArrayList<>();
        int[] indices = new int[expressions.size()];
        for (int i = 0; i < expressions.size(); i++) {
            Expression expression = expressions.get(i);
            int column = expression instanceof ColumnRef ref ? indexOf(input, ref.column()) : -1;
            if (column < 0) {
                int previous = computedSources.indexOf(expression);
                if (previous >= 0) {
                    column = input.getFields().size() + previous;
                } else {
                    VectorExpression compiled = ExpressionCompiler.compile(expression.as("$key" + computed.size()), input);
                    column = fields.size();
                    computed.add(compiled);
                    computedSources.add(expression);
                    fields.add(compiled.field());
                }
            }
            indices[i] = column;
        }
        return new KeyColumns(input, new Schema(fields), List.copyOf(computed), indices);
    }

    private static int indexOf(Schema schema, String column) {
        List<Field> fields = schema.getFields();
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).getName().equals(column)) {
                return i;
            }
        }
        return -1;
    }

    /** The column of each expression in the extended batch. */
    int[] indices() {
        return indices.clone();
    }

    /** The input columns, then the computed ones. */
    Schema extendedSchema() {
        return extendedSchema;
    }

    Schema inputSchema() {
        return inputSchema;
    }

    boolean computesColumns() {
        return !computed.isEmpty();
    }

    /** The batch with the computed key columns appended; takes ownership of {@code batch}. */
    VectorSchemaRoot extend(VectorSchemaRoot batch, BufferAllocator allocator) {
        if (computed.isEmpty()) {
            return batch;
        }
        VectorSchemaRoot keys;
        try {
            keys = Projection.project(batch, computed, allocator);
        } catch (RuntimeException e) {
            batch.close();
            throw e;
        }
        return BatchShapes.concatColumns(batch, keys, extendedSchema, allocator);
    }

    /** Drops the computed columns again; takes ownership of {@code batch}. */
    VectorSchemaRoot strip(VectorSchemaRoot batch, Schema target, BufferAllocator allocator) {
        int[] columns = new int[inputSchema.getFields().size()];
        for (int i = 0; i < columns.length; i++) {
            columns[i] = i;
        }
        return BatchShapes.select(batch, columns, target, allocator);
    }
}
