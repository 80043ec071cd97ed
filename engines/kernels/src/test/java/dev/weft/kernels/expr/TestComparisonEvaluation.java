package dev.weft.kernels.expr;

import static dev.weft.api.expr.Expressions.col;
import static dev.weft.api.expr.Expressions.lit;
import static dev.weft.api.expr.Expressions.nullOf;
import static dev.weft.kernels.expr.TestBatches.batch;
import static dev.weft.kernels.expr.TestBatches.column;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.api.expr.Comparison;
import dev.weft.api.expr.Expression;
import dev.weft.api.types.DataTypes;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.junit.jupiter.api.Test;

class TestComparisonEvaluation extends ExpressionTestSupport {
    private static final BigDecimal[] LEFT = {dec("1"), dec("5"), null, dec("-2"), dec("3"), dec("0")};
    private static final BigDecimal[] UNSIGNED_LEFT = {dec("1"), dec("5"), null, dec("2"), dec("3"), dec("0")};
    private static final BigDecimal[] RIGHT = {dec("1"), dec("3"), dec("4"), null, dec("7"), dec("0")};

    private static BigDecimal dec(String value) {
        return new BigDecimal(value);
    }

    @Test
    void everyNumericTypeCombinationAndOperator() {
        for (ArrowType leftType : NumericTypes.ALL) {
            for (ArrowType rightType : NumericTypes.ALL) {
                BigDecimal[] left = leftType.equals(DataTypes.CHAR) ? UNSIGNED_LEFT : LEFT;
                try (VectorSchemaRoot input = batch(allocator, column("a", leftType, javaValues(leftType, left)),
                        column("b", rightType, javaValues(rightType, RIGHT)))) {
                    for (Comparison.Operator operator : Comparison.Operator.values()) {
                        List<Object> actual = evaluateOn(new Comparison(operator, col("a"), col("b")), input);
                        for (int row = 0; row < left.length; row++) {
                            Boolean expected = left[row] == null || RIGHT[row] == null ? null
                                    : Comparisons.test(operator, left[row].compareTo(RIGHT[row]));
                            assertThat(actual.get(row)).as("%s %s %s row %d", NumericTypes.name(leftType), operator.symbol(),
                                    NumericTypes.name(rightType), row).isEqualTo(expected);
                        }
                    }
                }
            }
        }
    }

    private static List<Object> javaValues(ArrowType type, BigDecimal[] values) {
        List<Object> result = new ArrayList<>();
        for (BigDecimal value : values) {
            result.add(NumericTypes.javaValue(type, value));
        }
        return result;
    }

    @Test
    void columnsAgainstConstantsOnEitherSide() {
        LocalDate day = LocalDate.of(2024, 3, 1);
        try (VectorSchemaRoot input = batch(allocator,
                column("i", DataTypes.INT32, 1, 5, null, 10),
                column("l", DataTypes.INT64, 1L, 5L, null, 10L),
                column("d", DataTypes.FLOAT64, 1.0, 5.0, null, 10.0),
                column("s", DataTypes.INT16, (short) 1, (short) 5, null, (short) 10),
                column("day", DataTypes.DATE, day.minusDays(1), day, null, day.plusDays(1)))) {
            for (String name : List.of("i", "l", "d", "s")) {
                assertThat(evaluateOn(col(name).gt(5), input)).as(name).containsExactly(false, false, null, true);
                assertThat(evaluateOn(col(name).ge(5L), input)).as(name).containsExactly(false, true, null, true);
                assertThat(evaluateOn(col(name).lt(5.5), input)).as(name).containsExactly(true, true, null, false);
                assertThat(evaluateOn(col(name).le(new BigDecimal("4.99")), input)).as(name).containsExactly(true, false, null, false);
                assertThat(evaluateOn(col(name).eq(10), input)).as(name).containsExactly(false, false, null, true);
                assertThat(evaluateOn(col(name).ne(10), input)).as(name).containsExactly(true, true, null, false);
                assertThat(evaluateOn(lit(5).lt(col(name)), input)).as(name).containsExactly(false, false, null, true);
                assertThat(evaluateOn(lit(5).ge(col(name)), input)).as(name).containsExactly(true, true, null, false);
            }
            assertThat(evaluateOn(col("i").gt(5_000_000_000L), input)).containsExactly(false, false, null, false);
            assertThat(evaluateOn(col("i").gt(-5_000_000_000L), input)).containsExactly(true, true, null, true);
            assertThat(evaluateOn(col("day").ge(day), input)).containsExactly(false, true, null, true);
            assertThat(evaluateOn(lit(day).eq(col("day")), input)).containsExactly(false, true, null, false);
            assertThat(evaluateOn(col("day").lt(Instant.parse("2024-03-01T00:00:01Z")), input)).containsExactly(true, true, null, false);
            assertThat(evaluateOn(col("l").eq(nullOf(DataTypes.INT64)), input)).containsExactly(null, null, null, null);
        }
    }

    @Test
    void stringsCompareByCodePoint() {
        try (VectorSchemaRoot input = batch(allocator,
                column("a", DataTypes.STRING, "ab", "abc", "é", "", null, "Zebra", "x"),
                column("b", DataTypes.STRING, "abc", "ab", "z", "", "a", "apple", null))) {
            assertThat(evaluateOn(col("a").lt(col("b")), input)).containsExactly(true, false, false, false, null, true, null);
            assertThat(evaluateOn(col("a").eq(col("b")), input)).containsExactly(false, false, false, true, null, false, null);
            assertThat(evaluateOn(col("a").ge(col("b")), input)).containsExactly(false, true, true, true, null, false, null);
            assertThat(evaluateOn(col("a").ne(col("b")), input)).containsExactly(true, true, true, false, null, true, null);
            assertThat(evaluateOn(col("a").eq("abc"), input)).containsExactly(false, true, false, false, null, false, false);
            assertThat(evaluateOn(col("a").gt("ab"), input)).containsExactly(false, true, true, false, null, false, true);
            assertThat(evaluateOn(lit("b").gt(col("a")), input)).containsExactly(true, true, false, true, null, true, false);
            assertThat(evaluateOn(col("a").le("é"), input)).containsExactly(true, true, true, true, null, true, true);
        }
    }

