package dev.weft.kernels.expr;

import java.util.Arrays;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/** Builds a string (or binary) vector row by row in Java arrays, then copies it into Arrow buffers in bulk. */
final class Utf8Builder {
    private final int rowCount;
    private final int[] offsets;
    private final long[] validity;
    private byte[] data;
    private int size;
    private int rows;

    Utf8Builder(int rowCount, int expectedBytes) {
        this.rowCount = rowCount;
        this.offsets = new int[rowCount + 1];
        this.validity = new long[Bits.words(rowCount)];
        this.data = new byte[Math.max(16, expectedBytes)];
    }

    void appendNull() {
        offsets[++rows] = size;
    }

    void append(byte[] bytes, int from, int length) {
        ensure(length);
        System.arraycopy(bytes, from, data, size, length);
        size += length;
        Bits.set(validity, rows);
        offsets[++rows] = size;
    }

    void append(byte[] bytes) {
        append(bytes, 0, bytes.length);
    }

    /** Starts a value assembled from several parts with {@link #appendPart}, finished by {@link #endValue}. */
    void appendPart(byte[] bytes, int from, int length) {
        ensure(length);
        System.arraycopy(bytes, from, data, size, length);
        size += length;
    }

    void endValue() {
        Bits.set(validity, rows);
        offsets[++rows] = size;
    }

    private void ensure(int more) {
        if (size + more > data.length) {
            long wanted = Math.max((long) data.length * 2, (long) size + more);
            if (wanted > Integer.MAX_VALUE - 8) {
                wanted = (long) size + more;
            }
            data = Arrays.copyOf(data, (int) wanted);
        }
    }

    FieldVector build(Field field, BufferAllocator allocator) {
        if (rows != rowCount) {
            throw new IllegalStateException("built %d of %d rows".formatted(rows, rowCount));
        }
        BaseVariableWidthVector vector = (BaseVariableWidthVector) Vectors.allocate(field, rowCount, size, allocator);
        try {
            if (rowCount > 0) {
                ArrowBuf offsetBuffer = vector.getOffsetBuffer();
                Vectors.checkCapacity(offsetBuffer, (rowCount + 1L) * 4);
                long address = offsetBuffer.memoryAddress();
                for (int i = 0; i <= rowCount; i++) {
                    MemoryUtil.putInt(address + 4L * i, offsets[i]);
                }
                ArrowBuf dataBuffer = vector.getDataBuffer();
                Vectors.checkCapacity(dataBuffer, size);
                dataBuffer.setBytes(0, data, 0, size);
                Bits.writeWords(vector.getValidityBuffer(), validity, rowCount);
                vector.setLastSet(rowCount - 1);
            }
            vector.setValueCount(rowCount);
            return vector;
        } catch (RuntimeException | Error e) {
            vector.close();
            throw e;
        }
    }
}
