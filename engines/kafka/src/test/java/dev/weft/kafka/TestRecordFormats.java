package dev.weft.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.api.WeftException;
import dev.weft.api.plan.CsvFormat;
import dev.weft.api.plan.KafkaFormat;
import dev.weft.api.types.DataTypes;
import dev.weft.kafka.format.CsvLine;
import dev.weft.kafka.format.MalformedValueException;
import dev.weft.kafka.format.RecordDecoder;
import dev.weft.kafka.format.RecordEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Record values to Arrow and back, without a broker. */
class TestRecordFormats {
    private static final Schema SCHEMA = new Schema(List.of(
            DataTypes.field("id", DataTypes.INT32, false),
            DataTypes.field("name", DataTypes.STRING, true),
            DataTypes.field("price", new ArrowType.Decimal(6, 2, 128), true),
            DataTypes.field("data", DataTypes.BINARY, true)));

    private RootAllocator allocator;

    @BeforeEach
    void open() {
        allocator = new RootAllocator();
    }

    @AfterEach
    void close() {
        assertThat(allocator.getAllocatedMemory()).as("bytes left allocated").isZero();
        allocator.close();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void jsonRoundTrip() {
        try (RecordDecoder decoder = new RecordDecoder(KafkaFormat.JSON, SCHEMA, "", allocator)) {
            decoder.add(null, utf8("{\"id\": 1, \"name\": \"x\", \"price\": 1.5, \"data\": \"AQI=\"}"), 0);
            decoder.add(null, utf8("{\"id\": \"2\", \"price\": \"3\"}"), 0);
            assertThatThrownBy(() -> decoder.add(null, utf8("{\"id\": 2147483648}"), 0)).isInstanceOf(MalformedValueException.class)
                    .hasMessageContaining("column 'id'").hasMessageContaining("out of range");
            assertThatThrownBy(() -> decoder.add(null, utf8("{\"name\": \"no id\"}"), 0)).hasMessageContaining("NOT NULL");
            assertThatThrownBy(() -> decoder.add(null, utf8("{\"id\": 1, \"price\": 12345.6}"), 0)).hasMessageContaining("decimal(6, 2)");
            assertThatThrownBy(() -> decoder.add(null, utf8("[1]"), 0)).hasMessageContaining("expected a JSON object");
            assertThatThrownBy(() -> decoder.add(null, null, 0)).hasMessageContaining("no value");
            try (VectorSchemaRoot batch = decoder.finish()) {
                assertThat(batch.getRowCount()).isEqualTo(2);
                RecordEncoder encoder = new RecordEncoder(KafkaFormat.JSON, SCHEMA, "name", "t");
                assertThat(new String(encoder.value(batch, 0), StandardCharsets.UTF_8))
                        .isEqualTo("{\"id\":1,\"name\":\"x\",\"price\":1.50,\"data\":\"AQI=\"}");
                assertThat(new String(encoder.value(batch, 1), StandardCharsets.UTF_8))
                        .isEqualTo("{\"id\":2,\"name\":null,\"price\":3.00,\"data\":null}");
                assertThat(encoder.key(batch, 0)).isEqualTo(utf8("x"));
                assertThat(encoder.key(batch, 1)).isNull();
            }
        }
    }

    @Test
    void csvRoundTripWithQuotesAndNulls() {
        KafkaFormat csv = KafkaFormat.csv(CsvFormat.DEFAULT);
        try (RecordDecoder decoder = new RecordDecoder(csv, SCHEMA, "", allocator)) {
            decoder.add(null, utf8("7,\"a, \"\"quoted\"\" name\",2.25,\n"), 0);
            decoder.add(null, utf8("8,\"\",,AQI="), 0);
            assertThatThrownBy(() -> decoder.add(null, utf8("1,2"), 0)).hasMessageContaining("expected 4 CSV fields, got 2");
            assertThatThrownBy(() -> decoder.add(null, utf8("x,a,1,"), 0)).hasMessageContaining("column 'id'");
            assertThatThrownBy(() -> decoder.add(null, utf8("1,\"open,1,"), 0)).hasMessageContaining("unterminated");
            try (VectorSchemaRoot batch = decoder.finish()) {
                RecordEncoder encoder = new RecordEncoder(csv, SCHEMA, "", "t");
                assertThat(new String(encoder.value(batch, 0), StandardCharsets.UTF_8)).isEqualTo("7,\"a, \"\"quoted\"\" name\",2.25,");
                assertThat(new String(encoder.value(batch, 1), StandardCharsets.UTF_8)).isEqualTo("8,\"\",,AQI=");
            }
        }
        assertThat(new CsvLine(CsvFormat.DEFAULT.withDelimiter(';')).parse("a;\"b;c\";")).isEqualTo(Arrays.asList("a", "b;c", null));
    }

    @Test
    void rawFormatsNeedAValueColumn() {
        assertThatThrownBy(() -> new RecordEncoder(KafkaFormat.STRING, SCHEMA, "", "t")).isInstanceOf(WeftException.class)
                .hasMessageContaining("writes the column 'value'");
        assertThatThrownBy(() -> new RecordEncoder(KafkaFormat.JSON, SCHEMA, "nope", "t")).hasMessageContaining("key column 'nope'");
        Schema list = new Schema(List.of(DataTypes.field("l", new ArrowType.List(), true)));
        assertThatThrownBy(() -> new RecordDecoder(KafkaFormat.JSON, list, "", allocator)).hasMessageContaining("column 'l'");
    }
}
