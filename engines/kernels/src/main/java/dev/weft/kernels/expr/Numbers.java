package dev.weft.kernels.expr;

import dev.weft.api.types.DataTypes;
import java.math.BigDecimal;
import java.math.BigInteger;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.util.DecimalUtility;

/**
 * Physical layouts of the fixed-width types and whole-vector conversions between Arrow buffers and Java primitive
 * arrays (one tight loop per layout, no boxing).
 */
final class Numbers {
    static final long[] POWERS_OF_TEN = new long[19];

    static {
        POWERS_OF_TEN[0] = 1;
        for (int i = 1; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = POWERS_OF_TEN[i - 1] * 10;
        }
    }

    private Numbers() {}

    /** The byte width of a type stored as integers (integers, dates, timestamps). */
    static int width(ArrowType type) {
        if (type instanceof ArrowType.Int integer) {
            return integer.getBitWidth() / 8;
        }
        if (type instanceof ArrowType.Date date) {
            return date.getUnit() == DateUnit.DAY ? 4 : 8;
        }
        if (type instanceof ArrowType.Timestamp) {
            return 8;
        }
        if (type instanceof ArrowType.FloatingPoint fp) {
            return fp.getPrecision() == FloatingPointPrecision.SINGLE ? 4 : 8;
        }
        if (type instanceof ArrowType.Decimal) {
            return 16;
        }
        throw new IllegalArgumentException("not a fixed-width number: " + DataTypes.describe(type));
    }

    static boolean isSigned(ArrowType type) {
        return !(type instanceof ArrowType.Int integer) || integer.getIsSigned();
    }

    /** The smallest value of an integer type. */
    static long minValue(ArrowType.Int type) {
        if (!type.getIsSigned()) {
            return 0;
        }
        return switch (type.getBitWidth()) {
            case 8 -> Byte.MIN_VALUE;
            case 16 -> Short.MIN_VALUE;
            case 32 -> Integer.MIN_VALUE;
            default -> Long.MIN_VALUE;
        };
    }

    /** The largest value of an integer type (unsigned 64-bit: Long.MAX_VALUE, larger values are not supported). */
    static long maxValue(ArrowType.Int type) {
        return switch (type.getBitWidth()) {
            case 8 -> type.getIsSigned() ? Byte.MAX_VALUE : 0xFF;
            case 16 -> type.getIsSigned() ? Short.MAX_VALUE : 0xFFFF;
            case 32 -> type.getIsSigned() ? Integer.MAX_VALUE : 0xFFFFFFFFL;
            default -> Long.MAX_VALUE;
        };
    }

    /** The values of an integer, date, timestamp or boolean vector as longs (null rows hold unspecified values). */
    static long[] readLongs(FieldVector vector, int rowCount) {
        long[] values = new long[rowCount];
        ArrowType type = vector.getField().getType();
        if (rowCount == 0) {
            return values;
        }
        if (vector instanceof BitVector bits) {
            long[] words = Bits.values(bits, rowCount);
            for (int i = 0; i < rowCount; i++) {
                values[i] = words[i >>> 6] >>> i & 1L;
            }
            return values;
        }
        int width = width(type);
        long address = Vectors.dataAddress(vector, rowCount, width);
        boolean signed = isSigned(type);
        switch (width) {
            case 1 -> {
                if (signed) {
                    for (int i = 0; i < rowCount; i++) {
                        values[i] = MemoryUtil.getByte(address + i);
                    }
                } else {
                    for (int i = 0; i < rowCount; i++) {
                        values[i] = MemoryUtil.getByte(address + i) & 0xFFL;
                    }
                }
            }
            case 2 -> {
                if (signed) {
                    for (int i = 0; i < rowCount; i++) {
                        values[i] = MemoryUtil.getShort(address + 2L * i);
                    }
                } else {
                    for (int i = 0; i < rowCount; i++) {
                        values[i] = MemoryUtil.getShort(address + 2L * i) & 0xFFFFL;
                    }
                }
            }
            case 4 -> {
                if (signed) {
                    for (int i = 0; i < rowCount; i++) {
                        values[i] = MemoryUtil.getInt(address + 4L * i);
                    }
                } else {
                    for (int i = 0; i < rowCount; i++) {
                        values[i] = MemoryUtil.getInt(address + 4L * i) & 0xFFFFFFFFL;
                    }
                }
            }
            default -> {
                for (int i = 0; i < rowCount; i++) {
                    values[i] = MemoryUtil.getLong(address + 8L * i);
                }
            }
        }
        return values;
    }

