package dev.weft.kernels.ops;

import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/** min/max of floats in the input type (NaN above every number, as in SQL engines); NULL for no values. */
final class DoubleMinMaxAccumulator extends Accumulator {
    private final boolean max;
    private final List<Field> stateFields;
    private final Accumulator.Scratch scratch = new Accumulator.Scratch();
    private double[] values = new double[0];
    private boolean[] present = new boolean[0];

    DoubleMinMaxAccumulator(Field stateField, boolean max) {
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
        double[] input = scratch.doubles(rowCount);
        ColumnReader.readDoubles(argument, rowCount, input);
        boolean mayHaveNulls = argument.getNullCount() > 0;
        double[] v = values;
        boolean[] p = present;
        for (int i = 0; i < rowCount; i++) {
            int group = groupIds[i];
            if (group >= 0 && !(mayHaveNulls && argument.isNull(i))) {
                double value = input[i];
                if (!p[group]) {
                    v[group] = value;
                    p[group] = true;
                } else {
                    int c = Double.compare(value, v[group]);
                    if (max ? c > 0 : c < 0) {
                        v[group] = value;
                    }
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
        ColumnWriter.writeDoubles(output, values, present, groups, count);
    }

    @Override
    long memoryBytes() {
        return values.length * 9L + scratch.bytes();
    }
}
