package dev.weft.kernels.expr;

import java.nio.charset.StandardCharsets;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.FieldVector;

/**
 * The bytes of a string (or binary) vector copied into Java arrays in one bulk copy, so that string kernels work on
 * UTF-8 bytes without creating a {@code String} per value. Row {@code i} is {@code data[start(i) .. end(i))}.
 */
final class Utf8Column {
    private static final Utf8Column EMPTY = new Utf8Column(new byte[0], new int[] {0}, new long[0]);

    private final byte[] data;
    private final int[] offsets;
    private final long[] validity;

    private Utf8Column(byte[] data, int[] offsets, long[] validity) {
        this.data = data;
        this.offsets = offsets;
        this.validity = validity;
    }

    static Utf8Column of(FieldVector vector, int rowCount) {
        if (rowCount == 0) {
            return EMPTY;
        }
        BaseVariableWidthVector variable = (BaseVariableWidthVector) vector;
        ArrowBuf offsetBuffer = variable.getOffsetBuffer();
        Vectors.checkCapacity(offsetBuffer, (rowCount + 1L) * 4);
        long address = offsetBuffer.memoryAddress();
        int[] offsets = new int[rowCount + 1];
        int base = MemoryUtil.getInt(address);
        for (int i = 0; i <= rowCount; i++) {
            offsets[i] = MemoryUtil.getInt(address + 4L * i) - base;
        }
        int length = offsets[rowCount];
        byte[] data = new byte[length];
        if (length > 0) {
            ArrowBuf dataBuffer = variable.getDataBuffer();
            Vectors.checkCapacity(dataBuffer, (long) base + length);
            dataBuffer.getBytes(base, data, 0, length);
        }
        return new Utf8Column(data, offsets, Bits.validity(vector, rowCount));
    }

    byte[] data() {
        return data;
    }

    int start(int row) {
        return offsets[row];
    }

    int end(int row) {
        return offsets[row + 1];
    }

    int length(int row) {
        return offsets[row + 1] - offsets[row];
    }

    boolean isValid(int row) {
        return Bits.isSet(validity, row);
    }

    long[] validity() {
        return validity;
    }

    String string(int row) {
        return new String(data, offsets[row], length(row), StandardCharsets.UTF_8);
    }

    /** Whether the row's bytes are all ASCII. */
    boolean isAscii(int row) {
        for (int i = offsets[row], end = offsets[row + 1]; i < end; i++) {
            if (data[i] < 0) {
                return false;
            }
        }
        return true;
    }
}
