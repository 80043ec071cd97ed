package dev.weft.kernels.expr;

import static java.util.Objects.requireNonNull;

import dev.weft.api.expr.Expression;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;

/** A compiled expression: the root evaluator and the typed output field. */
final class CompiledExpression implements VectorExpression {
    private final Expression expression;
    private final Field field;
    private final Evaluator root;

    CompiledExpression(Expression expression, Field field, Evaluator root) {
        this.expression = requireNonNull(expression, "expression is null");
        this.field = requireNonNull(field, "field is null");
        this.root = requireNonNull(root, "root is null");
    }

    @Override
    public Field field() {
        return field;
    }

    @Override
    public FieldVector evaluate(VectorSchemaRoot input, BufferAllocator allocator) {
        requireNonNull(input, "input is null");
        requireNonNull(allocator, "allocator is null");
        int rowCount = input.getRowCount();
        Batch batch = Batch.of(input.getFieldVectors().toArray(new FieldVector[0]), rowCount, allocator);
        Values values = root.evaluate(batch);
        return Vectors.take(values, field, rowCount, allocator);
    }

    @Override
    public String toString() {
        return "VectorExpression[%s]".formatted(expression);
    }
}
