package dev.weft.kernels.ops;

import java.util.Arrays;
import org.apache.arrow.vector.FieldVector;

/** Aggregation without keys: every row is in group 0. */
final class GlobalGroupIdMap extends GroupIdMap {
    private int size;

    GlobalGroupIdMap() {
        super(true);
    }

    @Override
    void insert(FieldVector[] keys, int rowCount, int[] groupIds) {
        Arrays.fill(groupIds, 0, rowCount, 0);
        if (rowCount > 0) {
            size = 1;
        }
    }

    @Override
    void find(FieldVector[] keys, int rowCount, int[] groupIds) {
        Arrays.fill(groupIds, 0, rowCount, size == 1 ? 0 : -1);
    }

    @Override
    int size() {
        return size;
    }

    @Override
    int hash(int groupId) {
        return 0;
    }

    @Override
    long memoryBytes() {
        return 16;
    }
}
