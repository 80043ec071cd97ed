package dev.weft.conformance;

import static dev.weft.api.expr.Expressions.col;
import static dev.weft.conformance.ConformanceAssertions.assertSameElements;
import static dev.weft.conformance.ConformanceAssertions.values;
import static dev.weft.conformance.ConformanceAssertions.valuesOf;

import dev.weft.api.types.ElementType;
import dev.weft.api.types.Row;
import dev.weft.conformance.ConformanceRecords.AllTypes;
import dev.weft.conformance.ConformanceRecords.Inner;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

/** Every supported element and component type survives a map and a collect unchanged. */
public interface TypeConformance extends ConformanceHarness {
    @Test
    default void recordsWithEveryComponentTypeRoundTrip() {
        List<AllTypes> records = ConformanceData.allTypes();
        List<AllTypes> actual = collect(pipeline().fromCollection(records, AllTypes.class).map(AllTypes::copy, AllTypes.class));
        assertSameElements(actual, records);
    }

    @Test
    default void nestedRecordsAndListsAsRowColumns() {
        List<AllTypes> records = ConformanceData.allTypes();
        List<Row> rows = collect(pipeline().fromCollection(records, AllTypes.class).select(col("number"), col("inner"), col("tags")));
        Schema inner = ElementType.of(Inner.class).schema();
        assertSameElements(valuesOf(rows), records.stream().map(r -> values(r.number(),
                r.inner() == null ? null : Row.of(inner, r.inner().label(), r.inner().rank()), r.tags())).toList());
    }

    @Test
    default void scalarsOfEveryTypeRoundTrip() {
        assertRoundTrip(Arrays.asList("a", "", null, "ü✓"), String.class);
        assertRoundTrip(Arrays.asList(Long.MIN_VALUE, 0L, null, Long.MAX_VALUE), Long.class);
        assertRoundTrip(Arrays.asList(Integer.MIN_VALUE, null, Integer.MAX_VALUE), Integer.class);
        assertRoundTrip(Arrays.asList(Short.MIN_VALUE, null, Short.MAX_VALUE), Short.class);
        assertRoundTrip(Arrays.asList(Byte.MIN_VALUE, null, Byte.MAX_VALUE), Byte.class);
        assertRoundTrip(Arrays.asList(-1.5, null, Double.MAX_VALUE, Double.NEGATIVE_INFINITY), Double.class);
        assertRoundTrip(Arrays.asList(-1.5f, null, Float.MIN_VALUE), Float.class);
        assertRoundTrip(Arrays.asList(true, null, false), Boolean.class);
        assertRoundTrip(Arrays.asList('a', null, 'Ω'), Character.class);
        assertRoundTrip(Arrays.asList(new BigDecimal("-12.5").setScale(18), null, BigDecimal.ONE.setScale(18)), BigDecimal.class);
        assertRoundTrip(Arrays.asList(LocalDate.of(1, 1, 1), null, LocalDate.of(9999, 12, 31)), LocalDate.class);
        assertRoundTrip(Arrays.asList(Instant.parse("2000-01-01T00:00:00.000001Z"), null, Instant.EPOCH), Instant.class);
        List<byte[]> bytes = Arrays.asList(new byte[] {1, 2, 3}, null, new byte[0]);
        List<byte[]> actual = collect(pipeline().fromCollection(bytes, byte[].class).map(b -> b, byte[].class));
        assertSameElements(actual.stream().map(b -> b == null ? null : Arrays.toString(b)).toList(),
                bytes.stream().map(b -> b == null ? null : Arrays.toString(b)).toList());
    }

    private <T> void assertRoundTrip(List<T> values, Class<T> type) {
        assertSameElements(collect(pipeline().fromCollection(values, type).map(x -> x, type)), values);
    }
}
