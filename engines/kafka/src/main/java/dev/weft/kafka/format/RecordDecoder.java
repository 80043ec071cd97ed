package dev.weft.kafka.format;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.api.plan.KafkaFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Kafka records into batches of a source's output schema: JSON and CSV values typed by the declared columns, STRING and
 * BYTES as key and value columns, plus the record timestamp column when there is one. A value that does not parse adds
 * no row: {@link #add} throws MalformedValueException and the batch is as before. Not thread-safe.
 */
public final class RecordDecoder implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaFormat format;
    private final Schema schema;
    private final BufferAllocator allocator;
    private final List<ColumnCodec> codecs = new ArrayList<>();
    private final boolean timestamp;
    private final CsvLine csv;
    private final Object[] values;
    private VectorSchemaRoot batch;
    private int rows;

    public RecordDecoder(KafkaFormat format, Schema schema, String timestampColumn, BufferAllocator allocator) {
        this.format = format;
        this.schema = schema;
        this.allocator = allocator;
        this.timestamp = !timestampColumn.isBlank();
        List<Field> fields = schema.getFields();
        int valueColumns = fields.size() - (timestamp ? 1 : 0);
        for (int i = 0; i < valueColumns; i++) {
            codecs.add(format.declaredSchema() ? ColumnCodec.of(fields.get(i), format.kind().name()) : null);
        }
        this.csv = new CsvLine(format.csv());
        this.values = new Object[valueColumns];
    }

    /** Adds a record's row; throws MalformedValueException (adding nothing) if its value does not parse. */
    public void add(byte[] key, byte[] value, long timestampMillis) {
        switch (format.kind()) {
            case JSON -> parseJson(value);
            case CSV -> parseCsv(value);
            default -> {
            }
        }
        if (batch == null) {
            batch = VectorSchemaRoot.create(schema, allocator);
            batch.allocateNew();
        }
        List<FieldVector> vectors = batch.getFieldVectors();
        if (format.declaredSchema()) {
            for (int i = 0; i < values.length; i++) {
                codecs.get(i).set(vectors.get(i), rows, values[i]);
            }
        } else {
            setRaw(vectors.get(0), key);
            setRaw(vectors.get(1), value);
        }
        if (timestamp) {
            ((TimeStampVector) vectors.get(vectors.size() - 1)).setSafe(rows, timestampMillis * 1000L); // Timestamp(µs, UTC)
        }
        rows++;
    }

    public int rowCount() {
        return rows;
    }

    /** The rows added since the last finish (the caller owns the batch), or null if none. */
    public VectorSchemaRoot finish() {
        if (rows == 0) {
            return null;
        }
        VectorSchemaRoot result = batch;
        result.setRowCount(rows);
        batch = null;
        rows = 0;
        return result;
    }

    @Override
    public void close() {
        if (batch != null) {
            batch.close();
            batch = null;
        }
    }

    private void parseJson(byte[] value) {
        if (value == null) {
            throw new MalformedValueException("the record has no value (null); expected a JSON object");
        }
        JsonNode node;
        try {
            node = JSON.readTree(value);
        } catch (JsonProcessingException e) {
            throw new MalformedValueException("not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new MalformedValueException("not valid JSON: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            throw new MalformedValueException("expected a JSON object, got " + (node == null ? "nothing" : node.getNodeType()));
        }
        for (int i = 0; i < values.length; i++) {
            ColumnCodec codec = codecs.get(i);
            values[i] = checkNull(codec, codec.parseJson(node.get(codec.name())));
        }
    }

    private void parseCsv(byte[] value) {
        if (value == null) {
            throw new MalformedValueException("the record has no value (null); expected a CSV line");
        }
        List<String> fields = csv.parse(new String(value, StandardCharsets.UTF_8));
        if (fields.size() != values.length) {
            throw new MalformedValueException("expected %d CSV fields, got %d".formatted(values.length, fields.size()));
        }
        for (int i = 0; i < values.length; i++) {
            ColumnCodec codec = codecs.get(i);
            String text = fields.get(i);
            values[i] = checkNull(codec, text == null ? null : codec.parseText(text));
        }
    }

    private static Object checkNull(ColumnCodec codec, Object value) {
        if (value == null && !codec.field().isNullable()) {
            throw new MalformedValueException("column '%s' is NOT NULL but the value has none".formatted(codec.name()));
        }
        return value;
    }

    private void setRaw(FieldVector vector, byte[] bytes) {
        if (bytes == null) {
            vector.setNull(rows);
        } else if (vector instanceof VarCharVector strings) {
            strings.setSafe(rows, bytes);
        } else {
            ((VarBinaryVector) vector).setSafe(rows, bytes);
        }
    }
}
