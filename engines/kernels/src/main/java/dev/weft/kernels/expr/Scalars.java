package dev.weft.kernels.expr;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.types.DataTypes;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Single values in the evaluator's normalized form: {@code Long} for integers, dates (in the date's unit) and
 * timestamps (in the timestamp's unit); {@code Double} for floating point; {@code BigDecimal} at the type's scale for
 * decimals; {@code Boolean}; {@code byte[]} (UTF-8) for strings and binary; {@code null} for NULL.
 */
final class Scalars {
    private Scalars() {}

    /** Normalizes a literal's Java value (as in {@code Row}: Integer, LocalDate, Instant, String...) for its type. */
    static Object normalize(Object value, ArrowType type) {
        if (value == null) {
            return null;
        }
        if (type instanceof ArrowType.Int integer) {
            long result;
            if (value instanceof Character c) {
                result = c;
            } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
                result = ((Number) value).longValue();
            } else if (value instanceof BigInteger big && big.bitLength() < 64) {
                result = big.longValue();
            } else {
                throw literalMismatch(value, type);
            }
            if (result < Numbers.minValue(integer) || result > Numbers.maxValue(integer)) {
                throw literalMismatch(value, type);
            }
            return result;
        }
        if (type instanceof ArrowType.FloatingPoint fp) {
            if (!(value instanceof Number number) || value instanceof BigDecimal || value instanceof BigInteger) {
                throw literalMismatch(value, type);
            }
            double result = number.doubleValue();
            return fp.getPrecision() == FloatingPointPrecision.SINGLE ? (double) (float) result : result;
        }
        if (type instanceof ArrowType.Decimal decimal) {
            BigDecimal result;
            if (value instanceof BigDecimal big) {
                result = big;
            } else if (value instanceof BigInteger big) {
                result = new BigDecimal(big);
            } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
                result = BigDecimal.valueOf(((Number) value).longValue());
            } else {
                throw literalMismatch(value, type);
            }
            result = result.setScale(decimal.getScale(), RoundingMode.HALF_UP);
            if (Numbers.digits(result) > decimal.getPrecision()) {
                throw literalMismatch(value, type);
            }
            return result;
        }
        if (type instanceof ArrowType.Bool) {
            if (!(value instanceof Boolean)) {
                throw literalMismatch(value, type);
            }
            return value;
        }
        if (type instanceof ArrowType.Utf8) {
            if (value instanceof String || value instanceof Character) {
                return value.toString().getBytes(StandardCharsets.UTF_8);
            }
            throw literalMismatch(value, type);
        }
        if (type instanceof ArrowType.Binary) {
            if (value instanceof byte[] bytes) {
                return bytes.clone();
            }
            throw literalMismatch(value, type);
        }
        if (type instanceof ArrowType.Date date) {
            long days;
            if (value instanceof LocalDate local) {
                days = local.toEpochDay();
            } else if (value instanceof Integer || value instanceof Long) {
                return ((Number) value).longValue();
            } else {
                throw literalMismatch(value, type);
            }
            return date.getUnit() == DateUnit.DAY ? days : days * Temporals.MILLIS_PER_DAY;
        }
        if (type instanceof ArrowType.Timestamp timestamp) {
            if (value instanceof Instant instant) {
                return Temporals.toUnit(instant, timestamp.getUnit());
            }
            if (value instanceof Long || value instanceof Integer) {
                return ((Number) value).longValue();
            }
            throw literalMismatch(value, type);
        }
        throw new WeftException(ErrorCode.UNSUPPORTED_TYPE,
                "literal %s of type %s is not supported by the vectorized evaluator; use a number, string, boolean, decimal, date, timestamp or binary"
                        .formatted(value, DataTypes.describe(type)));
    }

    private static WeftException literalMismatch(Object value, ArrowType type) {
        return new WeftException(ErrorCode.TYPE_MISMATCH,
                "literal %s (Java %s) is not a valid %s value; build literals with Expressions.lit(...) or give a value of the literal's type"
                        .formatted(value, value.getClass().getSimpleName(), DataTypes.describe(type)));
    }

    /** The normalized value of a row of a vector of a supported scalar type (boxes: for the per-row paths only). */
    static Object read(FieldVector vector, int row) {
        if (vector.isNull(row)) {
            return null;
        }
        ArrowType type = vector.getField().getType();
        if (type instanceof ArrowType.Bool) {
            return ((BitVector) vector).get(row) != 0;
        }
        if (type instanceof ArrowType.Utf8 || type instanceof ArrowType.Binary) {
            return ((BaseVariableWidthVector) vector).get(row);
        }
        if (type instanceof ArrowType.Decimal) {
            return Numbers.decimal(vector, row);
        }
        ArrowBuf data = vector.getDataBuffer();
        if (type instanceof ArrowType.FloatingPoint) {
            return Numbers.width(type) == 4 ? (double) data.getFloat(4L * row) : data.getDouble(8L * row);
        }
        int width = Numbers.width(type);
        boolean signed = Numbers.isSigned(type);
        return switch (width) {
            case 1 -> signed ? (long) data.getByte(row) : data.getByte(row) & 0xFFL;
            case 2 -> signed ? (long) data.getShort(2L * row) : data.getShort(2L * row) & 0xFFFFL;
            case 4 -> signed ? (long) data.getInt(4L * row) : data.getInt(4L * row) & 0xFFFFFFFFL;
            default -> data.getLong(8L * row);
        };
    }

    /** Writes a normalized value into row {@code row} of an allocated fixed-width vector and marks it valid. */
    static void write(FieldVector vector, int row, Object value) {
        if (value == null) {
            return;
        }
        ArrowType type = vector.getField().getType();
        ArrowBuf data = vector.getDataBuffer();
        if (type instanceof ArrowType.Bool) {
            ((BitVector) vector).set(row, (Boolean) value ? 1 : 0);
            return;
        }
        if (type instanceof ArrowType.Decimal) {
            Numbers.writeDecimal(vector, row, (BigDecimal) value);
        } else if (type instanceof ArrowType.FloatingPoint) {
            double number = (Double) value;
            if (Numbers.width(type) == 4) {
                data.setFloat(4L * row, (float) number);
            } else {
                data.setDouble(8L * row, number);
            }
        } else {
            long number = (Long) value;
            switch (Numbers.width(type)) {
                case 1 -> data.setByte(row, (byte) number);
                case 2 -> data.setShort(2L * row, (short) number);
                case 4 -> data.setInt(4L * row, (int) number);
                default -> data.setLong(8L * row, number);
            }
        }
        org.apache.arrow.vector.BitVectorHelper.setBit(vector.getValidityBuffer(), row);
    }

    /** A vector of {@code rowCount} copies of a normalized value. */
    static FieldVector fill(Field field, Object value, int rowCount, BufferAllocator allocator) {
        if (value == null || field.getType() instanceof ArrowType.Null) {
            return Vectors.allNull(field, rowCount, allocator);
        }
        ArrowType type = field.getType();
        if (type instanceof ArrowType.Utf8 || type instanceof ArrowType.Binary) {
            byte[] bytes = (byte[]) value;
            Utf8Builder builder = new Utf8Builder(rowCount, (int) Math.min(1 << 30, (long) bytes.length * rowCount));
            for (int i = 0; i < rowCount; i++) {
                builder.append(bytes);
            }
            return builder.build(field, allocator);
        }
        FieldVector vector = Vectors.allocate(field, rowCount, allocator);
        try {
            if (rowCount > 0) {
                if (type instanceof ArrowType.Bool) {
                    if ((Boolean) value) {
                        Bits.setAll(vector.getDataBuffer(), rowCount);
                    }
                } else if (type instanceof ArrowType.Decimal) {
                    Numbers.writeDecimal(vector, 0, (BigDecimal) value);
                    ArrowBuf data = vector.getDataBuffer();
                    long low = data.getLong(0);
                    long high = data.getLong(8);
                    for (int i = 1; i < rowCount; i++) {
                        data.setLong(16L * i, low);
                        data.setLong(16L * i + 8, high);
                    }
                } else if (type instanceof ArrowType.FloatingPoint) {
                    double[] values = new double[rowCount];
                    Arrays.fill(values, (Double) value);
                    Numbers.writeDoubles(values, vector, rowCount);
                } else {
                    long[] values = new long[rowCount];
                    Arrays.fill(values, (Long) value);
                    Numbers.writeLongs(values, vector, rowCount);
                }
                Bits.setAll(vector.getValidityBuffer(), rowCount);
            }
            vector.setValueCount(rowCount);
            return vector;
        } catch (RuntimeException | Error e) {
            vector.close();
            throw e;
        }
    }

    /** A readable rendering of a normalized value for messages. */
    static String describe(Object value, ArrowType type) {
        if (value == null) {
            return "NULL";
        }
        if (value instanceof byte[] bytes) {
            return type instanceof ArrowType.Utf8 ? "'" + new String(bytes, StandardCharsets.UTF_8) + "'" : Arrays.toString(bytes);
        }
        if (type instanceof ArrowType.Date date) {
            long days = date.getUnit() == DateUnit.DAY ? (Long) value : Math.floorDiv((Long) value, Temporals.MILLIS_PER_DAY);
            return LocalDate.ofEpochDay(days).toString();
        }
        if (type instanceof ArrowType.Timestamp timestamp) {
            return Temporals.toInstant((Long) value, timestamp.getUnit()).toString();
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        return String.valueOf(value);
    }
}
