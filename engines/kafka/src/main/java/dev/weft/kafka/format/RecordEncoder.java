package dev.weft.kafka.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.plan.KafkaFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Rows of a sink's input schema into Kafka record keys and values: JSON objects by column name, CSV lines, or for
 * STRING and BYTES the column {@code value} (or the only column) as text or bytes. Thread-safe (no state per row).
 */
public final class RecordEncoder {
    private static final JsonFactory JSON = new JsonFactory();

    private final KafkaFormat format;
    private final List<ColumnCodec> codecs = new ArrayList<>();
    private final int valueColumn;
    private final int keyColumn;
    private final CsvLine csv;

    /** Throws INVALID_ARGUMENT when the schema does not fit the format or the key column is not in it. */
    public RecordEncoder(KafkaFormat format, Schema schema, String keyColumn, String topic) {
        this.format = format;
        List<Field> fields = schema.getFields();
        for (Field field : fields) {
            codecs.add(ColumnCodec.of(field, format.kind().name()));
        }
        this.csv = new CsvLine(format.csv());
        List<String> names = fields.stream().map(Field::getName).toList();
        String key = keyColumn.isBlank() && !format.declaredSchema() && names.contains("key") ? "key" : keyColumn;
        this.keyColumn = key.isBlank() ? -1 : names.indexOf(key);
        if (!key.isBlank() && this.keyColumn < 0) {
            throw new WeftException(ErrorCode.INVALID_ARGUMENT, "Kafka topic %s: key column '%s' is not one of %s".formatted(topic, key, names));
        }
        if (format.declaredSchema()) {
            this.valueColumn = -1;
        } else if (names.contains("value")) {
            this.valueColumn = names.indexOf("value");
        } else if (names.size() == 1) {
            this.valueColumn = 0;
        } else {
            throw new WeftException(ErrorCode.INVALID_ARGUMENT, ("Kafka topic %s: a %s sink writes the column 'value' (or the only column), "
                    + "but the input has %s: project the value into a column named 'value', or write JSON or CSV")
                    .formatted(topic, format.kind(), names));
        }
    }

    /** The key of row {@code row}, or null. */
    public byte[] key(VectorSchemaRoot batch, int row) {
        if (keyColumn < 0) {
            return null;
        }
        FieldVector vector = batch.getVector(keyColumn);
        if (format.kind() == KafkaFormat.Kind.BYTES) {
            return codecs.get(keyColumn).bytes(vector, row);
        }
        String text = codecs.get(keyColumn).text(vector, row);
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }

    /** The value of row {@code row} (null only for a null STRING/BYTES value). */
    public byte[] value(VectorSchemaRoot batch, int row) {
        switch (format.kind()) {
            case STRING, BYTES:
                return codecs.get(valueColumn).bytes(batch.getVector(valueColumn), row);
            case CSV:
                List<String> texts = new ArrayList<>(codecs.size());
                for (int i = 0; i < codecs.size(); i++) {
                    texts.add(codecs.get(i).text(batch.getVector(i), row));
                }
                return csv.format(texts).getBytes(StandardCharsets.UTF_8);
            default:
                return json(batch, row);
        }
    }

    private byte[] json(VectorSchemaRoot batch, int row) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            for (int i = 0; i < codecs.size(); i++) {
                json.writeFieldName(codecs.get(i).name());
                codecs.get(i).writeJson(batch.getVector(i), row, json);
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
