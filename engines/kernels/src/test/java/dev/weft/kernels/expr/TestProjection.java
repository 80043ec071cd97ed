package dev.weft.kernels.expr;

import static dev.weft.api.expr.Expressions.col;
import static dev.weft.api.expr.Expressions.lit;
import static dev.weft.api.expr.Expressions.upper;
import static dev.weft.kernels.expr.TestBatches.batch;
import static dev.weft.kernels.expr.TestBatches.column;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.api.expr.Expression;
import dev.weft.api.expr.ExpressionTyper;
import dev.weft.api.types.DataTypes;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.junit.jupiter.api.Test;

class TestProjection extends ExpressionTestSupport {
    private List<VectorExpression> compile(List<Expression> expressions, VectorSchemaRoot input) {
        return expressions.stream().map(e -> ExpressionCompiler.compile(e, input.getSchema())).toList();
    }

    @Test
    void oneColumnPerExpressionNamedAndTypedByTheTyper() {
        List<Expression> expressions = List.of(col("name"), upper(col("name")).as("loud"), col("qty").times(col("price")).as("total"),
                col("qty").gt(1), lit(7L).as("seven"));
        try (VectorSchemaRoot input = batch(allocator, column("name", DataTypes.STRING, "a", null, "c"),
                column("qty", DataTypes.INT32, 1, 2, 3), column("price", DataTypes.FLOAT64, 0.5, 1.5, null));
                VectorSchemaRoot result = Projection.project(input, compile(expressions, input), allocator)) {
            assertThat(result.getSchema().getFields()).containsExactlyElementsOf(
                    expressions.stream().map(e -> ExpressionTyper.resolve(e, input.getSchema())).toList());
            assertThat(result.getSchema().getFields().stream().map(Field::getName).toList())
                    .containsExactly("name", "loud", "total", "(qty > 1)", "seven");
            assertThat(result.getRowCount()).isEqualTo(3);
            assertThat(TestBatches.values(result.getVector(1))).containsExactly("A", null, "C");
            assertThat(TestBatches.values(result.getVector(2))).containsExactly(0.5, 3.0, null);
            assertThat(TestBatches.values(result.getVector(3))).containsExactly(false, true, true);
            assertThat(TestBatches.values(result.getVector(4))).containsExactly(7L, 7L, 7L);
            assertThat(result.getVector(0).getDataBuffer().memoryAddress()).isEqualTo(input.getVector("name").getDataBuffer().memoryAddress());
        }
    }

    @Test
    void aFailingExpressionReleasesTheColumnsAlreadyEvaluated() {
        try (VectorSchemaRoot input = batch(allocator, column("a", DataTypes.INT64, 1L, 0L))) {
            List<VectorExpression> expressions = compile(List.of(col("a").plus(1L), col("a"), lit(1L).dividedBy(col("a"))), input);
            assertThatThrownBy(() -> Projection.project(input, expressions, allocator)).hasMessageContaining("division by zero");
        }
    }

    @Test
    void anEmptyBatchProjectsToAnEmptyBatch() {
        try (VectorSchemaRoot input = batch(allocator, column("a", DataTypes.INT64), column("s", DataTypes.STRING));
                VectorSchemaRoot result = Projection.project(input, compile(List.of(col("a").plus(1L), col("s"), col("a").cast(DataTypes.STRING)), input), allocator)) {
            assertThat(result.getRowCount()).isZero();
            assertThat(result.getFieldVectors()).hasSize(3);
        }
    }
}
