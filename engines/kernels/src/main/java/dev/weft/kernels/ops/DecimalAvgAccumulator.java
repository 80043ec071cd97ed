package dev.weft.kernels.ops;

import dev.weft.api.types.DataTypes;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * avg of decimal(p, s): decimal(38, max(6, s)), the exact sum divided by the count rounded HALF_UP; NULL for no values.
 * State: sum (decimal(38, s)) and count.
 */
final class DecimalAvgAccumulator extends Accumulator {
    private final String name;
    private final int scale;
    private final int resultScale;
    private final List<Field> stateFields;
    private final Accumulator.Scratch scratch = new Accumulator.Scratch();
    private long[] highs = new long[0];
    private long[] lows = new long[0];
    private long[] counts = new long[0];

    DecimalAvgAccumulator(String name, int scale) {
        this.name = name;
        this.scale = scale;
        this.resultScale = Math.max(6, scale);
        this.stateFields = List.of(
                DataTypes.field(name + "$sum", DataTypes.decimal(DataTypes.MAX_DECIMAL_PRECISION, scale), true),
                DataTypes.field(name + "$count", DataTypes.INT64, false));
    }

    @Override
    List<Field> stateFields() {
        return stateFields;
    }

    @Override
    void resize(int newCapacity) {
        highs = grow(highs, newCapacity);
        lows = grow(lows, newCapacity);
        counts = grow(counts, newCapacity);
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
                counts[group]++;
            }
        }
    }

    @Override
    void merge(List<FieldVector> state, int[] groupIds, int rowCount) {
        FieldVector sumColumn = state.get(0);
        FieldVector countColumn = state.get(1);
        long[] valueLows = scratch.longs(rowCount);
        long[] valueHighs = scratch.highs(rowCount);
        ColumnReader.readDecimals(sumColumn, rowCount, valueLows, valueHighs);
        for (int i = 0; i < rowCount; i++) {
            int group = groupIds[i];
            if (group >= 0 && !sumColumn.isNull(i) && !countColumn.isNull(i)) {
                Int128.addTo(highs, lows, group, valueHighs[i], valueLows[i], name);
                counts[group] += ((BigIntVector) countColumn).get(i);
            }
        }
    }

    @Override
    void writeState(List<FieldVector> state, int[] groups, int count) {
        long[] stateHighs = new long[count];
        long[] stateLows = new long[count];
        boolean[] present = new boolean[count];
        for (int i = 0; i < count; i++) {
            int group = groups[i];
            present[i] = counts[group] > 0;
            stateHighs[i] = highs[group];
            stateLows[i] = lows[group];
            if (present[i] && !Int128.fitsPrecision38(highs[group], lows[group])) {
                throw Int128.overflow(name);
            }
        }
        ColumnWriter.writeDecimals(state.get(0), stateHighs, stateLows, present, ColumnWriter.identity(count), count);
        ColumnWriter.writeLongs(state.get(1), counts, null, groups, count);
    }

    @Override
    void writeResult(FieldVector output, int[] groups, int count) {
        BigDecimal[] averages = new BigDecimal[count];
        for (int i = 0; i < count; i++) {
            int group = groups[i];
            if (counts[group] > 0) {
                BigDecimal sum = Int128.toBigDecimal(highs[group], lows[group], scale);
                BigDecimal average = sum.divide(BigDecimal.valueOf(counts[group]), resultScale, RoundingMode.HALF_UP);
                if (average.precision() > DataTypes.MAX_DECIMAL_PRECISION) {
                    throw Int128.overflow(name);
                }
                averages[i] = average;
            }
        }
        ColumnWriter.writeBigDecimals(output, averages, count);
    }

    @Override
    long memoryBytes() {
        return highs.length * 24L + scratch.bytes();
    }
}
