package dev.weft.kernels.ops;

import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * A DISTINCT aggregate: feeds the inner aggregate only the first occurrence of each non-null (group, value) pair. The
 * pairs are kept in a byte-keyed hash table; their values are also kept in an Arrow vector so that the set can be
 * spilled as rows of (group key, value). Its state column in spill files is that value (NULL on rows that carry other
 * state); distinct aggregates have no PARTIAL state.
 */
final class DistinctAccumulator extends Accumulator {
    private final Accumulator inner;
    private final Field valueField;
    private final BufferAllocator allocator;
    private final RowKeyEncoder valueEncoder;
    private final BytesGroupIdMap pairs;
    private final EncodedRows encoded = new EncodedRows();
    private byte[] pairKey = new byte[64];
    private int[] pairGroups = new int[16];
    private int[] filtered = new int[0];
    private FieldVector values;

    DistinctAccumulator(Accumulator inner, ValueKind kind, Field valueField, BufferAllocator allocator) {
        this.inner = inner;
        this.valueField = valueField;
        this.allocator = allocator;
        this.valueEncoder = new RowKeyEncoder(List.of(kind), false);
        this.pairs = new BytesGroupIdMap(valueEncoder, true, GroupIdMap.tableCapacity(0));
    }

    @Override
    List<Field> stateFields() {
        return List.of(valueField);
    }

    @Override
    void resize(int newCapacity) {
        inner.ensureCapacity(newCapacity);
    }

    @Override
    void add(FieldVector argument, int[] groupIds, int rowCount) {
        if (filtered.length < rowCount) {
            filtered = new int[rowCount];
        }
        if (values == null) {
            values = valueField.createVector(allocator);
            values.allocateNew();
        }
        valueEncoder.encode(new FieldVector[] {argument}, rowCount, encoded);
        for (int i = 0; i < rowCount; i++) {
            int group = groupIds[i];
            filtered[i] = -1;
            if (group < 0 || encoded.nullRows[i]) {
                continue;
            }
            int start = encoded.offsets[i];
            int length = encoded.offsets[i + 1] - start;
            if (pairKey.length < length + 4) {
                pairKey = new byte[Math.max(length + 4, pairKey.length * 2)];
            }
            Hashing.INTS.set(pairKey, 0, group);
            System.arraycopy(encoded.bytes, start, pairKey, 4, length);
            int hash = Hashing.hashLong(((long) group << 32) ^ (encoded.hashes[i] & 0xFFFFFFFFL));
            int pairCount = pairs.size();
            int pair = pairs.findOrInsert(pairKey, 0, length + 4, hash);
            if (pair == pairCount) {
                filtered[i] = group;
                pairGroups = GroupIdMap.grow(pairGroups, pair + 1);
                pairGroups[pair] = group;
                values.copyFromSafe(i, pair, argument);
            }
        }
        values.setValueCount(pairs.size());
        inner.add(argument, filtered, rowCount);
    }

    @Override
    void merge(List<FieldVector> state, int[] groupIds, int rowCount) {
        add(state.get(0), groupIds, rowCount);
    }

    @Override
    void writeState(List<FieldVector> state, int[] groups, int count) {
        ColumnWriter.writeNeutral(state.get(0), count);
    }

    @Override
    void writeResult(FieldVector output, int[] groups, int count) {
        inner.writeResult(output, groups, count);
    }

    int pairCount() {
        return pairs.size();
    }

    /** The group of each pair, indexed by pair. */
    int[] pairGroups() {
        return pairGroups;
    }

    /** The value of each pair, indexed by pair; null before the first row. */
    FieldVector values() {
        return values;
    }

    @Override
    long memoryBytes() {
        long vectorBytes = values == null ? 0 : values.getBufferSize() * 2L;
        return inner.memoryBytes() + pairs.memoryBytes() + pairGroups.length * 4L + filtered.length * 4L
                + pairKey.length + vectorBytes;
    }

    @Override
    public void close() {
        try {
            inner.close();
        } finally {
            if (values != null) {
                values.close();
                values = null;
            }
        }
    }
}
