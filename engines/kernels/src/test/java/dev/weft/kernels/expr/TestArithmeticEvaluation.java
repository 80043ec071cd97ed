package dev.weft.kernels.expr;

import static dev.weft.api.expr.Expressions.col;
import static dev.weft.api.expr.Expressions.lit;
import static dev.weft.api.expr.Expressions.nullOf;
import static dev.weft.kernels.expr.TestBatches.batch;
import static dev.weft.kernels.expr.TestBatches.column;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.expr.Arithmetic;
import dev.weft.api.expr.Expression;
import dev.weft.api.expr.ExpressionTyper;
import dev.weft.api.types.DataTypes;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.junit.jupiter.api.Test;

class TestArithmeticEvaluation extends ExpressionTestSupport {
    private static final BigDecimal[] SIGNED_LEFT = {dec("7"), dec("-3"), null, dec("17"), dec("-9")};
    private static final BigDecimal[] UNSIGNED_LEFT = {dec("7"), dec("3"), null, dec("17"), dec("9")};
    private static final BigDecimal[] FRACTION_LEFT = {dec("7.5"), dec("-3.25"), null, dec("100"), dec("-9.75")};
    private static final BigDecimal[] RIGHT = {dec("2"), dec("2"), dec("5"), dec("7"), null};
    private static final BigDecimal[] FRACTION_RIGHT = {dec("2.5"), dec("2"), dec("5"), dec("0.25"), null};

    private static BigDecimal dec(String value) {
        return new BigDecimal(value);
    }

    @Test
    void everyNumericTypeCombinationAndOperatorFollowsTheTypingRules() {
        for (ArrowType leftType : NumericTypes.ALL) {
            for (ArrowType rightType : NumericTypes.ALL) {
                BigDecimal[] left = leftValues(leftType);
                BigDecimal[] right = rightValues(rightType);
                for (Arithmetic.Operator operator : Arithmetic.Operator.values()) {
                    Expression expression = new Arithmetic(operator, col("a"), col("b"));
                    try (VectorSchemaRoot input = batch(allocator, column("a", leftType, javaValues(leftType, left)),
                            column("b", rightType, javaValues(rightType, right)))) {
                        ArrowType resultType = ExpressionTyper.typeOf(expression, input.getSchema());
                        List<Object> actual = evaluateOn(expression, input);
                        for (int row = 0; row < left.length; row++) {
                            BigDecimal expected = left[row] == null || right[row] == null ? null
                                    : reference(operator, left[row], right[row], leftType, resultType);
                            BigDecimal value = NumericTypes.toDecimal(actual.get(row));
                            String what = "%s %s %s row %d".formatted(NumericTypes.name(leftType), operator.symbol(), NumericTypes.name(rightType), row);
                            if (expected == null) {
                                assertThat(value).as(what).isNull();
                            } else if (resultType instanceof ArrowType.Decimal) {
                                assertThat(value).as(what).isEqualTo(expected);
                            } else {
                                assertThat(value).as(what).isEqualByComparingTo(expected);
                            }
                        }
                    }
                }
            }
        }
    }

    private static BigDecimal[] leftValues(ArrowType type) {
        if (type.equals(DataTypes.CHAR)) {
            return UNSIGNED_LEFT;
        }
        return NumericTypes.isInteger(type) ? SIGNED_LEFT : FRACTION_LEFT;
    }

    private static BigDecimal[] rightValues(ArrowType type) {
        return NumericTypes.isInteger(type) ? RIGHT : FRACTION_RIGHT;
    }

    private static List<Object> javaValues(ArrowType type, BigDecimal[] values) {
        List<Object> result = new ArrayList<>();
        for (BigDecimal value : values) {
            result.add(NumericTypes.javaValue(type, value));
        }
        return result;
    }

    /** The expected result computed independently from the documented rules. */
    private static BigDecimal reference(Arithmetic.Operator operator, BigDecimal a, BigDecimal b, ArrowType leftType, ArrowType resultType) {
        if (resultType instanceof ArrowType.Int) {
            long x = a.longValueExact();
            long y = b.longValueExact();
            long result = switch (operator) {
                case ADD -> x + y;
                case SUBTRACT -> x - y;
                case MULTIPLY -> x * y;
                case DIVIDE -> x / y;
                case MODULO -> x % y;
            };
            return BigDecimal.valueOf(result);
        }
        if (resultType instanceof ArrowType.FloatingPoint) {
            double x = a.doubleValue();
            double y = b.doubleValue();
            double result = switch (operator) {
                case ADD -> x + y;
                case SUBTRACT -> x - y;
                case MULTIPLY -> x * y;
                case DIVIDE -> x / y;
                case MODULO -> x % y;
            };
            if (resultType.equals(DataTypes.FLOAT32)) {
                result = (float) result;
            }
            return new BigDecimal(result);
        }
        int scale = ((ArrowType.Decimal) resultType).getScale();
        BigDecimal result = switch (operator) {
            case ADD -> a.add(b);
            case SUBTRACT -> a.subtract(b);
            case MULTIPLY -> a.multiply(b);
            case DIVIDE -> a.divide(b, scale, RoundingMode.HALF_UP);
            case MODULO -> a.remainder(b);
        };
        return result.setScale(scale, RoundingMode.HALF_UP);
    }

