package dev.weft.channels;

import static dev.weft.channels.Fixtures.decode;
import static dev.weft.channels.Fixtures.encode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.types.DataTypes;
import dev.weft.api.types.ElementType;
import dev.weft.api.types.RecordSchemas;
import dev.weft.api.types.Row;
import dev.weft.channels.Fixtures.Address;
import dev.weft.channels.Fixtures.AllTypes;
import dev.weft.channels.Fixtures.Empty;
import dev.weft.channels.Fixtures.Order;
import dev.weft.channels.Fixtures.Point;
import dev.weft.channels.Fixtures.Priced;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

class TestRowEncoder extends ArrowTest {
    @Test
    void recordsOfEveryTypeRoundTrip() {
        ElementType<AllTypes> type = ElementType.of(AllTypes.class);
        List<AllTypes> elements = Fixtures.allTypesSample();
        try (VectorSchemaRoot batch = encode(type, elements, allocator)) {
            assertThat(batch.getSchema()).isEqualTo(type.schema());
            assertThat(batch.getRowCount()).isEqualTo(elements.size());
            assertThat(decode(type, batch)).usingRecursiveFieldByFieldElementComparator().isEqualTo(elements);
        }
    }

    @Test
    void valuesLandInTheArrowLayoutTheSchemaPromises() {
        AllTypes element = Fixtures.allTypes(3);
        try (VectorSchemaRoot batch = encode(ElementType.of(AllTypes.class), List.of(element), allocator)) {
            assertThat(((BigIntVector) batch.getVector("big")).get(0)).isEqualTo(element.big());
            assertThat(((DecimalVector) batch.getVector("price")).getObject(0)).isEqualTo(new BigDecimal("3.25"));
            assertThat(((DecimalVector) batch.getVector("price")).getScale()).isEqualTo(2);
            assertThat(((VarCharVector) batch.getVector("text")).get(0)).isEqualTo(element.text().getBytes(StandardCharsets.UTF_8));
            assertThat(batch.getVector("day").getObject(0)).isEqualTo((int) element.day().toEpochDay());
            long micros = element.time().getEpochSecond() * 1_000_000L + element.time().getNano() / 1_000;
            assertThat(batch.getVector("time").getObject(0)).isEqualTo(micros);
        }
    }

    @Test
    void nestedRecordsWithListsRoundTrip() {
        ElementType<Order> type = ElementType.of(Order.class);
        List<Order> orders = Fixtures.orders();
        try (VectorSchemaRoot batch = encode(type, orders, allocator)) {
            assertThat(decode(type, batch)).isEqualTo(orders);
        }
    }

    @Test
    void listsOfEveryTypeRoundTrip() {
        ElementType<Fixtures.Lists> type = ElementType.of(Fixtures.Lists.class);
        try (VectorSchemaRoot batch = encode(type, Fixtures.listsSample(), allocator)) {
            assertThat(decode(type, batch)).usingRecursiveFieldByFieldElementComparator().isEqualTo(Fixtures.listsSample());
        }
    }

    @Test
    void rowsWithStructsAndListsRoundTrip() {
        Schema schema = Fixtures.rowSchema();
        Schema address = new Schema(schema.getFields().get(2).getChildren());
        Schema point = new Schema(schema.getFields().get(4).getChildren().get(0).getChildren());
        List<Row> rows = List.of(
                Row.of(schema, 1L, "one", Row.of(address, "Berlin", 10115), Arrays.asList(1L, null, 3L),
                        List.of(Row.of(point, 1L, 2L), Row.of(point, -1L, -2L)), new BigDecimal("12.345"), LocalDate.of(2024, 2, 29)),
                Row.of(schema, 2L, null, null, null, null, null, null),
                Row.of(schema, 3L, "", Row.of(address, null, 0), List.of(), Arrays.asList(null, Row.of(point, 0L, 0L)),
                        new BigDecimal("-999999.999"), LocalDate.of(1, 1, 1)));
        ElementType<Row> type = ElementType.row(schema);
        try (VectorSchemaRoot batch = encode(type, rows, allocator)) {
            assertThat(batch.getSchema()).isEqualTo(schema);
            assertThat(decode(type, batch)).isEqualTo(rows);
        }
    }

