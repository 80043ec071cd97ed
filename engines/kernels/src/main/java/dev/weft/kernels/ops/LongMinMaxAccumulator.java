package dev.weft.kernels.ops;

import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/** min/max of integer-like values and booleans, in the input type; NULL for no values. */
final class LongMinMaxAccumulator extends Accumulator {
    private final boolean max;
    private final List<Field> stateFields;
    private final Accumulator.Scratch scratch = new Accumulator.Scratch();
    private long[] values = new long[0];
    private boolean[] present = new boolean[0];

    LongMinMaxAccumulator(Field stateField, boolean max) {
        this.max = max;
        this.stateFields = List.of(stateField);
    }

    @Override
    List<Field> stateFields() {
        return stateFields;
    }

    @Override
    void resize(int newCapacity) {
        values = grow(values, newCapacity);
        present = grow(present, newCapacity);
    }

    @Override
    void add(FieldVector argument, int[] groupIds, int rowCount) {
        long[] input = scratch.longs(rowCount);
        ColumnReader.readLongs(argument, rowCount, input);
        boolean mayHaveNulls = argument.getNullCount() > 0;
        long[] v = values;
        boolean[] p = present;
        for (int i = 0; i < rowCount; i++) {
            int group = groupIds[i];
            if (group >= 0 && !(mayHaveNulls && argument.isNull(i))) {
                long value = input[i];
                if (!p[group] || (max ? value > v[group] : value < v[group])) {
                    v[group] = value;
                    p[group] = true;
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
        ColumnWriter.writeLongs(output, values, present, groups, count);
    }

    @Override
    long memoryBytes() {
        return values.length * 9L + scratch.bytes();
    }
}
