package dev.weft.kernels.ops;

import dev.weft.api.types.DataTypes;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/** sum of decimal(p, s): a decimal(38, s) summed exactly in 128 bits, NULL for no values; overflow is an error. */
final class DecimalSumAccumulator extends Accumulator {
    private final String name;
    private final List<Field> stateFields;
    private final Accumulator.Scratch scratch = new Accumulator.Scratch();
    private long[] highs = new long[0];
    private long[] lows = new long[0];
    private boolean[] present = new boolean[0];

    DecimalSumAccumulator(String name, int scale) {
        this.name = name;
        this.stateFields = List.of(DataTypes.field(name + "$sum", DataTypes.decimal(DataTypes.MAX_DECIMAL_PRECISION, scale), true));
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
                Int128.addTo(highs, lows, group, valueHighs[i], valueLows[i], name);
                present[group] = true;
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
        for (int i = 0; i < count; i++) {
            int group = groups[i];
            if (present[group] && !Int128.fitsPrecision38(highs[group], lows[group])) {
                throw Int128.overflow(name);
            }
        }
        ColumnWriter.writeDecimals(output, highs, lows, present, groups, count);
    }

    @Override
    long memoryBytes() {
        return highs.length * 17L + scratch.bytes();
    }
}
