package dev.weft.kernels.ops;

import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.FieldVector;

/**
 * A hash table from key values to dense group ids 0..size()-1, numbered in the order keys are first seen. Keys are
 * read from the vectors directly: a single integer-like, float or boolean key as a long
 * ({@link LongGroupIdMap}), anything else as bytes ({@link BytesGroupIdMap}), no key at all as one group
 * ({@link GlobalGroupIdMap}).
 */
abstract class GroupIdMap {
    /** Whether NULL keys form a group (GROUP BY, DISTINCT) or never match (joins: such rows get -1 and are not added). */
    protected final boolean nullsMatch;

    GroupIdMap(boolean nullsMatch) {
        this.nullsMatch = nullsMatch;
    }

    static GroupIdMap create(List<ValueKind> kinds, boolean nullsMatch) {
        return create(kinds, nullsMatch, 0);
    }

    /** A map sized for about {@code expectedGroups} groups without rehashing. */
    static GroupIdMap create(List<ValueKind> kinds, boolean nullsMatch, int expectedGroups) {
        if (kinds.isEmpty()) {
            return new GlobalGroupIdMap();
        }
        int capacity = tableCapacity(expectedGroups);
        if (kinds.size() == 1 && kinds.get(0) != ValueKind.BYTES && kinds.get(0) != ValueKind.DECIMAL) {
            return new LongGroupIdMap(kinds.get(0), nullsMatch, capacity);
        }
        return new BytesGroupIdMap(new RowKeyEncoder(kinds, true), nullsMatch, capacity);
    }

    /** Slots for a load factor of at most 1/2: a power of two, at least 1024. */
    static int tableCapacity(int expectedGroups) {
        int capacity = 1024;
        while (capacity < 2L * expectedGroups && capacity < (1 << 30)) {
            capacity <<= 1;
        }
        return capacity;
    }

    /** Sets each row's group id, adding unseen keys as new groups in row order. Not thread-safe. */
    abstract void insert(FieldVector[] keys, int rowCount, int[] groupIds);

    /** Sets each row's group id, -1 if the key is absent. Read-only: safe from many threads once inserts are done. */
    abstract void find(FieldVector[] keys, int rowCount, int[] groupIds);

    abstract int size();

    /** The hash of a group's key, the same for equal keys in any map of the same key kinds. */
    abstract int hash(int groupId);

    /** Java heap bytes held. */
    abstract long memoryBytes();

    static int[] grow(int[] array, int minLength) {
        return array.length >= minLength ? array : Arrays.copyOf(array, Math.max(minLength, array.length * 2));
    }
}
