package dev.weft.kernels.io;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import org.apache.arrow.vector.BigIntVector;
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
import org.apache.arrow.vector.UInt2Vector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * The text form of a non-null value, as the file sinks write it and {@link CsvColumnReader} reads it back: integers
 * and floats as Java's toString, decimals plain (no exponent), booleans true/false, a char as itself, binary as
 * base64, dates yyyy-MM-dd, timestamps ISO-8601 instants; other types (lists, structs) as their Arrow toString.
 */
@FunctionalInterface
interface ValueText {
    String text(FieldVector vector, int row);

    static ValueText forType(ArrowType type) {
        if (type instanceof ArrowType.Int integer) {
            if (!integer.getIsSigned() && integer.getBitWidth() == 16) {
                return (vector, row) -> String.valueOf(((UInt2Vector) vector).get(row));
            }
            if (integer.getIsSigned()) {
                return switch (integer.getBitWidth()) {
                    case 8 -> (vector, row) -> Integer.toString(((TinyIntVector) vector).get(row));
                    case 16 -> (vector, row) -> Integer.toString(((SmallIntVector) vector).get(row));
                    case 32 -> (vector, row) -> Integer.toString(((IntVector) vector).get(row));
                    default -> (vector, row) -> Long.toString(((BigIntVector) vector).get(row));
                };
            }
        }
        if (type instanceof ArrowType.FloatingPoint floatingPoint) {
            if (floatingPoint.getPrecision() == FloatingPointPrecision.SINGLE) {
                return (vector, row) -> Float.toString(((Float4Vector) vector).get(row));
            }
            if (floatingPoint.getPrecision() == FloatingPointPrecision.DOUBLE) {
                return (vector, row) -> Double.toString(((Float8Vector) vector).get(row));
            }
        }
        if (type instanceof ArrowType.Decimal decimal && decimal.getBitWidth() == 128) {
            int scale = decimal.getScale();
            return (vector, row) -> decimalText((DecimalVector) vector, row, scale);
        }
        if (type instanceof ArrowType.Date date && date.getUnit() == DateUnit.DAY) {
            return (vector, row) -> dateText(LocalDate.ofEpochDay(((DateDayVector) vector).get(row)));
        }
        if (type instanceof ArrowType.Timestamp timestamp) {
            TimeUnit unit = timestamp.getUnit();
            return (vector, row) -> toInstant(((TimeStampVector) vector).get(row), unit).toString();
        }
        if (type instanceof ArrowType.Bool) {
            return (vector, row) -> ((BitVector) vector).get(row) != 0 ? "true" : "false";
        }
        if (type instanceof ArrowType.Utf8) {
            return (vector, row) -> new String(((VarCharVector) vector).get(row), StandardCharsets.UTF_8);
        }
        if (type instanceof ArrowType.Binary) {
            return (vector, row) -> Base64.getEncoder().encodeToString(((VarBinaryVector) vector).get(row));
        }
        return (vector, row) -> String.valueOf(vector.getObject(row));
    }

    /** A decimal in plain notation; without a BigDecimal when its unscaled value fits in a long. */
    static String decimalText(DecimalVector vector, int row, int scale) {
        long low = vector.getDataBuffer().getLong((long) row * DecimalVector.TYPE_WIDTH);
        long high = vector.getDataBuffer().getLong((long) row * DecimalVector.TYPE_WIDTH + Long.BYTES);
        if (high != low >> 63 || low == Long.MIN_VALUE || ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            return vector.getObject(row).toPlainString();
        }
        if (scale == 0) {
            return Long.toString(low);
        }
        String digits = Long.toString(Math.abs(low));
        StringBuilder text = new StringBuilder(digits.length() + 3);
        if (low < 0) {
            text.append('-');
        }
        int integerDigits = digits.length() - scale;
        if (integerDigits <= 0) {
            text.append("0.");
            text.append("0".repeat(-integerDigits));
            return text.append(digits).toString();
        }
        return text.append(digits, 0, integerDigits).append('.').append(digits, integerDigits, digits.length()).toString();
    }

    /** ISO yyyy-MM-dd, formatted by hand for years 0 to 9999 (LocalDate.toString otherwise). */
    static String dateText(LocalDate date) {
        int year = date.getYear();
        if (year < 0 || year > 9999) {
            return date.toString();
        }
        int month = date.getMonthValue();
        int day = date.getDayOfMonth();
        char[] text = {
            (char) ('0' + year / 1000), (char) ('0' + year / 100 % 10), (char) ('0' + year / 10 % 10), (char) ('0' + year % 10), '-',
            (char) ('0' + month / 10), (char) ('0' + month % 10), '-', (char) ('0' + day / 10), (char) ('0' + day % 10)};
        return new String(text);
    }

    static Instant toInstant(long value, TimeUnit unit) {
        return switch (unit) {
            case SECOND -> Instant.ofEpochSecond(value);
            case MILLISECOND -> Instant.ofEpochMilli(value);
            case MICROSECOND -> Instant.ofEpochSecond(Math.floorDiv(value, 1_000_000L), Math.floorMod(value, 1_000_000L) * 1_000L);
            case NANOSECOND -> Instant.ofEpochSecond(Math.floorDiv(value, 1_000_000_000L), Math.floorMod(value, 1_000_000_000L));
        };
    }
}