    @Test
    void scalarsOfEveryTypeRoundTrip() {
        assertScalarRoundTrip(String.class, "a", "", "ünïcödé \u20ac \uD83D\uDE00");
        assertScalarRoundTrip(Long.class, Long.MIN_VALUE, 0L, Long.MAX_VALUE);
        assertScalarRoundTrip(Integer.class, Integer.MIN_VALUE, 0, Integer.MAX_VALUE);
        assertScalarRoundTrip(Short.class, Short.MIN_VALUE, (short) 0, Short.MAX_VALUE);
        assertScalarRoundTrip(Byte.class, Byte.MIN_VALUE, (byte) 0, Byte.MAX_VALUE);
        assertScalarRoundTrip(Double.class, -0.0, Double.NaN, Double.MAX_VALUE, Double.NEGATIVE_INFINITY);
        assertScalarRoundTrip(Float.class, Float.MIN_VALUE, 1.5f, Float.NaN);
        assertScalarRoundTrip(Boolean.class, true, false);
        assertScalarRoundTrip(Character.class, 'a', '\uffff', '\0');
        assertScalarRoundTrip(BigDecimal.class, new BigDecimal("0.000000000000000000"),
                new BigDecimal("99999999999999999999.999999999999999999"), new BigDecimal("-1.500000000000000000"));
        assertScalarRoundTrip(LocalDate.class, LocalDate.of(1970, 1, 1), LocalDate.of(1900, 3, 1), LocalDate.of(9999, 12, 31));
        assertScalarRoundTrip(Instant.class, Instant.EPOCH, Instant.parse("1969-07-20T20:17:40.123456Z"), Instant.parse("2262-04-11T23:47:16Z"));
        try (VectorSchemaRoot batch = encode(ElementType.of(byte[].class), Arrays.asList(new byte[] {1, 2}, null, new byte[0]), allocator)) {
            assertThat(decode(ElementType.of(byte[].class), batch)).containsExactly(new byte[] {1, 2}, null, new byte[0]);
        }
    }

    @SafeVarargs
    private <T> void assertScalarRoundTrip(Class<T> javaClass, T... values) {
        ElementType<T> type = ElementType.of(javaClass);
        List<T> elements = new ArrayList<>();
        for (T value : values) {
            elements.add(value);
        }
        elements.add(1, null);
        try (VectorSchemaRoot batch = encode(type, elements, allocator)) {
            assertThat(batch.getSchema().getFields()).extracting(f -> f.getName()).containsExactly(ElementType.SCALAR_COLUMN);
            assertThat(decode(type, batch)).as(javaClass.getSimpleName()).isEqualTo(elements);
        }
    }

    @Test
    void emptyBatchHasTheSchemaAndNoRows() {
        ElementType<Order> type = ElementType.of(Order.class);
        try (RowEncoder<Order> encoder = RowEncoder.create(type, allocator); VectorSchemaRoot batch = encoder.finish()) {
            assertThat(encoder.rowCount()).isZero();
            assertThat(batch.getRowCount()).isZero();
            assertThat(batch.getSchema()).isEqualTo(type.schema());
            assertThat(decode(type, batch)).isEmpty();
        }
    }

    @Test
    void recordWithoutComponentsRoundTrips() {
        ElementType<Empty> type = ElementType.of(Empty.class);
        try (VectorSchemaRoot batch = encode(type, List.of(new Empty(), new Empty()), allocator)) {
            assertThat(batch.getRowCount()).isEqualTo(2);
            assertThat(decode(type, batch)).containsExactly(new Empty(), new Empty());
        }
    }

    @Test
    void encoderGrowsVectorsAndIsReusableAfterFinish() {
        ElementType<Order> type = ElementType.of(Order.class);
        try (RowEncoder<Order> encoder = RowEncoder.create(type, allocator)) {
            for (int round = 0; round < 3; round++) {
                int count = round == 1 ? 10_000 : 7;
                List<Order> orders = IntStream.range(0, count).mapToObj(i -> i % 5 == 0 ? Fixtures.orderWithNulls(i) : Fixtures.order(i)).toList();
                orders.forEach(encoder::append);
                assertThat(encoder.rowCount()).isEqualTo(count);
                try (VectorSchemaRoot batch = encoder.finish()) {
                    assertThat(encoder.rowCount()).isZero();
                    assertThat(decode(type, batch)).isEqualTo(orders);
                }
            }
        }
    }

