package dev.weft.kernels.expr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.api.expr.Expression;
import dev.weft.api.expr.ExpressionTyper;
import dev.weft.api.types.DataTypes;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A leak-checked allocator per test and helpers that evaluate an expression and check its field. */
abstract class ExpressionTestSupport {
    protected BufferAllocator allocator;

    @BeforeEach
    void openAllocator() {
        allocator = new RootAllocator(Long.MAX_VALUE);
    }

    @AfterEach
    void closeAllocator() {
        assertThat(allocator.getAllocatedMemory()).as("bytes leaked by the test").isZero();
        allocator.close();
    }

    /** Evaluates the expression on the batch (which it closes), checking the field and row count. */
    protected List<Object> evaluate(Expression expression, VectorSchemaRoot batch) {
        try (batch) {
            return evaluateOn(expression, batch);
        }
    }

    /** Evaluates the expression on a batch the caller keeps. */
    protected List<Object> evaluateOn(Expression expression, VectorSchemaRoot batch) {
        VectorExpression compiled = ExpressionCompiler.compile(expression, batch.getSchema());
        assertThat(compiled.field()).isEqualTo(ExpressionTyper.resolve(expression, batch.getSchema()));
        try (FieldVector result = compiled.evaluate(batch, allocator)) {
            assertThat(result.getField()).isEqualTo(compiled.field());
            assertThat(result.getValueCount()).isEqualTo(batch.getRowCount());
            return TestBatches.values(result);
        }
    }

    /** Evaluates an expression that reads no column, on a batch of {@code rows} rows. */
    protected List<Object> evaluateConstant(Expression expression, int rows) {
        Object[] values = new Object[rows];
        return evaluate(expression, TestBatches.batch(allocator, TestBatches.column("unused", DataTypes.INT32, values)));
    }

    protected Object evaluateConstant(Expression expression) {
        return evaluateConstant(expression, 1).get(0);
    }
}
