package dev.weft.kafka.format;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Locale;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * One column's values between text (CSV, JSON) and Arrow: parse to a canonical Java value (Boolean, Long, Double,
 * String, byte[], BigDecimal, Integer epoch day, Long timestamp in the column's unit), set it on the vector, and read
 * a vector value back for writing. Binary values are base64 text; dates ISO-8601; timestamps ISO-8601 instants (a JSON
 * number is epoch milliseconds).
 */
public final class ColumnCodec {
    private enum Kind { BOOL, INT8, INT16, INT32, INT64, FLOAT4, FLOAT8, STRING, BINARY, DECIMAL, DATE, TIMESTAMP }

    private final Field field;
    private final Kind kind;
    private final int scale;
    private final int precision;
    private final TimeUnit unit;

    private ColumnCodec(Field field, Kind kind, int precision, int scale, TimeUnit unit) {
        this.field = field;
        this.kind = kind;
        this.precision = precision;
        this.scale = scale;
        this.unit = unit;
    }

    /** The codec of a column; throws INVALID_ARGUMENT naming the column when its type has no text form here. */
    public static ColumnCodec of(Field field, String format) {
        ArrowType type = field.getType();
        if (type instanceof ArrowType.Bool) {
            return new ColumnCodec(field, Kind.BOOL, 0, 0, null);
        }
        if (type instanceof ArrowType.Int integer && integer.getIsSigned()) {
            Kind kind = switch (integer.getBitWidth()) {
                case 8 -> Kind.INT8;
                case 16 -> Kind.INT16;
                case 32 -> Kind.INT32;
                default -> Kind.INT64;
            };
            return new ColumnCodec(field, kind, 0, 0, null);
        }
        if (type instanceof ArrowType.FloatingPoint floating) {
            return new ColumnCodec(field, floating.getPrecision() == org.apache.arrow.vector.types.FloatingPointPrecision.SINGLE
                    ? Kind.FLOAT4 : Kind.FLOAT8, 0, 0, null);
        }
        if (type instanceof ArrowType.Utf8) {
            return new ColumnCodec(field, Kind.STRING, 0, 0, null);
        }
        if (type instanceof ArrowType.Binary) {
            return new ColumnCodec(field, Kind.BINARY, 0, 0, null);
        }
        if (type instanceof ArrowType.Decimal decimal && decimal.getBitWidth() == 128) {
            return new ColumnCodec(field, Kind.DECIMAL, decimal.getPrecision(), decimal.getScale(), null);
        }
        if (type instanceof ArrowType.Date date && date.getUnit() == org.apache.arrow.vector.types.DateUnit.DAY) {
            return new ColumnCodec(field, Kind.DATE, 0, 0, null);
        }
        if (type instanceof ArrowType.Timestamp timestamp) {
            return new ColumnCodec(field, Kind.TIMESTAMP, 0, 0, timestamp.getUnit());
        }
        throw new WeftException(ErrorCode.INVALID_ARGUMENT, ("Kafka %s values: column '%s' has type %s, which has no %s form here; "
                + "use boolean, integers, floating point, string, binary, decimal, date or timestamp columns")
                .formatted(format, field.getName(), type, format));
    }

    public Field field() {
        return field;
    }

    public String name() {
        return field.getName();
    }

    /** The value of a CSV field (not the null text). */
    public Object parseText(String text) {
        try {
            return switch (kind) {
                case BOOL -> parseBoolean(text.trim());
                case INT8 -> checkRange(Long.parseLong(text.trim()), Byte.MIN_VALUE, Byte.MAX_VALUE);
                case INT16 -> checkRange(Long.parseLong(text.trim()), Short.MIN_VALUE, Short.MAX_VALUE);
                case INT32 -> checkRange(Long.parseLong(text.trim()), Integer.MIN_VALUE, Integer.MAX_VALUE);
                case INT64 -> Long.parseLong(text.trim());
                case FLOAT4, FLOAT8 -> Double.parseDouble(text.trim());
                case STRING -> text;
                case BINARY -> Base64.getDecoder().decode(text.trim());
                case DECIMAL -> decimal(new BigDecimal(text.trim()));
                case DATE -> (int) LocalDate.parse(text.trim()).toEpochDay();
                case TIMESTAMP -> timestamp(text.trim());
            };
        } catch (IllegalArgumentException | DateTimeException | ArithmeticException e) {
            throw malformed(text, e.getMessage());
        }
    }

