package dev.weft.kernels.ops;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.ArrowType;

/** Reads a whole column into primitive arrays straight from the Arrow buffers (no boxing, one type switch per call). */
final class ColumnReader {
    private ColumnReader() {}

    /** Values of a LONG or BOOLEAN kind column as longs (NULL rows: unspecified). */
    static void readLongs(FieldVector vector, int count, long[] out) {
        if (vector instanceof BitVector) {
            ArrowBuf data = vector.getDataBuffer();
            for (int i = 0; i < count; i++) {
                out[i] = BitVectorHelper.get(data, i);
            }
            return;
        }
        ArrowBuf data = vector.getDataBuffer();
        int width = ((BaseFixedWidthVector) vector).getTypeWidth();
        boolean unsigned = vector.getField().getType() instanceof ArrowType.Int integer && !integer.getIsSigned();
        switch (width) {
            case 1 -> {
                if (unsigned) {
                    for (int i = 0; i < count; i++) {
                        out[i] = data.getByte(i) & 0xFFL;
                    }
                } else {
                    for (int i = 0; i < count; i++) {
                        out[i] = data.getByte(i);
                    }
                }
            }
            case 2 -> {
                if (unsigned) {
                    for (int i = 0; i < count; i++) {
                        out[i] = data.getShort((long) i << 1) & 0xFFFFL;
                    }
                } else {
                    for (int i = 0; i < count; i++) {
                        out[i] = data.getShort((long) i << 1);
                    }
                }
            }
            case 4 -> {
                if (unsigned) {
                    for (int i = 0; i < count; i++) {
                        out[i] = data.getInt((long) i << 2) & 0xFFFFFFFFL;
                    }
                } else {
                    for (int i = 0; i < count; i++) {
                        out[i] = data.getInt((long) i << 2);
                    }
                }
            }
            case 8 -> {
                for (int i = 0; i < count; i++) {
                    out[i] = data.getLong((long) i << 3);
                }
            }
            default -> throw new IllegalArgumentException("not an integer-like vector: " + vector.getField());
        }
    }

    /** Values of a DOUBLE kind column (float4 widened). */
    static void readDoubles(FieldVector vector, int count, double[] out) {
        ArrowBuf data = vector.getDataBuffer();
        if (((BaseFixedWidthVector) vector).getTypeWidth() == 4) {
            for (int i = 0; i < count; i++) {
                out[i] = data.getFloat((long) i << 2);
            }
        } else {
            for (int i = 0; i < count; i++) {
                out[i] = data.getDouble((long) i << 3);
            }
        }
    }

    /** Values of a DECIMAL kind column as 128-bit two's complement (low and high 64 bits). */
    static void readDecimals(FieldVector vector, int count, long[] low, long[] high) {
        ArrowBuf data = vector.getDataBuffer();
        for (int i = 0; i < count; i++) {
            long offset = (long) i << 4;
            low[i] = data.getLong(offset);
            high[i] = data.getLong(offset + 8);
        }
    }

    /** A key value of a DOUBLE column as long bits, with -0.0 folded into 0.0 and every NaN into one NaN (SQL equality). */
    static long normalizedDoubleBits(double value) {
        return value == 0.0 ? 0L : Double.doubleToLongBits(value);
    }

    /** Values of any LONG, DOUBLE or BOOLEAN column as longs that are equal exactly when the SQL values are equal. */
    static void readNormalizedLongs(FieldVector vector, ValueKind kind, int count, long[] out, double[] doubleScratch) {
        if (kind == ValueKind.DOUBLE) {
            readDoubles(vector, count, doubleScratch);
            for (int i = 0; i < count; i++) {
                out[i] = normalizedDoubleBits(doubleScratch[i]);
            }
        } else {
            readLongs(vector, count, out);
        }
    }

    /** Start offset of a variable-width value. */
    static int start(BaseVariableWidthVector vector, int row) {
        return vector.getOffsetBuffer().getInt((long) row * BaseVariableWidthVector.OFFSET_WIDTH);
    }

    /** End offset of a variable-width value. */
    static int end(BaseVariableWidthVector vector, int row) {
        return vector.getOffsetBuffer().getInt((long) (row + 1) * BaseVariableWidthVector.OFFSET_WIDTH);
    }
}
