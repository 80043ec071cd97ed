package dev.weft.kernels.ops;

import dev.weft.api.types.DataTypes;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/** count(*) (argument null) and count(x): a non-null bigint, 0 for an empty group. */
final class CountAccumulator extends Accumulator {
    private final List<Field> stateFields;
    private final Accumulator.Scratch scratch = new Accumulator.Scratch();
    private long[] counts = new long[0];

    CountAccumulator(String name) {
        this.stateFields = List.of(DataTypes.field(name + "$count", DataTypes.INT64, false));
    }

    @Override
    List<Field> stateFields() {
        return stateFields;
    }

    @Override
    void resize(int newCapacity) {
        counts = grow(counts, newCapacity);
    }

    @Override
    void add(FieldVector argument, int[] groupIds, int rowCount) {
        long[] c = counts;
        if (argument == null || argument.getNullCount() == 0) {
            for (int i = 0; i < rowCount; i++) {
                int group = groupIds[i];
                if (group >= 0) {
                    c[group]++;
                }
            }
            return;
        }
        ArrowBuf validity = argument.getValidityBuffer();
        for (int i = 0; i < rowCount; i++) {
            int group = groupIds[i];
            if (group >= 0) {
                c[group] += BitVectorHelper.get(validity, i);
            }
        }
    }

    @Override
    void merge(List<FieldVector> state, int[] groupIds, int rowCount) {
        FieldVector column = state.get(0);
        long[] values = scratch.longs(rowCount);
        ColumnReader.readLongs(column, rowCount, values);
        boolean mayHaveNulls = column.getNullCount() > 0;
        long[] c = counts;
        for (int i = 0; i < rowCount; i++) {
            int group = groupIds[i];
            if (group >= 0 && !(mayHaveNulls && column.isNull(i))) {
                c[group] += values[i];
            }
        }
    }

    @Override
    void writeState(List<FieldVector> state, int[] groups, int count) {
        ColumnWriter.writeLongs(state.get(0), counts, null, groups, count);
    }

    @Override
    void writeResult(FieldVector output, int[] groups, int count) {
        ColumnWriter.writeLongs(output, counts, null, groups, count);
    }

    @Override
    long memoryBytes() {
        return counts.length * 8L + scratch.bytes();
    }
}
