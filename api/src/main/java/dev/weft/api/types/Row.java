package dev.weft.api.types;

import static java.util.Objects.requireNonNull;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A generic row: values in schema order. Java value types per Arrow type: boolean Boolean; integers Byte, Short,
 * Integer, Long; char Character; float Float, Double; decimal BigDecimal; string String; binary byte[]; date
 * LocalDate; timestamp Instant; list java.util.List; struct Row. Rows are immutable.
 */
public final class Row implements Serializable {
    private static final long serialVersionUID = 1L;

    private final transient Schema schema;
    private final Object[] values;

    private Row(Schema schema, Object[] values) {
        this.schema = schema;
        this.values = values;
    }

    public static Row of(Schema schema, Object... values) {
        requireNonNull(schema, "schema is null");
        requireNonNull(values, "values is null");
        if (values.length != schema.getFields().size()) {
            throw new WeftException(ErrorCode.INVALID_ARGUMENT,
                    "a row of schema %s needs %d values, got %d".formatted(names(schema), schema.getFields().size(), values.length));
        }
        return new Row(schema, values.clone());
    }

    /** Wraps an array the caller gives up; for converters that build rows in bulk. */
    public static Row wrap(Schema schema, Object[] values) {
        return new Row(schema, values);
    }

    public Schema schema() {
        return schema;
    }

    public int size() {
        return values.length;
    }

    public Object get(int index) {
        return values[index];
    }

    public Object get(String column) {
        return values[indexOf(column)];
    }

    public boolean isNull(int index) {
        return values[index] == null;
    }

    public String getString(String column) {
        return (String) get(column);
    }

    public long getLong(String column) {
        return ((Number) get(column)).longValue();
    }

    public int getInt(String column) {
        return ((Number) get(column)).intValue();
    }

    public double getDouble(String column) {
        return ((Number) get(column)).doubleValue();
    }

    public BigDecimal getDecimal(String column) {
        return (BigDecimal) get(column);
    }

    public LocalDate getDate(String column) {
        return (LocalDate) get(column);
    }

    public Instant getTimestamp(String column) {
        return (Instant) get(column);
    }

    public boolean getBoolean(String column) {
        return (Boolean) get(column);
    }

    public int indexOf(String column) {
        List<Field> fields = schema.getFields();
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).getName().equals(column)) {
                return i;
            }
        }
        throw new WeftException(ErrorCode.UNKNOWN_COLUMN,
                "row has no column '%s'; its columns are %s".formatted(column, names(schema)));
    }

    /** A copy of the values, in schema order. */
    public Object[] values() {
        return values.clone();
    }

    private static List<String> names(Schema schema) {
        return schema.getFields().stream().map(Field::getName).toList();
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof Row row)) {
            return false;
        }
        return Arrays.deepEquals(values, row.values) && Objects.equals(names(schema), names(row.schema));
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(values);
    }

    @Override
    public String toString() {
        return Arrays.stream(values).map(Row::format).collect(Collectors.joining(", ", "Row[", "]"));
    }

    private static String format(Object value) {
        if (value instanceof byte[] bytes) {
            return Arrays.toString(bytes);
        }
        return String.valueOf(value);
    }
}