    /** The value of a JSON field; null for a JSON null. */
    public Object parseJson(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (kind == Kind.STRING) {
            return node.isValueNode() ? node.asText() : node.toString();
        }
        if (node.isContainerNode()) {
            throw malformed(node.toString(), "expected a scalar, got a JSON " + node.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        if (node.isTextual()) {
            return parseText(node.asText());
        }
        switch (kind) {
            case BOOL:
                if (node.isBoolean()) {
                    return node.booleanValue();
                }
                throw malformed(node.toString(), "expected true or false");
            case INT8:
            case INT16:
            case INT32:
            case INT64:
                if (node.isIntegralNumber() && node.canConvertToLong()) {
                    long value = node.longValue();
                    return kind == Kind.INT64 ? value : parseText(Long.toString(value));
                }
                throw malformed(node.toString(), "expected an integer");
            case FLOAT4:
            case FLOAT8:
                if (node.isNumber()) {
                    return node.doubleValue();
                }
                throw malformed(node.toString(), "expected a number");
            case DECIMAL:
                if (node.isNumber()) {
                    try {
                        return decimal(node.decimalValue());
                    } catch (ArithmeticException e) {
                        throw malformed(node.toString(), e.getMessage());
                    }
                }
                throw malformed(node.toString(), "expected a number");
            case TIMESTAMP:
                if (node.isIntegralNumber()) {
                    return fromMillis(node.longValue());
                }
                throw malformed(node.toString(), "expected an ISO-8601 instant or epoch milliseconds");
            default:
                throw malformed(node.toString(), "expected a string");
        }
    }

    /** Sets a parsed value (null: a null value). */
    public void set(FieldVector vector, int row, Object value) {
        if (value == null) {
            vector.setNull(row);
            return;
        }
        switch (kind) {
            case BOOL -> ((BitVector) vector).setSafe(row, (Boolean) value ? 1 : 0);
            case INT8 -> ((TinyIntVector) vector).setSafe(row, (byte) (long) (Long) value);
            case INT16 -> ((SmallIntVector) vector).setSafe(row, (short) (long) (Long) value);
            case INT32 -> ((IntVector) vector).setSafe(row, (int) (long) (Long) value);
            case INT64 -> ((BigIntVector) vector).setSafe(row, (Long) value);
            case FLOAT4 -> ((Float4Vector) vector).setSafe(row, (float) (double) (Double) value);
            case FLOAT8 -> ((Float8Vector) vector).setSafe(row, (Double) value);
            case STRING -> ((VarCharVector) vector).setSafe(row, ((String) value).getBytes(StandardCharsets.UTF_8));
            case BINARY -> ((VarBinaryVector) vector).setSafe(row, (byte[]) value);
            case DECIMAL -> ((DecimalVector) vector).setSafe(row, (BigDecimal) value);
            case DATE -> ((DateDayVector) vector).setSafe(row, (Integer) value);
            case TIMESTAMP -> ((TimeStampVector) vector).setSafe(row, (Long) value);
            default -> throw new IllegalStateException("unknown kind " + kind);
        }
    }

    /** Writes the value at {@code row} as JSON (the field name already written). */
    public void writeJson(FieldVector vector, int row, JsonGenerator json) throws IOException {
        if (vector.isNull(row)) {
            json.writeNull();
            return;
        }
        switch (kind) {
            case BOOL -> json.writeBoolean(((BitVector) vector).get(row) != 0);
            case INT8, INT16, INT32, INT64 -> json.writeNumber(((BaseIntVector) vector).getValueAsLong(row));
            case FLOAT4 -> json.writeNumber(((Float4Vector) vector).get(row));
            case FLOAT8 -> json.writeNumber(((Float8Vector) vector).get(row));
            case DECIMAL -> json.writeNumber(((DecimalVector) vector).getObject(row));
            case STRING, BINARY, DATE, TIMESTAMP -> json.writeString(text(vector, row));
            default -> throw new IllegalStateException("unknown kind " + kind);
        }
    }

    /** The value at {@code row} as text (null for a null value), the form {@link #parseText} reads. */
    public String text(FieldVector vector, int row) {
        if (vector.isNull(row)) {
            return null;
        }
        return switch (kind) {
            case BOOL -> ((BitVector) vector).get(row) != 0 ? "true" : "false";
            case INT8, INT16, INT32, INT64 -> Long.toString(((BaseIntVector) vector).getValueAsLong(row));
            case FLOAT4 -> Float.toString(((Float4Vector) vector).get(row));
            case FLOAT8 -> Double.toString(((Float8Vector) vector).get(row));
            case STRING -> new String(((VarCharVector) vector).get(row), StandardCharsets.UTF_8);
            case BINARY -> Base64.getEncoder().encodeToString(((VarBinaryVector) vector).get(row));
            case DECIMAL -> ((DecimalVector) vector).getObject(row).toPlainString();
            case DATE -> LocalDate.ofEpochDay(((DateDayVector) vector).get(row)).toString();
            case TIMESTAMP -> toInstant(((TimeStampVector) vector).get(row)).toString();
        };
    }

    /** The raw bytes of the value at {@code row}: binary as is, anything else as UTF-8 text; null for null. */
    public byte[] bytes(FieldVector vector, int row) {
        if (vector.isNull(row)) {
            return null;
        }
        if (kind == Kind.BINARY) {
            return ((VarBinaryVector) vector).get(row);
        }
        if (kind == Kind.STRING) {
            return ((VarCharVector) vector).get(row);
        }
        return text(vector, row).getBytes(StandardCharsets.UTF_8);
    }

    private static Boolean parseBoolean(String text) {
        if (text.equalsIgnoreCase("true")) {
            return Boolean.TRUE;
        }
        if (text.equalsIgnoreCase("false")) {
            return Boolean.FALSE;
        }
        throw new IllegalArgumentException("expected true or false");
    }

    private static long checkRange(long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException("%d is out of range [%d, %d]".formatted(value, min, max));
        }
        return value;
    }

    private BigDecimal decimal(BigDecimal value) {
        BigDecimal scaled = value.setScale(scale, RoundingMode.HALF_UP);
        if (scaled.precision() > precision) {
            throw new ArithmeticException("%s does not fit decimal(%d, %d)".formatted(value.toPlainString(), precision, scale));
        }
        return scaled;
    }

    private long timestamp(String text) {
        Instant instant;
        if (!text.isEmpty() && (Character.isDigit(text.charAt(0)) || text.charAt(0) == '-') && text.chars().skip(1).allMatch(Character::isDigit)) {
            return fromMillis(Long.parseLong(text));
        }
        try {
            instant = Instant.parse(text);
        } catch (DateTimeException e) {
            instant = LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
        }
        return fromInstant(instant);
    }

    private long fromMillis(long millis) {
        return fromInstant(Instant.ofEpochMilli(millis));
    }

    private long fromInstant(Instant instant) {
        return switch (unit) {
            case SECOND -> instant.getEpochSecond();
            case MILLISECOND -> instant.toEpochMilli();
            case MICROSECOND -> Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000L);
            case NANOSECOND -> Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
        };
    }

    private Instant toInstant(long value) {
        return switch (unit) {
            case SECOND -> Instant.ofEpochSecond(value);
            case MILLISECOND -> Instant.ofEpochMilli(value);
            case MICROSECOND -> Instant.ofEpochSecond(Math.floorDiv(value, 1_000_000L), Math.floorMod(value, 1_000_000L) * 1_000L);
            case NANOSECOND -> Instant.ofEpochSecond(Math.floorDiv(value, 1_000_000_000L), Math.floorMod(value, 1_000_000_000L));
        };
    }

    private MalformedValueException malformed(String value, String why) {
        String shown = value.length() > 80 ? value.substring(0, 80) + "..." : value;
        return new MalformedValueException("column '%s' (%s): cannot read '%s': %s".formatted(field.getName(), field.getType(), shown, why));
    }
}