    @Test
    void batchOutlivesTheEncoder() {
        VectorSchemaRoot batch;
        try (RowEncoder<String> encoder = RowEncoder.create(ElementType.of(String.class), allocator)) {
            encoder.append("kept");
            batch = encoder.finish();
        }
        try (batch) {
            assertThat(decode(ElementType.of(String.class), batch)).containsExactly("kept");
        }
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void wrongElementClassIsRejected() {
        try (RowEncoder<Object> encoder = (RowEncoder) RowEncoder.create(ElementType.of(Address.class), allocator)) {
            assertThatThrownBy(() -> encoder.append(new Point(1, 2)))
                    .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.WRONG_OUTPUT_TYPE))
                    .hasMessageContaining("expected " + Address.class.getName())
                    .hasMessageContaining("got " + Point.class.getName());
            assertThatThrownBy(() -> encoder.append(null))
                    .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.WRONG_OUTPUT_TYPE))
                    .hasMessageContaining("got null");
            assertThat(encoder.rowCount()).isZero();
        }
        try (RowEncoder<Object> encoder = (RowEncoder) RowEncoder.create(ElementType.of(Long.class), allocator)) {
            assertThatThrownBy(() -> encoder.append(5))
                    .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.WRONG_OUTPUT_TYPE))
                    .hasMessageContaining("expected java.lang.Long but got java.lang.Integer");
        }
    }

    @Test
    void rowOfTheWrongSizeIsRejected() {
        Schema schema = new Schema(List.of(DataTypes.field("a", DataTypes.INT64, true)));
        Schema other = new Schema(List.of(DataTypes.field("a", DataTypes.INT64, true), DataTypes.field("b", DataTypes.INT64, true)));
        try (RowEncoder<Row> encoder = RowEncoder.create(ElementType.row(schema), allocator)) {
            assertThatThrownBy(() -> encoder.append(Row.of(other, 1L, 2L)))
                    .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.WRONG_OUTPUT_TYPE))
                    .hasMessageContaining("a Row of 2 values");
        }
    }

    @Test
    void nullInNonNullableColumnIsRejected() {
        Schema schema = Fixtures.rowSchema();
        try (RowEncoder<Row> encoder = RowEncoder.create(ElementType.row(schema), allocator)) {
            assertThatThrownBy(() -> encoder.append(Row.of(schema, null, "x", null, null, null, null, null)))
                    .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.TYPE_MISMATCH))
                    .hasMessageContaining("column id")
                    .hasMessageContaining("not nullable");
            Schema address = new Schema(schema.getFields().get(2).getChildren());
            assertThatThrownBy(() -> encoder.append(Row.of(schema, 1L, "x", Row.of(address, "c", null), null, null, null, null)))
                    .isInstanceOf(WeftException.class)
                    .hasMessageContaining("column address.zip");
        }
    }

    @Test
    void valueOfTheWrongTypeInRowIsRejected() {
        Schema schema = Fixtures.rowSchema();
        try (RowEncoder<Row> encoder = RowEncoder.create(ElementType.row(schema), allocator)) {
            assertThatThrownBy(() -> encoder.append(Row.of(schema, 1L, 42, null, null, null, null, null)))
                    .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.TYPE_MISMATCH))
                    .hasMessageContaining("column name of type string cannot hold 42 of class java.lang.Integer");
            assertThatThrownBy(() -> encoder.append(Row.of(schema, 1L, "x", null, List.of("not a long"), null, null, null)))
                    .isInstanceOf(WeftException.class)
                    .hasMessageContaining("column scores[]");
            assertThatThrownBy(() -> encoder.append(Row.of(schema, 1L, "x", "not a row", null, null, null, null)))
                    .isInstanceOf(WeftException.class)
                    .hasMessageContaining("column address");
        }
    }

    @Test
    void integersWidenIntoWiderColumnsButNotNarrower() {
        Schema schema = new Schema(List.of(DataTypes.field("small", DataTypes.INT16, true), DataTypes.field("big", DataTypes.INT64, true)));
        try (RowEncoder<Row> encoder = RowEncoder.create(ElementType.row(schema), allocator)) {
            encoder.append(Row.of(schema, 7, 8));
            assertThatThrownBy(() -> encoder.append(Row.of(schema, 70_000, 8)))
                    .isInstanceOf(WeftException.class)
                    .hasMessageContaining("column small");
            try (VectorSchemaRoot batch = encoder.finish()) {
                assertThat(decode(ElementType.row(schema), batch)).containsExactly(Row.of(schema, (short) 7, 8L));
            }
        }
    }

    @Test
    void failedAppendLeavesNoPartialRow() {
        Schema schema = Fixtures.rowSchema();
        Row good = Row.of(schema, 1L, "a", null, List.of(1L), null, null, null);
        try (RowEncoder<Row> encoder = RowEncoder.create(ElementType.row(schema), allocator)) {
            encoder.append(good);
            assertThatThrownBy(() -> encoder.append(Row.of(schema, 2L, "b", null, List.of(2L, 3L), null, "bad", null)))
                    .isInstanceOf(WeftException.class);
            Row next = Row.of(schema, 4L, null, null, null, null, BigDecimal.ONE.setScale(3), null);
            encoder.append(next);
            try (VectorSchemaRoot batch = encoder.finish()) {
                assertThat(decode(ElementType.row(schema), batch)).containsExactly(good, next);
            }
        }
    }

    @Test
    void decimalsAreRescaledWhenNoDigitIsLost() {
        ElementType<Priced> type = ElementType.of(Priced.class);
        List<Priced> input = List.of(new Priced("padded", new BigDecimal("12.5")), new Priced("trimmed", new BigDecimal("12.500")),
                new Priced("integer", new BigDecimal("999")), new Priced("tiny", new BigDecimal("0.01")));
        try (VectorSchemaRoot batch = encode(type, input, allocator)) {
            assertThat(decode(type, batch)).extracting(Priced::price).containsExactly(
                    new BigDecimal("12.50"), new BigDecimal("12.50"), new BigDecimal("999.00"), new BigDecimal("0.01"));
        }
    }

    @Test
    void decimalThatLosesDigitsIsRejected() {
        try (RowEncoder<Priced> encoder = RowEncoder.create(ElementType.of(Priced.class), allocator)) {
            assertThatThrownBy(() -> encoder.append(new Priced("too precise", new BigDecimal("1.005"))))
                    .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.TYPE_MISMATCH))
                    .hasMessageContaining("1.005")
                    .hasMessageContaining("column price")
                    .hasMessageContaining("decimal(5,2)")
                    .hasMessageContaining("@DecimalType(precision = 6, scale = 3)");
            assertThatThrownBy(() -> encoder.append(new Priced("too big", new BigDecimal("1000.00"))))
                    .isInstanceOf(WeftException.class)
                    .hasMessageContaining("1000.00")
                    .hasMessageContaining("decimal(5,2)")
                    .hasMessageContaining("@DecimalType(precision = 6, scale = 2)");
            assertThat(encoder.rowCount()).isZero();
        }
    }

    @Test
    void largeDecimalsUseAllOf128Bits() {
        List<BigDecimal> values = List.of(new BigDecimal("-99999999999999999999.999999999999999999"),
                new BigDecimal("9223372036854775807.000000000000000001"), new BigDecimal("-0.000000000000000001"));
        try (VectorSchemaRoot batch = encode(ElementType.of(BigDecimal.class), values, allocator)) {
            assertThat(decode(ElementType.of(BigDecimal.class), batch)).isEqualTo(values);
        }
    }

    @Test
    void schemaThatDoesNotMatchTheRecordIsRejected() {
        Schema wrong = new Schema(List.of(DataTypes.field("city", DataTypes.INT64, true), DataTypes.field("zip", DataTypes.INT32, false)));
        ElementType<Address> type = new ElementType<>(Address.class, wrong, ElementType.Shape.RECORD);
        assertThatThrownBy(() -> RowEncoder.create(type, allocator))
                .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.TYPE_MISMATCH))
                .hasMessageContaining("city")
                .hasMessageContaining("java.lang.String");
        Schema missing = new Schema(List.of(DataTypes.field("city", DataTypes.STRING, true)));
        assertThatThrownBy(() -> RowEncoder.create(new ElementType<>(Address.class, missing, ElementType.Shape.RECORD), allocator))
                .isInstanceOf(WeftException.class)
                .hasMessageContaining("2 components");
        assertThat(RecordSchemas.schemaOf(Address.class).getFields()).hasSize(2);
    }

    @Test
    void appendAfterCloseIsRejected() {
        RowEncoder<String> encoder = RowEncoder.create(ElementType.of(String.class), allocator);
        encoder.append("x");
        encoder.close();
        assertThatThrownBy(() -> encoder.append("y")).isInstanceOf(IllegalStateException.class);
        encoder.close();
    }
}
