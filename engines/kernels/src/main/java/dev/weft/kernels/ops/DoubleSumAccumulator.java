package dev.weft.kernels.ops;

import dev.weft.api.types.DataTypes;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/** sum of floats: a double, NULL for no values. */
final class DoubleSumAccumulator extends Accumulator {
    private final List<Field> stateFields;
    private final Accumulator.Scratch scratch = new Accumulator.Scratch();
    private double[] sums = new double[0];
    private boolean[] present = new boolean[0];

    DoubleSumAccumulator(String name) {
        this.stateFields = List.of(DataTypes.field(name + "$sum", DataTypes.FLOAT64, true));
    }

    @Override
    List<Field> stateFields() {
        return stateFields;
    }

    @Override
    void resize(int newCapacity) {
        sums = grow(sums, newCapacity);
        present = grow(present, newCapacity);
    }

    @Override
    void add(FieldVector argument, int[] groupIds, int rowCount) {
        double[] values = scratch.doubles(rowCount);
        ColumnReader.readDoubles(argument, rowCount, values);
        boolean mayHaveNulls = argument.getNullCount() > 0;
        double[] s = sums;
        boolean[] p = present;
        for (int i = 0; i < rowCount; i++) {
            int group = groupIds[i];
            if (group >= 0 && !(mayHaveNulls && argument.isNull(i))) {
                s[group] += values[i];
                p[group] = true;
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
        ColumnWriter.writeDoubles(output, sums, present, groups, count);
    }

    @Override
    long memoryBytes() {
        return sums.length * 9L + scratch.bytes();
    }
}
