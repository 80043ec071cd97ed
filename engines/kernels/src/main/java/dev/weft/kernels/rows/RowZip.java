package dev.weft.kernels.rows;

import java.util.Iterator;

/**
 * zipWithId over rows, as the Java engine's ZipWithIdNode: dense ids 0..n-1 in input order, the id as the first
 * column (BIGINT) followed by the row's columns. The engine counts the rows of each partition; partition i numbers its
 * rows from the total of the partitions before it ({@link #offsets}).
 */
public final class RowZip {
    private RowZip() {}

    /** The rows with their ids prepended, the first one {@code firstId}. */
    public static Iterator<Object[]> withIds(Iterator<Object[]> rows, long firstId) {
        return new Iterator<>() {
            private long next = firstId;

            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public Object[] next() {
                Object[] row = rows.next();
                Object[] result = new Object[row.length + 1];
                result[0] = next++;
                System.arraycopy(row, 0, result, 1, row.length);
                return result;
            }
        };
    }

    /** The first id of each partition, given the row count of each partition. */
    public static long[] offsets(long[] partitionCounts) {
        long[] offsets = new long[partitionCounts.length];
        long total = 0;
        for (int i = 0; i < offsets.length; i++) {
            offsets[i] = total;
            total += partitionCounts[i];
        }
        return offsets;
    }
}
