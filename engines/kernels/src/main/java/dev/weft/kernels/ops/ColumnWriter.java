package dev.weft.kernels.ops;

import java.math.BigDecimal;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;

/**
 * Fills an empty vector with per-group values held in primitive arrays: position i gets the value of group
 * {@code groups[i]}. A {@code present} array of null means every value is present.
 */
final class ColumnWriter {
    private ColumnWriter() {}

    /** 0, 1, ..., count-1: positions used as group ids when values are already in output order. */
    static int[] identity(int count) {
        int[] positions = new int[count];
        for (int i = 0; i < count; i++) {
            positions[i] = i;
        }
        return positions;
    }

    /** For any LONG or BOOLEAN kind vector (the value is truncated to the vector's width). */
    static void writeLongs(FieldVector vector, long[] values, boolean[] present, int[] groups, int count) {
        BaseFixedWidthVector fixed = (BaseFixedWidthVector) vector;
        fixed.allocateNew(count);
        ArrowBuf validity = fixed.getValidityBuffer();
        ArrowBuf data = fixed.getDataBuffer();
        if (vector instanceof BitVector) {
            for (int i = 0; i < count; i++) {
                int group = groups[i];
                boolean valid = present == null || present[group];
                BitVectorHelper.setValidityBit(validity, i, valid ? 1 : 0);
                BitVectorHelper.setValidityBit(data, i, valid && values[group] != 0 ? 1 : 0);
            }
        } else {
            int width = fixed.getTypeWidth();
            for (int i = 0; i < count; i++) {
                int group = groups[i];
                boolean valid = present == null || present[group];
                BitVectorHelper.setValidityBit(validity, i, valid ? 1 : 0);
                long value = valid ? values[group] : 0L;
                switch (width) {
                    case 1 -> data.setByte(i, (byte) value);
                    case 2 -> data.setShort((long) i << 1, (short) value);
                    case 4 -> data.setInt((long) i << 2, (int) value);
                    default -> data.setLong((long) i << 3, value);
                }
            }
        }
        fixed.setValueCount(count);
    }

    /** For a float4 or float8 vector. */
    static void writeDoubles(FieldVector vector, double[] values, boolean[] present, int[] groups, int count) {
        BaseFixedWidthVector fixed = (BaseFixedWidthVector) vector;
        fixed.allocateNew(count);
        ArrowBuf validity = fixed.getValidityBuffer();
        ArrowBuf data = fixed.getDataBuffer();
        boolean single = fixed.getTypeWidth() == 4;
        for (int i = 0; i < count; i++) {
            int group = groups[i];
            boolean valid = present == null || present[group];
            BitVectorHelper.setValidityBit(validity, i, valid ? 1 : 0);
            double value = valid ? values[group] : 0.0;
            if (single) {
                data.setFloat((long) i << 2, (float) value);
            } else {
                data.setDouble((long) i << 3, value);
            }
        }
        fixed.setValueCount(count);
    }

    /** For a decimal vector: 128-bit unscaled values. */
    static void writeDecimals(FieldVector vector, long[] highs, long[] lows, boolean[] present, int[] groups, int count) {
        DecimalVector decimal = (DecimalVector) vector;
        decimal.allocateNew(count);
        ArrowBuf validity = decimal.getValidityBuffer();
        ArrowBuf data = decimal.getDataBuffer();
        for (int i = 0; i < count; i++) {
            int group = groups[i];
            boolean valid = present == null || present[group];
            BitVectorHelper.setValidityBit(validity, i, valid ? 1 : 0);
            data.setLong((long) i << 4, valid ? lows[group] : 0L);
            data.setLong(((long) i << 4) + 8, valid ? highs[group] : 0L);
        }
        decimal.setValueCount(count);
    }

    /** For a decimal vector: BigDecimals already at the vector's scale (null = NULL). */
    static void writeBigDecimals(FieldVector vector, BigDecimal[] values, int count) {
        DecimalVector decimal = (DecimalVector) vector;
        decimal.allocateNew(count);
        for (int i = 0; i < count; i++) {
            if (values[i] == null) {
                decimal.setNull(i);
            } else {
                decimal.set(i, values[i]);
            }
        }
        decimal.setValueCount(count);
    }

    /** For a string or binary vector. */
    static void writeBytes(FieldVector vector, byte[][] values, int[] groups, int count) {
        BaseVariableWidthVector variable = (BaseVariableWidthVector) vector;
        long total = 0;
        for (int i = 0; i < count; i++) {
            byte[] value = values[groups[i]];
            total += value == null ? 0 : value.length;
        }
        variable.allocateNew(Math.max(total, 1), count);
        ArrowBuf validity = variable.getValidityBuffer();
        ArrowBuf offsets = variable.getOffsetBuffer();
        ArrowBuf data = variable.getDataBuffer();
        int position = 0;
        offsets.setInt(0, 0);
        for (int i = 0; i < count; i++) {
            byte[] value = values[groups[i]];
            if (value == null) {
                BitVectorHelper.setValidityBit(validity, i, 0);
            } else {
                BitVectorHelper.setValidityBit(validity, i, 1);
                data.setBytes(position, value, 0, value.length);
                position += value.length;
            }
            offsets.setInt((long) (i + 1) * BaseVariableWidthVector.OFFSET_WIDTH, position);
        }
        variable.setLastSet(count - 1);
        variable.setValueCount(count);
    }

    /** A vector of {@code count} NULLs, or zeros if the field is not nullable (a neutral state: count 0). */
    static void writeNeutral(FieldVector vector, int count) {
        vector.setInitialCapacity(Math.max(count, 1));
        vector.allocateNew();
        if (!vector.getField().isNullable() && vector instanceof BaseFixedWidthVector fixed) {
            ArrowBuf validity = fixed.getValidityBuffer();
            ArrowBuf data = fixed.getDataBuffer();
            data.setZero(0, data.capacity());
            for (int i = 0; i < count; i++) {
                BitVectorHelper.setValidityBit(validity, i, 1);
            }
        } else {
            ArrowBuf validity = vector.getValidityBuffer();
            validity.setZero(0, validity.capacity());
        }
        if (vector instanceof BaseVariableWidthVector variable) {
            variable.getOffsetBuffer().setZero(0, variable.getOffsetBuffer().capacity());
            variable.setLastSet(count - 1);
        }
        vector.setValueCount(count);
    }
}
