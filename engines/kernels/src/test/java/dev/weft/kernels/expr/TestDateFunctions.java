package dev.weft.kernels.expr;

import static dev.weft.api.expr.Expressions.col;
import static dev.weft.api.expr.Expressions.dateAdd;
import static dev.weft.api.expr.Expressions.dateDiff;
import static dev.weft.api.expr.Expressions.day;
import static dev.weft.api.expr.Expressions.lit;
import static dev.weft.api.expr.Expressions.month;
import static dev.weft.api.expr.Expressions.year;
import static dev.weft.kernels.expr.TestBatches.batch;
import static dev.weft.kernels.expr.TestBatches.column;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.api.types.DataTypes;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.junit.jupiter.api.Test;

class TestDateFunctions extends ExpressionTestSupport {
    @Test
    void yearMonthDayMatchTheCalendarOverMillennia() {
        List<Object> dates = new ArrayList<>();
        for (long epochDay = -800_000; epochDay <= 800_000; epochDay += 997) {
            dates.add(LocalDate.ofEpochDay(epochDay));
        }
        dates.addAll(List.of(LocalDate.of(1969, 12, 31), LocalDate.of(1970, 1, 1), LocalDate.of(1900, 3, 1), LocalDate.of(1600, 2, 29),
                LocalDate.of(2000, 2, 29), LocalDate.of(1, 1, 1), LocalDate.of(0, 12, 31), LocalDate.of(-1, 3, 1), LocalDate.of(1969, 1, 1)));
        dates.add(null);
        try (VectorSchemaRoot input = batch(allocator, column("d", DataTypes.DATE, dates))) {
            List<Object> years = evaluateOn(year(col("d")), input);
            List<Object> months = evaluateOn(month(col("d")), input);
            List<Object> days = evaluateOn(day(col("d")), input);
            for (int i = 0; i < dates.size(); i++) {
                LocalDate date = (LocalDate) dates.get(i);
                assertThat(years.get(i)).as("year of %s", date).isEqualTo(date == null ? null : date.getYear());
                assertThat(months.get(i)).as("month of %s", date).isEqualTo(date == null ? null : date.getMonthValue());
                assertThat(days.get(i)).as("day of %s", date).isEqualTo(date == null ? null : date.getDayOfMonth());
            }
        }
    }

    @Test
    void partsOfTimestampsUseTheirTimeZone() {
        ArrowType berlin = new ArrowType.Timestamp(TimeUnit.MICROSECOND, "Europe/Berlin");
        ArrowType naiveMillis = new ArrowType.Timestamp(TimeUnit.MILLISECOND, null);
        Instant lastMicroOf1969 = Instant.parse("1969-12-31T23:59:59.999999Z");
        Instant lateNewYearsEve = Instant.parse("2023-12-31T23:30:00Z");
        try (VectorSchemaRoot input = batch(allocator,
                column("utc", DataTypes.TIMESTAMP, lastMicroOf1969, lateNewYearsEve, null),
                column("berlin", berlin, lastMicroOf1969, lateNewYearsEve, null),
                column("naive", naiveMillis, Instant.parse("1969-12-31T23:59:59.999Z"), lateNewYearsEve, null),
                column("dm", new ArrowType.Date(DateUnit.MILLISECOND), LocalDate.of(1950, 5, 17), LocalDate.of(2024, 2, 29), null))) {
            assertThat(evaluateOn(year(col("utc")), input)).containsExactly(1969, 2023, null);
            assertThat(evaluateOn(day(col("utc")), input)).containsExactly(31, 31, null);
            assertThat(evaluateOn(year(col("berlin")), input)).containsExactly(1970, 2024, null);
            assertThat(evaluateOn(month(col("berlin")), input)).containsExactly(1, 1, null);
            assertThat(evaluateOn(day(col("naive")), input)).containsExactly(31, 31, null);
            assertThat(evaluateOn(month(col("dm")), input)).containsExactly(5, 2, null);
            assertThat(evaluateOn(day(col("dm")), input)).containsExactly(17, 29, null);
        }
    }

    @Test
    void dateAddAndDateDiffCountDays() {
        try (VectorSchemaRoot input = batch(allocator,
                column("d", DataTypes.DATE, LocalDate.of(2024, 2, 28), LocalDate.of(1970, 1, 1), null, LocalDate.of(2000, 1, 1)),
                column("n", DataTypes.INT64, 1L, -1L, 5L, null),
                column("other", DataTypes.DATE, LocalDate.of(2024, 3, 1), LocalDate.of(1969, 12, 1), LocalDate.EPOCH, LocalDate.EPOCH))) {
            assertThat(evaluateOn(dateAdd(col("d"), 2), input))
                    .containsExactly(LocalDate.of(2024, 3, 1), LocalDate.of(1970, 1, 3), null, LocalDate.of(2000, 1, 3));
            assertThat(evaluateOn(dateAdd(col("d"), col("n")), input))
                    .containsExactly(LocalDate.of(2024, 2, 29), LocalDate.of(1969, 12, 31), null, null);
            assertThat(evaluateOn(dateAdd(col("d"), -366), input))
                    .containsExactly(LocalDate.of(2023, 2, 27), LocalDate.of(1968, 12, 31), null, LocalDate.of(1998, 12, 31));
            assertThat(evaluateOn(dateDiff(col("other"), col("d")), input)).containsExactly(2, -31, null, -10957);
            assertThat(evaluateOn(dateDiff(col("d"), lit(LocalDate.EPOCH)), input)).containsExactly(19781, 0, null, 10957);
        }
        assertThatThrownBy(() -> evaluate(dateAdd(col("d"), Long.MAX_VALUE), batch(allocator, column("d", DataTypes.DATE, LocalDate.EPOCH))))
                .hasMessageContaining("overflow");
    }

    @Test
    void dateOfTimestampsBeforeTheEpochRoundsDown() {
        Instant instant = LocalDate.of(1969, 12, 31).atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(1);
        assertThat(evaluate(dateDiff(col("t").cast(DataTypes.DATE), lit(LocalDate.EPOCH)), batch(allocator, column("t", DataTypes.TIMESTAMP, instant))))
                .containsExactly(-1);
    }
}
