package dev.weft.kernels.expr;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * An expression compiled for one input schema by {@link ExpressionCompiler}: a tree of typed evaluators that each
 * process a whole batch at a time. Instances are immutable and thread-safe: many threads may evaluate the same
 * compiled expression on different batches at once.
 */
public interface VectorExpression {
    /** The output column: name, type and nullability exactly as {@code ExpressionTyper.resolve} gives them. */
    Field field();

    /**
     * Evaluates the expression for every row of {@code input} and returns a new vector (the caller owns and closes it)
     * with {@code input.getRowCount()} values, allocated from {@code allocator}. The input is not modified and stays
     * valid. When the expression is a bare column reference, the result shares the column's buffers (their reference
     * counts are retained, so closing either side is safe): treat it as read-only.
     */
    FieldVector evaluate(VectorSchemaRoot input, BufferAllocator allocator);
}
