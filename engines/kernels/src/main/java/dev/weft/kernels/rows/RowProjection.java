package dev.weft.kernels.rows;

import static java.util.Objects.requireNonNull;

import dev.weft.api.plan.ProjectOperator;
import java.util.Iterator;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A projection over rows, as the Java engine's ProjectNode computes it: the expressions are evaluated by the kernels
 * on batches of rows; output rows have the operator's schema. Serializable; one thread at a time per instance.
 */
public final class RowProjection implements RowTransform {
    private static final long serialVersionUID = 1L;

    private final RowExpressions expressions;

    private RowProjection(RowExpressions expressions) {
        this.expressions = expressions;
    }

    public static RowProjection of(ProjectOperator project) {
        requireNonNull(project, "project is null");
        return new RowProjection(RowExpressions.of(project.info().describe(), project.expressions(), project.input().schema()));
    }

    /** The schema of the output rows. */
    public Schema outputSchema() {
        return expressions.outputSchema();
    }

    @Override
    public Iterator<Object[]> apply(Iterator<Object[]> rows) {
        return apply(rows, RowMemory.allocator());
    }

    public Iterator<Object[]> apply(Iterator<Object[]> rows, BufferAllocator allocator) {
        return new Chunks(rows, RowBatches.DEFAULT_BATCH_SIZE, chunk -> expressions.evaluate(chunk, allocator));
    }
}
