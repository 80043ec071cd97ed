package dev.weft.kernels.ops;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.types.DataTypes;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/** sum of integers: a bigint, NULL for no values; overflow is an error, as in SQL. */
final class LongSumAccumulator extends Accumulator {
    private final String name;
    private final List<Field> stateFields;
    private final Accumulator.Scratch scratch = new Accumulator.Scratch();
    private long[] sums = new long[0];
    private boolean[] present = new boolean[0];

    LongSumAccumulator(String name) {
        this.name = name;
        this.stateFields = List.of(DataTypes.field(name + "$sum", DataTypes.INT64, true));
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
        long[] values = scratch.longs(rowCount);
        ColumnReader.readLongs(argument, rowCount, values);
        boolean mayHaveNulls = argument.getNullCount() > 0;
        long[] s = sums;
        boolean[] p = present;
        try {
            for (int i = 0; i < rowCount; i++) {
                int group = groupIds[i];
                if (group >= 0 && !(mayHaveNulls && argument.isNull(i))) {
                    s[group] = Math.addExact(s[group], values[i]);
                    p[group] = true;
                }
            }
        } catch (ArithmeticException e) {
            throw new WeftException(ErrorCode.INVALID_ARGUMENT,
                    "%s overflowed bigint; cast the argument to decimal(38, 0) before summing".formatted(name), e);
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
        ColumnWriter.writeLongs(output, sums, present, groups, count);
    }

    @Override
    long memoryBytes() {
        return sums.length * 9L + scratch.bytes();
    }
}
