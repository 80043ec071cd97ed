package dev.weft.kernels.expr;

import static dev.weft.api.expr.Expressions.abs;
import static dev.weft.api.expr.Expressions.col;
import static dev.weft.api.expr.Expressions.lit;
import static dev.weft.api.expr.Expressions.round;
import static dev.weft.kernels.expr.TestBatches.batch;
import static dev.weft.kernels.expr.TestBatches.column;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.expr.Call;
import dev.weft.api.types.DataTypes;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestNumericFunctions extends ExpressionTestSupport {
    @Test
    void absKeepsTheType() {
        assertThat(evaluate(abs(col("a")), batch(allocator, column("a", DataTypes.INT8, (byte) -5, (byte) 127, null)))).containsExactly((byte) 5, (byte) 127, null);
        assertThat(evaluate(abs(col("a")), batch(allocator, column("a", DataTypes.INT64, -5L, Long.MAX_VALUE)))).containsExactly(5L, Long.MAX_VALUE);
        assertThat(evaluate(abs(col("a")), batch(allocator, column("a", DataTypes.FLOAT64, -0.0, -2.5, Double.NEGATIVE_INFINITY))))
                .containsExactly(0.0, 2.5, Double.POSITIVE_INFINITY);
        assertThat(evaluate(abs(col("a")), batch(allocator, column("a", DataTypes.FLOAT32, -1.5f)))).containsExactly(1.5f);
        assertThat(evaluate(abs(col("a")), batch(allocator, column("a", DataTypes.decimal(5, 2), new BigDecimal("-1.25"), null))))
                .containsExactly(new BigDecimal("1.25"), null);
    }

    @Test
    void absOfTheSmallestIntegerOverflows() {
        assertThatThrownBy(() -> evaluate(abs(col("a")), batch(allocator, column("a", DataTypes.INT32, Integer.MIN_VALUE))))
                .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("overflow");
        assertThatThrownBy(() -> evaluate(abs(col("a")), batch(allocator, column("a", DataTypes.INT8, Byte.MIN_VALUE))))
                .hasMessageContaining("overflow");
        assertThatThrownBy(() -> evaluate(abs(col("a")), batch(allocator, column("a", DataTypes.INT64, Long.MIN_VALUE))))
                .hasMessageContaining("overflow");
    }

    @Test
    void roundDoublesHalfUpOnTheirDecimalRepresentation() {
        assertThat(evaluate(round(col("a"), 0), batch(allocator, column("a", DataTypes.FLOAT64, 2.5, -2.5, 0.49999, Double.NaN, null))))
                .containsExactly(3.0, -3.0, 0.0, Double.NaN, null);
        assertThat(evaluate(round(col("a"), 2), batch(allocator, column("a", DataTypes.FLOAT64, 2.675, 1.005, -1.005, 1e300, 3.0))))
                .containsExactly(2.68, 1.01, -1.01, 1e300, 3.0);
        assertThat(evaluate(round(col("a"), -2), batch(allocator, column("a", DataTypes.FLOAT64, 1250.0, -1249.9))))
                .containsExactly(1300.0, -1200.0);
        assertThat(evaluate(round(col("a"), 1), batch(allocator, column("a", DataTypes.FLOAT32, 0.25f)))).containsExactly(0.3f);
    }

    @Test
    void roundIntegersToTensAndHundreds() {
        assertThat(evaluate(round(col("a"), -1), batch(allocator, column("a", DataTypes.INT32, 15, -15, 14, 0, null))))
                .containsExactly(20, -20, 10, 0, null);
        assertThat(evaluate(round(col("a"), 2), batch(allocator, column("a", DataTypes.INT64, 1234L)))).containsExactly(1234L);
        assertThat(evaluate(round(col("a"), -20), batch(allocator, column("a", DataTypes.INT64, Long.MAX_VALUE / 2)))).containsExactly(0L);
        assertThatThrownBy(() -> evaluate(round(col("a"), -1), batch(allocator, column("a", DataTypes.INT8, (byte) 125))))
                .hasMessageContaining("overflow");
    }

    @Test
    void roundDecimalsKeepsTheScale() {
        assertThat(evaluate(round(col("a"), 1), batch(allocator, column("a", DataTypes.decimal(6, 3), new BigDecimal("12.345"), new BigDecimal("-12.350"), null))))
                .containsExactly(new BigDecimal("12.300"), new BigDecimal("-12.400"), null);
        assertThat(evaluate(round(col("a"), -1), batch(allocator, column("a", DataTypes.decimal(6, 1), new BigDecimal("15.0")))))
                .containsExactly(new BigDecimal("20.0"));
        assertThatThrownBy(() -> evaluate(round(col("a"), 0), batch(allocator, column("a", DataTypes.decimal(3, 1), new BigDecimal("99.9")))))
                .hasMessageContaining("overflow").hasMessageContaining("decimal(3,1)");
    }

    @Test
    void roundWithDigitsFromAColumn() {
        assertThat(evaluate(new Call(Call.Function.ROUND, List.of(col("a"), col("d"))), batch(allocator,
                column("a", DataTypes.FLOAT64, 1.2345, 1.2345, 1.2345), column("d", DataTypes.INT32, 0, 2, null))))
                .containsExactly(1.0, 1.23, null);
        assertThat(evaluateConstant(round(lit(2.5), 0))).isEqualTo(3.0);
    }
}