    @Test
    void booleansOrderFalseBeforeTrue() {
        Boolean[] left = {true, true, false, false, null, true};
        Boolean[] right = {true, false, true, false, true, null};
        try (VectorSchemaRoot input = batch(allocator, column("a", DataTypes.BOOLEAN, (Object[]) left), column("b", DataTypes.BOOLEAN, (Object[]) right))) {
            for (Comparison.Operator operator : Comparison.Operator.values()) {
                List<Object> actual = evaluateOn(new Comparison(operator, col("a"), col("b")), input);
                for (int row = 0; row < left.length; row++) {
                    Boolean expected = left[row] == null || right[row] == null ? null : Comparisons.test(operator, Boolean.compare(left[row], right[row]));
                    assertThat(actual.get(row)).as("%s row %d", operator, row).isEqualTo(expected);
                }
            }
            assertThat(evaluateOn(col("a").eq(true), input)).containsExactly(true, true, false, false, null, true);
        }
    }

    @Test
    void datesAndTimestampsOfAnyUnitCompareAsInstants() {
        ArrowType millis = new ArrowType.Timestamp(TimeUnit.MILLISECOND, "UTC");
        ArrowType dateMillis = new ArrowType.Date(org.apache.arrow.vector.types.DateUnit.MILLISECOND);
        Instant noon = Instant.parse("2024-03-01T12:00:00Z");
        try (VectorSchemaRoot input = batch(allocator,
                column("day", DataTypes.DATE, LocalDate.of(2024, 3, 1), LocalDate.of(2024, 3, 2), LocalDate.of(1969, 12, 31), null),
                column("dayMillis", dateMillis, LocalDate.of(2024, 3, 1), LocalDate.of(2024, 3, 1), LocalDate.of(1969, 12, 31), LocalDate.EPOCH),
                column("micros", DataTypes.TIMESTAMP, noon, noon, Instant.parse("1969-12-31T00:00:00Z"), noon),
                column("millis", millis, noon, noon.plusMillis(1), Instant.parse("1969-12-30T23:59:59.999Z"), null))) {
            assertThat(evaluateOn(col("day").lt(col("micros")), input)).containsExactly(true, false, false, null);
            assertThat(evaluateOn(col("day").eq(col("dayMillis")), input)).containsExactly(true, false, true, null);
            assertThat(evaluateOn(col("micros").lt(col("millis")), input)).containsExactly(false, true, false, null);
            assertThat(evaluateOn(col("micros").eq(col("millis")), input)).containsExactly(true, false, false, null);
            assertThat(evaluateOn(col("millis").ge(noon), input)).containsExactly(true, true, false, null);
            assertThat(evaluateOn(col("micros").gt(LocalDate.of(2024, 3, 1)), input)).containsExactly(true, true, false, true);
        }
    }

    @Test
    void floatingPointComparisonsAreIeee() {
        try (VectorSchemaRoot input = batch(allocator, column("a", DataTypes.FLOAT64, Double.NaN, -0.0, Double.POSITIVE_INFINITY),
                column("b", DataTypes.FLOAT64, Double.NaN, 0.0, Double.MAX_VALUE))) {
            assertThat(evaluateOn(col("a").eq(col("b")), input)).containsExactly(false, true, false);
            assertThat(evaluateOn(col("a").ne(col("b")), input)).containsExactly(true, false, true);
            assertThat(evaluateOn(col("a").gt(col("b")), input)).containsExactly(false, false, true);
        }
    }

    @Test
    void wideDecimalsCompareExactly() {
        ArrowType wide = DataTypes.decimal(38, 4);
        BigDecimal big = new BigDecimal("1234567890123456789012345678901234.5678");
        try (VectorSchemaRoot input = batch(allocator, column("w", wide, big, big.negate(), null),
                column("l", DataTypes.INT64, Long.MAX_VALUE, -1L, 0L))) {
            assertThat(evaluateOn(col("w").gt(col("l")), input)).containsExactly(true, false, null);
            assertThat(evaluateOn(col("w").eq(big), input)).containsExactly(true, false, null);
            assertThat(evaluateOn(col("l").lt(big), input)).containsExactly(true, true, true);
        }
    }

    @Test
    void nullTypedOperandsGiveNull() {
        Expression expression = nullOf(ArrowType.Null.INSTANCE).eq(nullOf(ArrowType.Null.INSTANCE));
        assertThat(evaluateConstant(expression, 3)).containsExactly(null, null, null);
    }

    @Test
    void manyRowsCrossWordBoundaries() {
        int rows = 100_003;
        List<Object> values = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            values.add(i % 7 == 0 ? null : (long) i);
        }
        List<Object> result = evaluate(col("a").gt(50_000L).and(col("a").le(col("a").plus(1L))),
                batch(allocator, column("a", DataTypes.INT64, values)));
        for (int i = 0; i < rows; i++) {
            Boolean expected = i % 7 == 0 ? null : i > 50_000;
            if (!java.util.Objects.equals(expected, result.get(i))) {
                assertThat(result.get(i)).as("row %d", i).isEqualTo(expected);
            }
        }
    }
}
