package dev.weft.kernels.ops;

import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/** min/max of decimals in the input type; NULL for no values. */
final class DecimalMinMaxAccumulator extends Accumulator {
    private final boolean max;
    private final List<Field> stateFields;
    private final Accumulator.Scratch scratch = new Accumulator.Scratch();
    private long[] highs = new long[0];
    private long[] lows = new long[0];
    private boolean[] present = new boolean[0];

    DecimalMinMaxAccumulator(Field stateField, boolean max) {
        this.max = max;
        this.stateFields = List.of(stateField);
    }

    @Override
    List<Field> stateFields() {
        return stateFields;
    }

    @Override
    void resize(int newCapacity) {
        highs = grow(highs, newCapacity);
        lows = grow(lows, newCapacity);
        present = grow(present, newCapacity);
    }

    @Override
    void add(FieldVector argument, int[] groupIds, int rowCount) {
        long[] valueLows = scratch.longs(rowCount);
        long[] valueHighs = scratch.highs(rowCount);
        ColumnReader.readDecimals(argument, rowCount, valueLows, valueHighs);
        boolean mayHaveNulls = argument.getNullCount() > 0;
        for (int i = 0; i < rowCount; i++) {
            int group = groupIds[i];
            if (group >= 0 && !(mayHaveNulls && argument.isNull(i))) {
                boolean better = !present[group];
                if (!better) {
                    int c = Int128.compare(valueHighs[i], valueLows[i], highs[group], lows[group]);
                    better = max ? c > 0 : c < 0;
                }
                if (better) {
                    highs[group] = valueHighs[i];
                    lows[group] = valueLows[i];
                    present[group] = true;
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
        ColumnWriter.writeDecimals(output, highs, lows, present, groups, count);
    }

    @Override
    long memoryBytes() {
        return highs.length * 17L + scratch.bytes();
    }
}
