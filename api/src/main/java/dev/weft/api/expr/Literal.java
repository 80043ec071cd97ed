package dev.weft.api.expr;

import static java.util.Objects.requireNonNull;

import dev.weft.api.types.DataTypes;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.arrow.vector.types.pojo.ArrowType;

/** A constant; {@code value} is null for a typed SQL NULL. Java value types as in {@link dev.weft.api.types.Row}. */
public record Literal(Object value, ArrowType type) implements Expression {
    public Literal {
        requireNonNull(type, "type is null");
    }

    public static Literal of(Object value) {
        requireNonNull(value, "value is null: use Expressions.nullOf(type) for a typed NULL");
        ArrowType type;
        if (value instanceof Integer) {
            type = DataTypes.INT32;
        } else if (value instanceof Long) {
            type = DataTypes.INT64;
        } else if (value instanceof Short) {
            type = DataTypes.INT16;
        } else if (value instanceof Byte) {
            type = DataTypes.INT8;
        } else if (value instanceof Double) {
            type = DataTypes.FLOAT64;
        } else if (value instanceof Float) {
            type = DataTypes.FLOAT32;
        } else if (value instanceof Boolean) {
            type = DataTypes.BOOLEAN;
        } else if (value instanceof String) {
            type = DataTypes.STRING;
        } else if (value instanceof Character c) {
            return new Literal(String.valueOf(c), DataTypes.STRING);
        } else if (value instanceof BigDecimal decimal) {
            int scale = Math.max(decimal.scale(), 0);
            int precision = Math.max(decimal.precision(), scale);
            BigDecimal normalized = decimal.setScale(scale);
            return new Literal(normalized, DataTypes.decimal(Math.max(precision, 1), scale));
        } else if (value instanceof LocalDate) {
            type = DataTypes.DATE;
        } else if (value instanceof Instant) {
            type = DataTypes.TIMESTAMP;
        } else if (value instanceof byte[]) {
            type = DataTypes.BINARY;
        } else {
            throw new IllegalArgumentException("no literal of Java type " + value.getClass().getName()
                    + "; use a number, String, Boolean, BigDecimal, LocalDate, Instant or byte[]");
        }
        return new Literal(value, type);
    }

    @Override
    public List<Expression> children() {
        return List.of();
    }

    @Override
    public String toString() {
        if (value == null) {
            return "NULL";
        }
        if (value instanceof String || value instanceof LocalDate || value instanceof Instant) {
            return "'" + value + "'";
        }
        return String.valueOf(value);
    }
}
