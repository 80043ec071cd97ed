package dev.weft.kernels.expr;

import static dev.weft.api.expr.Expressions.coalesce;
import static dev.weft.api.expr.Expressions.col;
import static dev.weft.api.expr.Expressions.lit;
import static dev.weft.api.expr.Expressions.nullOf;
import static dev.weft.api.expr.Expressions.when;
import static dev.weft.kernels.expr.TestBatches.batch;
import static dev.weft.kernels.expr.TestBatches.column;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.api.expr.CaseWhen;
import dev.weft.api.types.DataTypes;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;

class TestConditionalEvaluation extends ExpressionTestSupport {
    private VectorSchemaRoot input() {
        return batch(allocator,
                column("a", DataTypes.INT64, 10L, 5L, null, -1L, 0L),
                column("b", DataTypes.INT64, 0L, 5L, 2L, null, 3L),
                column("s", DataTypes.STRING, "x", null, "zz", "w", ""),
                column("d", DataTypes.FLOAT64, 1.5, null, 2.5, null, 4.5));
    }

    @Test
    void caseWithElseTakesTheFirstMatchingBranch() {
        CaseWhen expression = when(col("a").gt(7L), "big").when(col("a").gt(0L), "small").otherwise("other");
        assertThat(evaluate(expression, input())).containsExactly("big", "small", "other", "other", "other");
    }

    @Test
    void caseWithoutElseGivesNullForUnmatchedRows() {
        assertThat(evaluate(when(col("a").ge(5L), col("a").times(2L)), input())).containsExactly(20L, 10L, null, null, null);
    }

    @Test
    void branchValuesWidenToTheCommonType() {
        assertThat(evaluate(when(col("a").gt(5L), 1).otherwise(col("d")), input())).containsExactly(1.0, null, 2.5, null, 4.5);
        assertThat(evaluate(when(col("a").gt(5L), col("a")).otherwise(lit(new BigDecimal("0.5"))), input()))
                .containsExactly(new BigDecimal("10.0"), new BigDecimal("0.5"), new BigDecimal("0.5"), new BigDecimal("0.5"), new BigDecimal("0.5"));
    }

    @Test
    void everyResultTypeIsAssembled() {
        try (VectorSchemaRoot input = input()) {
            assertThat(evaluateOn(when(col("b").isNull(), col("s")).otherwise(lit("-")), input)).containsExactly("-", "-", "-", "w", "-");
            assertThat(evaluateOn(when(col("a").isNull(), lit(true)).otherwise(col("b").gt(2L)), input))
                    .containsExactly(false, true, true, null, true);
            assertThat(evaluateOn(when(col("a").gt(0L), lit(LocalDate.of(2024, 1, 1))), input))
                    .containsExactly(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 1), null, null, null);
            assertThat(evaluateOn(when(col("a").gt(0L), lit(new BigDecimal("1.25"))).otherwise(new BigDecimal("-2.50")), input))
                    .containsExactly(new BigDecimal("1.25"), new BigDecimal("1.25"), new BigDecimal("-2.50"), new BigDecimal("-2.50"), new BigDecimal("-2.50"));
        }
    }

    @Test
    void nullConditionsDoNotMatch() {
        assertThat(evaluate(when(col("a").gt(col("b")), "gt").when(col("a").le(col("b")), "le").otherwise("unknown"), input()))
                .containsExactly("gt", "le", "unknown", "unknown", "le");
    }

    @Test
    void aConditionGuardsItsValue() {
        try (VectorSchemaRoot input = input()) {
            assertThat(evaluateOn(when(col("b").ne(0L), col("a").dividedBy(col("b"))).otherwise(0L), input))
                    .containsExactly(0L, 1L, null, 0L, 0L);
            assertThat(evaluateOn(when(col("b").eq(0L), -1L).when(col("a").dividedBy(col("b")).gt(0L), 1L).otherwise(0L), input))
                    .containsExactly(-1L, 1L, 0L, 0L, 0L);
            assertThatThrownBy(() -> evaluateOn(when(col("a").ge(0L), col("a").dividedBy(col("b"))), input))
                    .hasMessageContaining("division by zero");
        }
    }

    @Test
    void coalesceTakesTheFirstNonNullArgument() {
        try (VectorSchemaRoot input = input()) {
            assertThat(evaluateOn(coalesce(col("a"), col("b"), lit(99L)), input)).containsExactly(10L, 5L, 2L, -1L, 0L);
            assertThat(evaluateOn(coalesce(col("d"), col("a")), input)).containsExactly(1.5, 5.0, 2.5, -1.0, 4.5);
            assertThat(evaluateOn(coalesce(col("s"), lit("none")), input)).containsExactly("x", "none", "zz", "w", "");
            assertThat(evaluateOn(coalesce(nullOf(DataTypes.INT64), col("b")), input)).containsExactly(0L, 5L, 2L, null, 3L);
            assertThat(evaluateOn(coalesce(nullOf(DataTypes.INT64), nullOf(DataTypes.INT64)), input)).containsExactly(null, null, null, null, null);
        }
    }

    @Test
    void coalesceEvaluatesLaterArgumentsOnlyForRowsStillNull() {
        try (VectorSchemaRoot input = batch(allocator, column("a", DataTypes.INT64, 1L, null), column("b", DataTypes.INT64, 0L, 4L))) {
            assertThat(evaluateOn(coalesce(col("a"), lit(8L).dividedBy(col("b"))), input)).containsExactly(1L, 2L);
        }
    }

    @Test
    void manyRowsWithMixedBranches() {
        int rows = 70_000;
        List<Object> values = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            values.add(i % 5 == 0 ? null : (long) i);
        }
        List<Object> result = evaluate(when(col("a").lt(1_000L), "low").when(col("a").lt(60_000L), col("a").cast(DataTypes.STRING)),
                batch(allocator, column("a", DataTypes.INT64, values)));
        for (int i = 0; i < rows; i++) {
            Object expected = i % 5 == 0 ? null : i < 1_000 ? "low" : i < 60_000 ? Long.toString(i) : null;
            if (!java.util.Objects.equals(expected, result.get(i))) {
                assertThat(result.get(i)).as("row %d", i).isEqualTo(expected);
            }
        }
    }
}
