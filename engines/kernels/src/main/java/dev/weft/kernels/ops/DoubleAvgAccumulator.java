package dev.weft.kernels.ops;

import dev.weft.api.types.DataTypes;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/** avg of integers or floats: a double (sum / count), NULL for no values. State: sum (double) and count. */
final class DoubleAvgAccumulator extends Accumulator {
    private final boolean integerInput;
    private final List<Field> stateFields;
    private final Accumulator.Scratch scratch = new Accumulator.Scratch();
    private double[] sums = new double[0];
    private long[] counts = new long[0];

    DoubleAvgAccumulator(String name, boolean integerInput) {
        this.integerInput = integerInput;
        this.stateFields = List.of(
                DataTypes.field(name + "$sum", DataTypes.FLOAT64, true),
                DataTypes.field(name + "$count", DataTypes.INT64, false));
    }

    @Override
    List<Field> stateFields() {
        return stateFields;
    }

    @Override
    void resize(int newCapacity) {
        sums = grow(sums, newCapacity);
        counts = grow(counts, newCapacity);
    }

    @Override
    void add(FieldVector argument, int[] groupIds, int rowCount) {
        double[] values = scratch.doubles(rowCount);
        if (integerInput) {
            long[] longs = scratch.longs(rowCount);
            ColumnReader.readLongs(argument, rowCount, longs);
            for (int i = 0; i < rowCount; i++) {
                values[i] = longs[i];
            }
        } else {
            ColumnReader.readDoubles(argument, rowCount, values);
        }
        boolean mayHaveNulls = argument.getNullCount() > 0;
        for (int i = 0; i < rowCount; i++) {
            int group = groupIds[i];
            if (group >= 0 && !(mayHaveNulls && argument.isNull(i))) {
                sums[group] += values[i];
                counts[group]++;
            }
        }
    }

    @Override
    void merge(List<FieldVector> state, int[] groupIds, int rowCount) {
        FieldVector sumColumn = state.get(0);
        FieldVector countColumn = state.get(1);
        double[] stateSums = scratch.doubles(rowCount);
        long[] stateCounts = scratch.longs(rowCount);
        ColumnReader.readDoubles(sumColumn, rowCount, stateSums);
        ColumnReader.readLongs(countColumn, rowCount, stateCounts);
        for (int i = 0; i < rowCount; i++) {
            int group = groupIds[i];
            if (group >= 0 && !sumColumn.isNull(i) && !countColumn.isNull(i)) {
                sums[group] += stateSums[i];
                counts[group] += stateCounts[i];
            }
        }
    }

    @Override
    void writeState(List<FieldVector> state, int[] groups, int count) {
        double[] stateSums = new double[count];
        boolean[] present = new boolean[count];
        for (int i = 0; i < count; i++) {
            stateSums[i] = sums[groups[i]];
            present[i] = counts[groups[i]] > 0;
        }
        ColumnWriter.writeDoubles(state.get(0), stateSums, present, ColumnWriter.identity(count), count);
        ColumnWriter.writeLongs(state.get(1), counts, null, groups, count);
    }

    @Override
    void writeResult(FieldVector output, int[] groups, int count) {
        double[] averages = new double[count];
        boolean[] present = new boolean[count];
        for (int i = 0; i < count; i++) {
            int group = groups[i];
            present[i] = counts[group] > 0;
            averages[i] = present[i] ? sums[group] / counts[group] : 0.0;
        }
        ColumnWriter.writeDoubles(output, averages, present, ColumnWriter.identity(count), count);
    }

    @Override
    long memoryBytes() {
        return sums.length * 16L + scratch.bytes();
    }
}