    /** Writes longs into an allocated integer, date or timestamp vector (no range checks: the caller checks). */
    static void writeLongs(long[] values, FieldVector vector, int rowCount) {
        if (rowCount == 0) {
            return;
        }
        if (vector instanceof BitVector bits) {
            long[] words = new long[Bits.words(rowCount)];
            for (int i = 0; i < rowCount; i++) {
                if (values[i] != 0) {
                    Bits.set(words, i);
                }
            }
            Bits.writeWords(bits.getDataBuffer(), words, rowCount);
            return;
        }
        int width = width(vector.getField().getType());
        long address = Vectors.dataAddress(vector, rowCount, width);
        switch (width) {
            case 1 -> {
                for (int i = 0; i < rowCount; i++) {
                    MemoryUtil.putByte(address + i, (byte) values[i]);
                }
            }
            case 2 -> {
                for (int i = 0; i < rowCount; i++) {
                    MemoryUtil.putShort(address + 2L * i, (short) values[i]);
                }
            }
            case 4 -> {
                for (int i = 0; i < rowCount; i++) {
                    MemoryUtil.putInt(address + 4L * i, (int) values[i]);
                }
            }
            default -> {
                for (int i = 0; i < rowCount; i++) {
                    MemoryUtil.putLong(address + 8L * i, values[i]);
                }
            }
        }
    }

    /** The values of a floating-point vector as doubles. */
    static double[] readDoubles(FieldVector vector, int rowCount) {
        double[] values = new double[rowCount];
        if (rowCount == 0) {
            return values;
        }
        int width = width(vector.getField().getType());
        long address = Vectors.dataAddress(vector, rowCount, width);
        if (width == 4) {
            for (int i = 0; i < rowCount; i++) {
                values[i] = Float.intBitsToFloat(MemoryUtil.getInt(address + 4L * i));
            }
        } else {
            for (int i = 0; i < rowCount; i++) {
                values[i] = Double.longBitsToDouble(MemoryUtil.getLong(address + 8L * i));
            }
        }
        return values;
    }

    /** Writes doubles into an allocated floating-point vector (single precision rounds each value). */
    static void writeDoubles(double[] values, FieldVector vector, int rowCount) {
        if (rowCount == 0) {
            return;
        }
        int width = width(vector.getField().getType());
        long address = Vectors.dataAddress(vector, rowCount, width);
        if (width == 4) {
            for (int i = 0; i < rowCount; i++) {
                MemoryUtil.putInt(address + 4L * i, Float.floatToRawIntBits((float) values[i]));
            }
        } else {
            for (int i = 0; i < rowCount; i++) {
                MemoryUtil.putLong(address + 8L * i, Double.doubleToRawLongBits(values[i]));
            }
        }
    }

    /** Whether 128-bit decimals can be read and written as two little-endian longs. */
    static boolean fastDecimals() {
        return MemoryUtil.LITTLE_ENDIAN;
    }

    /**
     * The unscaled values of a decimal vector whose precision is at most 18 (so each fits a long), multiplied by
     * {@code 10^rescale}; or of an integer vector, multiplied by {@code 10^rescale}. The caller ensures the results
     * fit a long.
     */
    static long[] readUnscaled(FieldVector vector, int rowCount, int rescale) {
        long[] values;
        if (vector.getField().getType() instanceof ArrowType.Decimal) {
            values = new long[rowCount];
            if (rowCount > 0) {
                long address = Vectors.dataAddress(vector, rowCount, 16);
                for (int i = 0; i < rowCount; i++) {
                    values[i] = MemoryUtil.getLong(address + 16L * i);
                }
            }
        } else {
            values = readLongs(vector, rowCount);
        }
        if (rescale > 0) {
            long factor = POWERS_OF_TEN[rescale];
            for (int i = 0; i < rowCount; i++) {
                values[i] *= factor;
            }
        }
        return values;
    }

    /** Writes a 128-bit decimal from its two's-complement halves. */
    static void putDecimal(long address, int row, long low, long high) {
        MemoryUtil.putLong(address + 16L * row, low);
        MemoryUtil.putLong(address + 16L * row + 8, high);
    }

    /** The decimal value of a decimal or integer vector's row. */
    static BigDecimal decimal(FieldVector vector, int row) {
        ArrowType type = vector.getField().getType();
        if (type instanceof ArrowType.Decimal decimal) {
            return DecimalUtility.getBigDecimalFromArrowBuf(vector.getDataBuffer(), row, decimal.getScale(), 16);
        }
        throw new IllegalArgumentException("not a decimal vector: " + DataTypes.describe(type));
    }

    /** Writes a decimal whose scale already is the vector's. */
    static void writeDecimal(FieldVector vector, int row, BigDecimal value) {
        DecimalUtility.writeBigDecimalToArrowBuf(value, vector.getDataBuffer(), row, 16);
    }

    /** The number of decimal digits of the unscaled value's magnitude (1 for zero). */
    static int digits(BigDecimal value) {
        BigInteger unscaled = value.unscaledValue();
        return unscaled.signum() == 0 ? 1 : value.precision();
    }

    /** 10^exponent as a long, for 0 <= exponent <= 18. */
    static long pow10(int exponent) {
        return POWERS_OF_TEN[exponent];
    }
}
