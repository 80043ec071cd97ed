package dev.weft.kernels.ops;

import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/** min/max of strings (UTF-8 byte order, which is code point order) and binaries; NULL for no values. */
final class BytesMinMaxAccumulator extends Accumulator {
    private final boolean max;
    private final List<Field> stateFields;
    private byte[][] values = new byte[0][];
    private byte[] batchBytes = new byte[0];
    private long valueBytes;

    BytesMinMaxAccumulator(Field stateField, boolean max) {
        this.max = max;
        this.stateFields = List.of(stateField);
    }

    @Override
    List<Field> stateFields() {
        return stateFields;
    }

    @Override
    void resize(int newCapacity) {
        values = Arrays.copyOf(values, newCapacity);
    }

    @Override
    void add(FieldVector argument, int[] groupIds, int rowCount) {
        if (rowCount == 0) {
            return;
        }
        BaseVariableWidthVector vector = (BaseVariableWidthVector) argument;
        ArrowBuf offsets = vector.getOffsetBuffer();
        int base = offsets.getInt(0);
        int end = offsets.getInt((long) rowCount * BaseVariableWidthVector.OFFSET_WIDTH);
        if (batchBytes.length < end - base) {
            batchBytes = new byte[Math.max(end - base, batchBytes.length * 2)];
        }
        byte[] bytes = batchBytes;
        if (end > base) {
            vector.getDataBuffer().getBytes(base, bytes, 0, end - base);
        }
        boolean mayHaveNulls = argument.getNullCount() > 0;
        for (int i = 0; i < rowCount; i++) {
            int group = groupIds[i];
            if (group >= 0 && !(mayHaveNulls && argument.isNull(i))) {
                int start = offsets.getInt((long) i * BaseVariableWidthVector.OFFSET_WIDTH) - base;
                int stop = offsets.getInt((long) (i + 1) * BaseVariableWidthVector.OFFSET_WIDTH) - base;
                byte[] current = values[group];
                boolean better = current == null;
                if (!better) {
                    int c = Arrays.compareUnsigned(bytes, start, stop, current, 0, current.length);
                    better = max ? c > 0 : c < 0;
                }
                if (better) {
                    values[group] = Arrays.copyOfRange(bytes, start, stop);
                    valueBytes += (stop - start) - (current == null ? -16 : current.length);
                }
            }
        }
    }

    @Override
    void merge(List<FieldVector> state, int[] groupIds, int rowCount) {
        add(state.get(0), groupIds, rowCount);
    }

    @Override
    void writeState(List<FieldVector> state, int[] groups, int count) {
        writeResult(state.get(0), groups, count);
    }

    @Override
    void writeResult(FieldVector output, int[] groups, int count) {
        ColumnWriter.writeBytes(output, values, groups, count);
    }

    @Override
    long memoryBytes() {
        return values.length * 8L + valueBytes + batchBytes.length;
    }
}
