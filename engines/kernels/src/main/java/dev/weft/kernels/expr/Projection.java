package dev.weft.kernels.expr;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Evaluates expressions into a new batch (the caller owns it) with one column per expression, named and typed by
 * {@link VectorExpression#field()}. Bare column references share the input's buffers instead of copying them.
 */
public final class Projection {
    private Projection() {}

    public static VectorSchemaRoot project(VectorSchemaRoot input, List<VectorExpression> expressions, BufferAllocator allocator) {
        requireNonNull(input, "input is null");
        requireNonNull(expressions, "expressions is null");
        requireNonNull(allocator, "allocator is null");
        List<FieldVector> vectors = new ArrayList<>(expressions.size());
        List<Field> fields = new ArrayList<>(expressions.size());
        try {
            for (VectorExpression expression : expressions) {
                vectors.add(expression.evaluate(input, allocator));
                fields.add(expression.field());
            }
        } catch (RuntimeException | Error e) {
            vectors.forEach(FieldVector::close);
            throw e;
        }
        return new VectorSchemaRoot(fields, vectors, input.getRowCount());
    }
}