    @Test
    void integerDivisionTruncatesTowardZero() {
        assertThat(evaluate(col("a").dividedBy(col("b")), batch(allocator,
                column("a", DataTypes.INT64, -7L, 7L, -7L, 7L), column("b", DataTypes.INT64, 2L, -2L, -2L, 2L))))
                .containsExactly(-3L, -3L, 3L, 3L);
        assertThat(evaluate(col("a").mod(col("b")), batch(allocator,
                column("a", DataTypes.INT32, -7, 7, -7, 7), column("b", DataTypes.INT32, 2, -2, -2, 2))))
                .containsExactly(-1, 1, -1, 1);
        assertThat(evaluate(col("a").dividedBy(2), batch(allocator, column("a", DataTypes.INT32, -7, 7, null))))
                .containsExactly(-3, 3, null);
    }

    @Test
    void divisionByZeroOfIntegersAndDecimalsIsAnErrorNamingTheExpression() {
        for (Expression expression : List.of(col("a").dividedBy(0), col("a").mod(0), col("a").dividedBy(col("b")), col("a").mod(col("b")))) {
            assertThatThrownBy(() -> evaluate(expression, batch(allocator,
                    column("a", DataTypes.INT64, 1L, 2L), column("b", DataTypes.INT32, 1, 0))))
                    .isInstanceOfSatisfying(WeftException.class, e -> {
                        assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                        assertThat(e.getMessage()).contains("division by zero", expression.toString(), "guard the divisor");
                    });
        }
        assertThatThrownBy(() -> evaluate(col("a").dividedBy(col("b")), batch(allocator,
                column("a", DataTypes.INT32, 1, 2), column("b", DataTypes.INT32, 1, 0))))
                .hasMessageContaining("division by zero");
        assertThatThrownBy(() -> evaluate(col("a").dividedBy(new BigDecimal("0.00")), batch(allocator,
                column("a", NumericTypes.DECIMAL, new BigDecimal("1.00")))))
                .hasMessageContaining("division by zero");
        assertThatThrownBy(() -> evaluate(col("a").mod(col("b")), batch(allocator,
                column("a", NumericTypes.DECIMAL, new BigDecimal("1.00")), column("b", NumericTypes.DECIMAL, new BigDecimal("0")))))
                .hasMessageContaining("division by zero");
    }

    @Test
    void divisionByZeroUnderANullIsNotEvaluated() {
        assertThat(evaluate(col("a").dividedBy(col("b")), batch(allocator,
                column("a", DataTypes.INT64, null, 8L), column("b", DataTypes.INT64, 0L, 2L))))
                .containsExactly(null, 4L);
        assertThat(evaluate(col("a").dividedBy(0), batch(allocator, column("a", DataTypes.INT32, null, null))))
                .containsExactly(null, null);
    }

    @Test
    void floatingPointFollowsIeee() {
        List<Object> values = evaluate(col("a").dividedBy(col("b")), batch(allocator,
                column("a", DataTypes.FLOAT64, 1.0, -1.0, 0.0, 1.0), column("b", DataTypes.FLOAT64, 0.0, 0.0, 0.0, 3.0)));
        assertThat(values).containsExactly(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, 1.0 / 3.0);
        assertThat(evaluate(col("a").mod(0.0), batch(allocator, column("a", DataTypes.FLOAT64, 5.0)))).containsExactly(Double.NaN);
        assertThat(evaluate(col("a").times(col("a")), batch(allocator, column("a", DataTypes.FLOAT32, 3.0e38f))))
                .containsExactly(Float.POSITIVE_INFINITY);
    }

    @Test
    void integerOverflowIsAnError() {
        assertThatThrownBy(() -> evaluate(col("a").plus(1L), batch(allocator, column("a", DataTypes.INT64, Long.MAX_VALUE))))
                .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("overflow").hasMessageContaining("bigint");
        assertThatThrownBy(() -> evaluate(col("a").times(col("a")), batch(allocator, column("a", DataTypes.INT32, 1 << 20))))
                .hasMessageContaining("overflow");
        assertThatThrownBy(() -> evaluate(col("a").minus(1), batch(allocator, column("a", DataTypes.INT32, Integer.MIN_VALUE))))
                .hasMessageContaining("overflow");
        assertThatThrownBy(() -> evaluate(col("a").dividedBy(-1L), batch(allocator, column("a", DataTypes.INT64, Long.MIN_VALUE))))
                .hasMessageContaining("overflow");
        assertThatThrownBy(() -> evaluate(col("a").dividedBy(col("b")), batch(allocator,
                column("a", DataTypes.INT32, Integer.MIN_VALUE), column("b", DataTypes.INT32, -1))))
                .hasMessageContaining("overflow");
        assertThatThrownBy(() -> evaluate(col("a").plus(col("a")), batch(allocator, column("a", DataTypes.INT8, (byte) 100))))
                .hasMessageContaining("numeric overflow in (a + a): 200 does not fit tinyint");
        assertThat(evaluate(col("a").plus(col("a")), batch(allocator, column("a", DataTypes.INT8, (byte) 60, (byte) -64))))
                .containsExactly((byte) 120, (byte) -128);
    }

