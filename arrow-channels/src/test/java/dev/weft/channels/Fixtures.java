package dev.weft.channels;

import dev.weft.api.types.DataTypes;
import dev.weft.api.types.DecimalType;
import dev.weft.api.types.ElementType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/** Element types and sample data shared by the tests. */
final class Fixtures {
    private Fixtures() {}

    record AllTypes(
            boolean flag, byte tiny, short small, int integer, long big, char letter, float single, double twice,
            Boolean boxedFlag, Byte boxedTiny, Short boxedSmall, Integer boxedInteger, Long boxedBig, Character boxedLetter,
            Float boxedSingle, Double boxedTwice,
            @DecimalType(precision = 10, scale = 2) BigDecimal price, BigDecimal wide,
            String text, byte[] bytes, LocalDate day, Instant time) {}

    record Address(String city, int zip) {}

    record LineItem(String sku, long quantity, @DecimalType(precision = 12, scale = 2) BigDecimal price) {}

    record Order(long id, Address address, List<LineItem> items, List<String> tags, List<List<Integer>> matrix,
                 @DecimalType(precision = 5, scale = 1) List<BigDecimal> discounts) {}

    record Point(long x, long y) {}

    record Priced(String name, @DecimalType(precision = 5, scale = 2) BigDecimal price) {}

    record Empty() {}

    record Lists(List<Boolean> flags, List<Byte> tinies, List<Short> smalls, List<Integer> integers, List<Long> bigs,
                 List<Character> letters, List<Float> singles, List<Double> doubles, List<BigDecimal> decimals, List<String> texts,
                 List<byte[]> blobs, List<LocalDate> days, List<Instant> times, List<Address> addresses) {}

    static Lists lists(int i) {
        if (i % 3 == 2) {
            return new Lists(null, null, null, null, null, null, null, null, null, null, null, null, null, null);
        }
        return new Lists(Arrays.asList(true, null, i % 2 == 0), List.of((byte) i), Arrays.asList((short) -i, null), List.of(i, i + 1),
                Arrays.asList(null, (long) i << 40), List.of('x', (char) ('a' + i)), List.of(i / 4f), Arrays.asList(i / 3d, null),
                Arrays.asList(new BigDecimal("1.000000000000000001"), null, BigDecimal.valueOf(i).setScale(18)), Arrays.asList("s" + i, null, ""),
                Arrays.asList(new byte[] {(byte) i}, null), List.of(LocalDate.of(2000 + i, 1, 1)),
                Arrays.asList(Instant.ofEpochSecond(i * 1000L, i * 1000L), null), Arrays.asList(new Address("c" + i, i), null));
    }

    static List<Lists> listsSample() {
        List<Lists> result = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            result.add(lists(i));
        }
        return result;
    }

    static AllTypes allTypes(int i) {
        return new AllTypes(i % 2 == 0, (byte) (i - 128), (short) (i * 300 - 30000), i * 1_000_003, (long) i * 10_000_000_019L,
                (char) ('a' + i % 26), i + 0.5f, i * 1.25,
                i % 2 == 1, (byte) i, (short) -i, -i * 7, Long.MIN_VALUE + i, 'Z', -i * 0.25f, i * -3.5,
                new BigDecimal(i + ".25"), new BigDecimal("12345678901234567890.123456789012345678").add(BigDecimal.valueOf(i)),
                "text-" + i + "-äöü-\u20ac", new byte[] {(byte) i, 0, -1}, LocalDate.of(1969, 12, 31).plusDays(i * 97L),
                Instant.parse("1969-12-31T23:59:59.999999Z").plusSeconds(i * 86_401L).plusNanos(i * 1_000L));
    }

    static AllTypes allTypesWithNulls() {
        return new AllTypes(false, (byte) 0, (short) 0, 0, 0L, '\0', 0f, 0d,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    static Order order(long id) {
        return new Order(id, new Address("city-" + id, (int) id * 11),
                List.of(new LineItem("sku-" + id, id * 2, new BigDecimal("19.99")), new LineItem("other", 1, new BigDecimal("-0.01"))),
                Arrays.asList("new", null, "t" + id),
                Arrays.asList(List.of(1, 2), List.of(), null, Arrays.asList(3, null)),
                List.of(new BigDecimal("1.5"), new BigDecimal("-9999.9")));
    }

    static Order orderWithNulls(long id) {
        return new Order(id, null, Arrays.asList(null, new LineItem(null, 0, null)), List.of(), null, null);
    }

    static List<Order> orders() {
        return List.of(order(1), orderWithNulls(2), order(3), new Order(4, new Address(null, 0), List.of(), null, List.of(), List.of()));
    }

    static List<AllTypes> allTypesSample() {
        List<AllTypes> result = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            result.add(i == 2 ? allTypesWithNulls() : allTypes(i));
        }
        return result;
    }

    static Field struct(String name, boolean nullable, Field... children) {
        return new Field(name, new FieldType(nullable, DataTypes.STRUCT, null), List.of(children));
    }

    static Field list(String name, Field element) {
        return new Field(name, FieldType.nullable(DataTypes.LIST), List.of(element));
    }

    /** id bigint not null, name string, address struct(city string, zip int not null), scores list<bigint>, points list<struct(x, y)>. */
    static Schema rowSchema() {
        return new Schema(List.of(
                DataTypes.field("id", DataTypes.INT64, false),
                DataTypes.field("name", DataTypes.STRING, true),
                struct("address", true, DataTypes.field("city", DataTypes.STRING, true), DataTypes.field("zip", DataTypes.INT32, false)),
                list("scores", DataTypes.field("element", DataTypes.INT64, true)),
                list("points", struct("element", true, DataTypes.field("x", DataTypes.INT64, false), DataTypes.field("y", DataTypes.INT64, false))),
                DataTypes.field("amount", DataTypes.decimal(9, 3), true),
                DataTypes.field("day", DataTypes.DATE, true)));
    }

    static <T> VectorSchemaRoot encode(ElementType<T> type, List<T> elements, BufferAllocator allocator) {
        try (RowEncoder<T> encoder = RowEncoder.create(type, allocator)) {
            elements.forEach(encoder::append);
            return encoder.finish();
        }
    }

    static <T> List<T> decode(ElementType<T> type, VectorSchemaRoot batch) {
        RowDecoder<T> decoder = RowDecoder.create(type).bind(batch);
        List<T> result = new ArrayList<>();
        for (int row = 0; row < batch.getRowCount(); row++) {
            result.add(decoder.get(row));
        }
        return result;
    }
}
