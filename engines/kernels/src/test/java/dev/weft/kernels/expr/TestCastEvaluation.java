package dev.weft.kernels.expr;

import static dev.weft.api.expr.Expressions.cast;
import static dev.weft.api.expr.Expressions.col;
import static dev.weft.api.expr.Expressions.lit;
import static dev.weft.kernels.expr.TestBatches.batch;
import static dev.weft.kernels.expr.TestBatches.column;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.types.DataTypes;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.junit.jupiter.api.Test;

class TestCastEvaluation extends ExpressionTestSupport {
    @Test
    void integersWidenAndNarrowWithRangeChecks() {
        try (VectorSchemaRoot input = batch(allocator, column("l", DataTypes.INT64, 1L, -128L, 127L, null),
                column("t", DataTypes.INT8, (byte) 1, (byte) -128, (byte) 127, null))) {
            assertThat(evaluateOn(cast(col("l"), DataTypes.INT8), input)).containsExactly((byte) 1, (byte) -128, (byte) 127, null);
            assertThat(evaluateOn(cast(col("t"), DataTypes.INT64), input)).containsExactly(1L, -128L, 127L, null);
            assertThat(evaluateOn(cast(col("t"), DataTypes.INT16), input)).containsExactly((short) 1, (short) -128, (short) 127, null);
        }
        assertThatThrownBy(() -> evaluate(cast(col("l"), DataTypes.INT8), batch(allocator, column("l", DataTypes.INT64, 128L))))
                .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("cannot cast 128 to tinyint").hasMessageContaining("out of range");
        assertThatThrownBy(() -> evaluate(cast(col("l"), DataTypes.INT32), batch(allocator, column("l", DataTypes.INT64, 1L << 40))))
                .hasMessageContaining("to int");
        assertThatThrownBy(() -> evaluate(cast(col("i"), DataTypes.CHAR), batch(allocator, column("i", DataTypes.INT32, -1))))
                .hasMessageContaining("out of range");
    }

