package dev.weft.kernels.expr;

import static dev.weft.api.expr.Expressions.col;
import static dev.weft.api.expr.Expressions.lit;
import static dev.weft.api.expr.Expressions.not;
import static dev.weft.api.expr.Expressions.nullOf;
import static dev.weft.kernels.expr.TestBatches.batch;
import static dev.weft.kernels.expr.TestBatches.column;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.api.types.DataTypes;
import java.util.Arrays;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;

class TestLogicalEvaluation extends ExpressionTestSupport {
    private static final Boolean[] LEFT = {true, true, true, false, false, false, null, null, null};
    private static final Boolean[] RIGHT = {true, false, null, true, false, null, true, false, null};

    private VectorSchemaRoot truthTable() {
        return batch(allocator, column("p", DataTypes.BOOLEAN, (Object[]) LEFT), column("q", DataTypes.BOOLEAN, (Object[]) RIGHT));
    }

    @Test
    void andFollowsThreeValuedLogic() {
        assertThat(evaluate(col("p").and(col("q")), truthTable()))
                .containsExactly(true, false, null, false, false, false, null, false, null);
    }

    @Test
    void orFollowsThreeValuedLogic() {
        assertThat(evaluate(col("p").or(col("q")), truthTable()))
                .containsExactly(true, true, true, true, false, null, true, null, null);
    }

    @Test
    void notKeepsNull() {
        assertThat(evaluate(not(col("p")), truthTable()))
                .containsExactly(false, false, false, true, true, true, null, null, null);
    }

    @Test
    void isNullAndIsNotNullAreNeverNull() {
        try (VectorSchemaRoot input = batch(allocator, column("s", DataTypes.STRING, "a", null, ""),
                column("i", DataTypes.INT64, null, 1L, 2L))) {
            assertThat(evaluateOn(col("s").isNull(), input)).containsExactly(false, true, false);
            assertThat(evaluateOn(col("s").isNotNull(), input)).containsExactly(true, false, true);
            assertThat(evaluateOn(col("i").plus(1L).isNull(), input)).containsExactly(true, false, false);
            assertThat(evaluateOn(nullOf(DataTypes.INT32).isNull(), input)).containsExactly(true, true, true);
            assertThat(evaluateOn(lit(1).isNull(), input)).containsExactly(false, false, false);
        }
    }

    @Test
    void constantsCombineWithColumns() {
        try (VectorSchemaRoot input = truthTable()) {
            assertThat(evaluateOn(col("p").and(lit(true)), input)).containsExactly((Object[]) LEFT);
            assertThat(evaluateOn(col("p").or(lit(false)), input)).containsExactly((Object[]) LEFT);
            assertThat(evaluateOn(col("p").and(nullOf(DataTypes.BOOLEAN)), input))
                    .containsExactly(null, null, null, false, false, false, null, null, null);
            assertThat(evaluateOn(nullOf(DataTypes.BOOLEAN).or(col("p")), input))
                    .containsExactly(true, true, true, null, null, null, null, null, null);
        }
    }

    @Test
    void aGuardOnTheLeftProtectsAFailingRightOperand() {
        try (VectorSchemaRoot input = batch(allocator, column("a", DataTypes.INT64, 10L, 5L, 7L, 1L),
                column("b", DataTypes.INT64, 0L, 5L, null, 0L))) {
            assertThat(evaluateOn(col("b").ne(0L).and(col("a").dividedBy(col("b")).ge(1L)), input))
                    .containsExactly(false, true, null, false);
            assertThat(evaluateOn(col("b").eq(0L).or(col("a").dividedBy(col("b")).gt(1L)), input))
                    .containsExactly(true, false, null, true);
            assertThatThrownBy(() -> evaluateOn(col("a").dividedBy(col("b")).ge(1L), input)).hasMessageContaining("division by zero");
            assertThatThrownBy(() -> evaluateOn(col("b").ge(0L).and(col("a").dividedBy(col("b")).ge(1L)), input))
                    .hasMessageContaining("division by zero");
        }
    }

    @Test
    void manyRowsCombineWordByWord() {
        int rows = 1_000;
        Object[] p = new Object[rows];
        Object[] q = new Object[rows];
        for (int i = 0; i < rows; i++) {
            p[i] = LEFT[i % 9];
            q[i] = RIGHT[(i / 9) % 9];
        }
        Object[] expected = new Object[rows];
        for (int i = 0; i < rows; i++) {
            Boolean a = (Boolean) p[i];
            Boolean b = (Boolean) q[i];
            expected[i] = Boolean.FALSE.equals(a) || Boolean.FALSE.equals(b) ? Boolean.FALSE : a == null || b == null ? null : Boolean.TRUE;
        }
        assertThat(evaluate(col("p").and(col("q")), batch(allocator, column("p", DataTypes.BOOLEAN, p), column("q", DataTypes.BOOLEAN, q))))
                .isEqualTo(Arrays.asList(expected));
    }
}
