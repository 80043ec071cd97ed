package dev.weft.kernels.ops;

import org.apache.arrow.vector.FieldVector;

/** Open addressing (linear probing) on one long key: integers, dates, timestamps, normalized floats, booleans. */
final class LongGroupIdMap extends GroupIdMap {
    private static final int INITIAL_CAPACITY = 1024;

    private final ValueKind kind;
    /** Slot s holds its key at 2s and its group id at 2s+1 (-1: empty). */
    private long[] table;
    private int mask;
    private int size;
    private int nullGroup = -1;
    private int[] hashes = new int[INITIAL_CAPACITY / 2];
    private long[] values = new long[0];
    private double[] doubles = new double[0];

    LongGroupIdMap(ValueKind kind, boolean nullsMatch, int capacity) {
        super(nullsMatch);
        this.kind = kind;
        allocateTable(capacity);
    }

    @Override
    void insert(FieldVector[] keys, int rowCount, int[] groupIds) {
        if (values.length < rowCount) {
            values = new long[rowCount];
            doubles = kind == ValueKind.DOUBLE ? new double[rowCount] : doubles;
        }
        FieldVector vector = keys[0];
        long[] keyValues = values;
        ColumnReader.readNormalizedLongs(vector, kind, rowCount, keyValues, doubles);
        if (vector.getNullCount() == 0) {
            for (int i = 0; i < rowCount; i++) {
                groupIds[i] = findOrInsert(keyValues[i]);
            }
            return;
        }
        for (int i = 0; i < rowCount; i++) {
            if (vector.isNull(i)) {
                groupIds[i] = nullsMatch ? nullGroup() : -1;
            } else {
                groupIds[i] = findOrInsert(keyValues[i]);
            }
        }
    }

    @Override
    void find(FieldVector[] keys, int rowCount, int[] groupIds) {
        FieldVector vector = keys[0];
        long[] keyValues = new long[rowCount];
        double[] scratch = kind == ValueKind.DOUBLE ? new double[rowCount] : null;
        ColumnReader.readNormalizedLongs(vector, kind, rowCount, keyValues, scratch);
        boolean mayHaveNulls = vector.getNullCount() > 0;
        long[] slots = table;
        int slotMask = mask;
        for (int i = 0; i < rowCount; i++) {
            if (mayHaveNulls && vector.isNull(i)) {
                groupIds[i] = nullsMatch ? nullGroup : -1;
                continue;
            }
            long key = keyValues[i];
            int slot = Hashing.hashLong(key) & slotMask;
            while (true) {
                int index = slot << 1;
                long group = slots[index + 1];
                if (group < 0) {
                    groupIds[i] = -1;
                    break;
                }
                if (slots[index] == key) {
                    groupIds[i] = (int) group;
                    break;
                }
                slot = (slot + 1) & slotMask;
            }
        }
    }

    private int findOrInsert(long key) {
        int hash = Hashing.hashLong(key);
        int slot = hash & mask;
        long[] slots = table;
        while (true) {
            int index = slot << 1;
            long group = slots[index + 1];
            if (group < 0) {
                int id = size++;
                slots[index] = key;
                slots[index + 1] = id;
                recordHash(id, hash);
                if (size * 2L > slots.length / 2) {
                    rehash();
                }
                return id;
            }
            if (slots[index] == key) {
                return (int) group;
            }
            slot = (slot + 1) & mask;
        }
    }

    private int nullGroup() {
        if (nullGroup < 0) {
            nullGroup = size++;
            recordHash(nullGroup, Hashing.NULL_HASH);
        }
        return nullGroup;
    }

    private void recordHash(int id, int hash) {
        hashes = grow(hashes, id + 1);
        hashes[id] = hash;
    }

    private void rehash() {
        long[] old = table;
        allocateTable(old.length);
        long[] slots = table;
        for (int index = 0; index < old.length; index += 2) {
            long group = old[index + 1];
            if (group >= 0) {
                long key = old[index];
                int slot = Hashing.hashLong(key) & mask;
                while (slots[(slot << 1) + 1] >= 0) {
                    slot = (slot + 1) & mask;
                }
                slots[slot << 1] = key;
                slots[(slot << 1) + 1] = group;
            }
        }
    }

    /** A table of {@code capacity} slots (a power of two). */
    private void allocateTable(int capacity) {
        table = new long[capacity * 2];
        for (int index = 1; index < table.length; index += 2) {
            table[index] = -1;
        }
        mask = capacity - 1;
    }

    @Override
    int size() {
        return size;
    }

    @Override
    int hash(int groupId) {
        return hashes[groupId];
    }

    @Override
    long memoryBytes() {
        return table.length * 8L + hashes.length * 4L + values.length * 8L + doubles.length * 8L + 64;
    }
}