    @Test
    void overflowUnderANullIsNotEvaluated() {
        try (VectorSchemaRoot input = batch(allocator, column("a", DataTypes.INT64, Long.MAX_VALUE, 1L))) {
            input.getVector("a").setNull(0);
            assertThat(evaluateOn(col("a").plus(1L), input)).containsExactly(null, 2L);
        }
    }

    @Test
    void constantOnEitherSide() {
        try (VectorSchemaRoot input = batch(allocator, column("a", DataTypes.INT64, 1L, 4L, null), column("d", DataTypes.FLOAT64, 2.0, 8.0, null))) {
            assertThat(evaluateOn(lit(10L).minus(col("a")), input)).containsExactly(9L, 6L, null);
            assertThat(evaluateOn(lit(8L).dividedBy(col("a")), input)).containsExactly(8L, 2L, null);
            assertThat(evaluateOn(lit(3L).times(col("a")), input)).containsExactly(3L, 12L, null);
            assertThat(evaluateOn(lit(1.0).dividedBy(col("d")), input)).containsExactly(0.5, 0.125, null);
            assertThat(evaluateOn(col("d").minus(0.5), input)).containsExactly(1.5, 7.5, null);
            assertThat(evaluateOn(lit(2).plus(lit(3)), input)).containsExactly(5, 5, 5);
        }
    }

    @Test
    void nullLiteralOperandGivesNull() {
        assertThat(evaluate(col("a").plus(nullOf(DataTypes.INT64)), batch(allocator, column("a", DataTypes.INT64, 1L, 2L))))
                .containsExactly(null, null);
    }

    @Test
    void decimalResultScales() {
        ArrowType price = DataTypes.decimal(10, 2);
        ArrowType rate = DataTypes.decimal(5, 3);
        try (VectorSchemaRoot input = batch(allocator, column("p", price, dec("12.34"), dec("-0.01"), dec("99999999.99")),
                column("r", rate, dec("1.500"), dec("0.333"), dec("-2.000")))) {
            assertThat(evaluateOn(col("p").plus(col("r")), input)).containsExactly(dec("13.840"), dec("0.323"), dec("99999997.990"));
            assertThat(evaluateOn(col("p").times(col("r")), input)).containsExactly(dec("18.51000"), dec("-0.00333"), dec("-199999999.98000"));
            assertThat(evaluateOn(col("p").dividedBy(col("r")), input)).containsExactly(dec("8.226667"), dec("-0.030030"), dec("-49999999.995000"));
            assertThat(evaluateOn(col("p").mod(col("r")), input)).containsExactly(dec("0.340"), dec("-0.010"), dec("1.990"));
            assertThat(evaluateOn(col("p").times(2), input)).containsExactly(dec("24.68"), dec("-0.02"), dec("199999999.98"));
            assertThat(evaluateOn(col("p").minus(new BigDecimal("0.5")), input)).containsExactly(dec("11.84"), dec("-0.51"), dec("99999999.49"));
        }
    }

    @Test
    void wideDecimalsUseExactArithmeticAndOverflowIsAnError() {
        ArrowType wide = DataTypes.decimal(38, 10);
        BigDecimal big = dec("1234567890123456789012345678.0123456789");
        try (VectorSchemaRoot input = batch(allocator, column("w", wide, big, big.negate(), null))) {
            assertThat(evaluateOn(col("w").plus(col("w")), input)).containsExactly(big.add(big), big.add(big).negate(), null);
            assertThat(evaluateOn(col("w").dividedBy(dec("3")), input))
                    .containsExactly(big.divide(dec("3"), 10, RoundingMode.HALF_UP), big.negate().divide(dec("3"), 10, RoundingMode.HALF_UP), null);
            assertThatThrownBy(() -> evaluateOn(col("w").times(col("w")), input))
                    .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                    .hasMessageContaining("overflow");
        }
    }

    @Test
    void largeUnscaledProductsUseAll128Bits() {
        ArrowType type = DataTypes.decimal(18, 2);
        BigDecimal a = dec("-9876543210987654.32");
        BigDecimal b = dec("1234567890123456.78");
        assertThat(evaluate(col("a").times(col("b")), batch(allocator, column("a", type, a, b), column("b", type, b, b))))
                .containsExactly(a.multiply(b), b.multiply(b));
    }
}