    @Test
    void floatingPointToIntegerTruncatesAndRejectsNonFiniteAndOutOfRange() {
        assertThat(evaluate(cast(col("d"), DataTypes.INT32), batch(allocator, column("d", DataTypes.FLOAT64, 2.7, -2.7, 0.5, null))))
                .containsExactly(2, -2, 0, null);
        assertThat(evaluate(cast(col("d"), DataTypes.INT64), batch(allocator, column("d", DataTypes.FLOAT64, -9.223372036854775808E18))))
                .containsExactly(Long.MIN_VALUE);
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, 9.223372036854775807E18, 3e9}) {
            ArrowType target = bad == 3e9 ? DataTypes.INT32 : DataTypes.INT64;
            assertThatThrownBy(() -> evaluate(cast(col("d"), target), batch(allocator, column("d", DataTypes.FLOAT64, bad))))
                    .isInstanceOf(WeftException.class).hasMessageContaining("cannot cast");
        }
    }

    @Test
    void betweenFloatingPointTypes() {
        assertThat(evaluate(cast(col("d"), DataTypes.FLOAT32), batch(allocator, column("d", DataTypes.FLOAT64, 1.5, Double.NaN, Double.NEGATIVE_INFINITY))))
                .containsExactly(1.5f, Float.NaN, Float.NEGATIVE_INFINITY);
        assertThat(evaluate(cast(col("f"), DataTypes.FLOAT64), batch(allocator, column("f", DataTypes.FLOAT32, 0.1f))))
                .containsExactly((double) 0.1f);
        assertThatThrownBy(() -> evaluate(cast(col("d"), DataTypes.FLOAT32), batch(allocator, column("d", DataTypes.FLOAT64, 1e300))))
                .hasMessageContaining("out of range");
        assertThat(evaluate(cast(col("i"), DataTypes.FLOAT64), batch(allocator, column("i", DataTypes.INT32, 3, null))))
                .containsExactly(3.0, null);
    }

    @Test
    void decimalsRoundHalfUpAndRejectTooManyDigits() {
        ArrowType narrow = DataTypes.decimal(5, 1);
        assertThat(evaluate(cast(col("x"), narrow), batch(allocator, column("x", DataTypes.decimal(10, 3),
                new BigDecimal("1.250"), new BigDecimal("-1.250"), new BigDecimal("1.249"), new BigDecimal("9999.949"), null))))
                .containsExactly(new BigDecimal("1.3"), new BigDecimal("-1.3"), new BigDecimal("1.2"), new BigDecimal("9999.9"), null);
        assertThatThrownBy(() -> evaluate(cast(col("x"), narrow), batch(allocator, column("x", DataTypes.decimal(10, 3), new BigDecimal("9999.950")))))
                .hasMessageContaining("cannot cast 9999.950 to decimal(5,1)").hasMessageContaining("more than 4 digits");
        assertThat(evaluate(cast(col("i"), DataTypes.decimal(6, 2)), batch(allocator, column("i", DataTypes.INT32, 9999, -9999, null))))
                .containsExactly(new BigDecimal("9999.00"), new BigDecimal("-9999.00"), null);
        assertThatThrownBy(() -> evaluate(cast(col("i"), DataTypes.decimal(6, 2)), batch(allocator, column("i", DataTypes.INT32, 10000))))
                .hasMessageContaining("more than 4 digits");
        assertThat(evaluate(cast(col("l"), DataTypes.decimal(30, 5)), batch(allocator, column("l", DataTypes.INT64, Long.MIN_VALUE))))
                .containsExactly(new BigDecimal(Long.MIN_VALUE).setScale(5));
        assertThat(evaluate(cast(col("d"), DataTypes.decimal(10, 2)), batch(allocator, column("d", DataTypes.FLOAT64, 2.675, -0.005))))
                .containsExactly(new BigDecimal("2.68"), new BigDecimal("-0.01"));
        assertThatThrownBy(() -> evaluate(cast(col("d"), DataTypes.decimal(10, 2)), batch(allocator, column("d", DataTypes.FLOAT64, Double.NaN))))
                .hasMessageContaining("not a finite number");
        assertThat(evaluate(cast(col("x"), DataTypes.INT32), batch(allocator, column("x", DataTypes.decimal(10, 2), new BigDecimal("-7.99")))))
                .containsExactly(-7);
        assertThat(evaluate(cast(col("x"), DataTypes.FLOAT64), batch(allocator, column("x", DataTypes.decimal(10, 2), new BigDecimal("-7.25")))))
                .containsExactly(-7.25);
    }

    @Test
    void booleansAndNumbers() {
        assertThat(evaluate(cast(col("i"), DataTypes.BOOLEAN), batch(allocator, column("i", DataTypes.INT32, 0, 7, null))))
                .containsExactly(false, true, null);
        assertThat(evaluate(cast(col("d"), DataTypes.BOOLEAN), batch(allocator, column("d", DataTypes.FLOAT64, 0.0, -0.5))))
                .containsExactly(false, true);
        assertThat(evaluate(cast(col("b"), DataTypes.INT64), batch(allocator, column("b", DataTypes.BOOLEAN, true, false, null))))
                .containsExactly(1L, 0L, null);
        assertThat(evaluate(cast(col("b"), DataTypes.decimal(3, 1)), batch(allocator, column("b", DataTypes.BOOLEAN, true))))
                .containsExactly(new BigDecimal("1.0"));
    }

    @Test
    void stringsParseIntoEveryType() {
        try (VectorSchemaRoot input = batch(allocator, column("s", DataTypes.STRING, " 42 ", "-7", null))) {
            assertThat(evaluateOn(cast(col("s"), DataTypes.INT32), input)).containsExactly(42, -7, null);
            assertThat(evaluateOn(cast(col("s"), DataTypes.FLOAT64), input)).containsExactly(42.0, -7.0, null);
            assertThat(evaluateOn(cast(col("s"), DataTypes.decimal(5, 2)), input)).containsExactly(new BigDecimal("42.00"), new BigDecimal("-7.00"), null);
        }
        assertThat(evaluate(cast(col("s"), DataTypes.FLOAT64), batch(allocator, column("s", DataTypes.STRING, "1e3", "-.5", "NaN", "-Infinity"))))
                .containsExactly(1000.0, -0.5, Double.NaN, Double.NEGATIVE_INFINITY);
        assertThat(evaluate(cast(col("s"), DataTypes.BOOLEAN), batch(allocator, column("s", DataTypes.STRING, "TRUE", "f", "yes", "0"))))
                .containsExactly(true, false, true, false);
        assertThat(evaluate(cast(col("s"), DataTypes.DATE), batch(allocator, column("s", DataTypes.STRING, "2024-02-29", "1900-01-01"))))
                .containsExactly(LocalDate.of(2024, 2, 29), LocalDate.of(1900, 1, 1));
        assertThat(evaluate(cast(col("s"), DataTypes.TIMESTAMP), batch(allocator, column("s", DataTypes.STRING,
                "2024-05-01T10:15:30Z", "2024-05-01 10:15:30.123456", "2024-05-01T12:15:30+02:00", "2024-05-01", "1969-12-31T23:59:59.999999Z"))))
                .containsExactly(Instant.parse("2024-05-01T10:15:30Z"), Instant.parse("2024-05-01T10:15:30.123456Z"),
                        Instant.parse("2024-05-01T10:15:30Z"), Instant.parse("2024-05-01T00:00:00Z"), Instant.parse("1969-12-31T23:59:59.999999Z"));
        assertThat(evaluate(cast(col("s"), DataTypes.CHAR), batch(allocator, column("s", DataTypes.STRING, "é")))).containsExactly('é');
    }

    @Test
    void unparseableStringsAreErrorsNamingTheValue() {
        Object[][] cases = {
            {DataTypes.INT32, "12x", "an integer"},
            {DataTypes.INT32, "1.5", "an integer"},
            {DataTypes.FLOAT64, "1.0d", "a number"},
            {DataTypes.FLOAT64, "0x1p3", "a number"},
            {DataTypes.decimal(5, 2), "abc", "a decimal number"},
            {DataTypes.BOOLEAN, "maybe", "true or false"},
            {DataTypes.DATE, "2024-13-01", "an ISO date"},
            {DataTypes.DATE, "01/02/2024", "an ISO date"},
            {DataTypes.TIMESTAMP, "yesterday", "an ISO-8601 timestamp"},
        };
        for (Object[] c : cases) {
            ArrowType type = (ArrowType) c[0];
            String value = (String) c[1];
            assertThatThrownBy(() -> evaluate(cast(col("s"), type), batch(allocator, column("s", DataTypes.STRING, null, value))))
                    .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.MALFORMED_INPUT))
                    .hasMessageContaining("'" + value + "'").hasMessageContaining((String) c[2]).hasMessageContaining("CAST(s AS");
        }
        assertThatThrownBy(() -> evaluate(cast(col("s"), DataTypes.INT8), batch(allocator, column("s", DataTypes.STRING, "300"))))
                .hasMessageContaining("'300'").hasMessageContaining("out of range");
    }

    @Test
    void valuesFormatAsStrings() {
        assertThat(evaluate(cast(col("i"), DataTypes.STRING), batch(allocator, column("i", DataTypes.INT64, -12L, null))))
                .containsExactly("-12", null);
        assertThat(evaluate(cast(col("d"), DataTypes.STRING), batch(allocator, column("d", DataTypes.FLOAT64, 1.5, 1e20))))
                .containsExactly("1.5", "1.0E20");
        assertThat(evaluate(cast(col("x"), DataTypes.STRING), batch(allocator, column("x", DataTypes.decimal(10, 3), new BigDecimal("-0.050")))))
                .containsExactly("-0.050");
        assertThat(evaluate(cast(col("b"), DataTypes.STRING), batch(allocator, column("b", DataTypes.BOOLEAN, true, false))))
                .containsExactly("true", "false");
        assertThat(evaluate(cast(col("d"), DataTypes.STRING), batch(allocator, column("d", DataTypes.DATE, LocalDate.of(1969, 7, 20)))))
                .containsExactly("1969-07-20");
        assertThat(evaluate(cast(col("t"), DataTypes.STRING), batch(allocator, column("t", DataTypes.TIMESTAMP, Instant.parse("2024-05-01T10:15:30.5Z")))))
                .containsExactly("2024-05-01T10:15:30.500Z");
        assertThat(evaluate(cast(col("c"), DataTypes.STRING), batch(allocator, column("c", DataTypes.CHAR, 'x')))).containsExactly("x");
        assertThat(evaluate(cast(col("c"), DataTypes.INT32), batch(allocator, column("c", DataTypes.CHAR, 'x')))).containsExactly((int) 'x');
    }

    @Test
    void datesAndTimestampsConvert() {
        Instant beforeEpoch = Instant.parse("1969-12-31T23:59:59.999999Z");
        assertThat(evaluate(cast(col("t"), DataTypes.DATE), batch(allocator, column("t", DataTypes.TIMESTAMP,
                beforeEpoch, Instant.parse("2024-02-29T23:00:00Z"), null))))
                .containsExactly(LocalDate.of(1969, 12, 31), LocalDate.of(2024, 2, 29), null);
        assertThat(evaluate(cast(col("d"), DataTypes.TIMESTAMP), batch(allocator, column("d", DataTypes.DATE, LocalDate.of(1960, 1, 1)))))
                .containsExactly(Instant.parse("1960-01-01T00:00:00Z"));
        ArrowType seconds = new ArrowType.Timestamp(TimeUnit.SECOND, "UTC");
        assertThat(evaluate(cast(col("t"), seconds), batch(allocator, column("t", DataTypes.TIMESTAMP, beforeEpoch))))
                .containsExactly(Instant.parse("1969-12-31T23:59:59Z"));
        ArrowType nanos = new ArrowType.Timestamp(TimeUnit.NANOSECOND, null);
        assertThatThrownBy(() -> evaluate(cast(col("d"), nanos), batch(allocator, column("d", DataTypes.DATE, LocalDate.of(3000, 1, 1)))))
                .hasMessageContaining("overflow");
        ArrowType berlin = new ArrowType.Timestamp(TimeUnit.MICROSECOND, "Europe/Berlin");
        assertThat(evaluate(cast(col("t"), DataTypes.DATE), batch(allocator, column("t", berlin, Instant.parse("2024-01-01T23:30:00Z")))))
                .containsExactly(LocalDate.of(2024, 1, 2));
        ArrowType dateMillis = new ArrowType.Date(DateUnit.MILLISECOND);
        assertThat(evaluate(cast(col("d"), dateMillis), batch(allocator, column("d", DataTypes.DATE, LocalDate.of(1950, 6, 1)))))
                .containsExactly(LocalDate.of(1950, 6, 1));
    }

    @Test
    void identityCastPassesTheColumnThroughAndConstantsFold() {
        assertThat(evaluate(cast(col("s"), DataTypes.STRING), batch(allocator, column("s", DataTypes.STRING, "a", null))))
                .containsExactly("a", null);
        assertThat(evaluateConstant(cast(lit("2024-01-02"), DataTypes.DATE), 2)).containsExactly(LocalDate.of(2024, 1, 2), LocalDate.of(2024, 1, 2));
        assertThatThrownBy(() -> ExpressionCompiler.compile(cast(lit("x"), DataTypes.INT32), new org.apache.arrow.vector.types.pojo.Schema(java.util.List.of())))
                .hasMessageContaining("'x'");
    }
}
