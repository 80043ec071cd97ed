package dev.weft.kernels.rows;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * distinct and intersect over rows, as the Java engine computes them (an aggregation on all columns, NULLs equal as
 * in SQL): rows are equal when all their values are ({@link RowKey} equality). The engine shuffles rows by
 * {@link #key}; per key, distinct keeps one row and intersect keeps one row if both sides have it.
 */
public final class RowSets {
    private RowSets() {}

    /** The whole row as a key. */
    public static RowKey key(Object[] row) {
        return RowKey.of(row);
    }

    /** The distinct rows among the given ones, in order of first appearance (a partial or a final step). */
    public static Iterator<Object[]> distinct(Iterator<Object[]> rows) {
        Set<RowKey> seen = new LinkedHashSet<>();
        while (rows.hasNext()) {
            seen.add(key(rows.next()));
        }
        List<Object[]> result = new ArrayList<>(seen.size());
        for (RowKey key : seen) {
            result.add(key.values());
        }
        return result.iterator();
    }

    /** The rows present on both sides, once each, in the left side's order of first appearance. */
    public static Iterator<Object[]> intersect(Iterable<Object[]> left, Iterable<Object[]> right) {
        Set<RowKey> rights = new java.util.HashSet<>();
        for (Object[] row : right) {
            rights.add(key(row));
        }
        Set<RowKey> both = new LinkedHashSet<>();
        for (Object[] row : left) {
            RowKey key = key(row);
            if (rights.contains(key)) {
                both.add(key);
            }
        }
        List<Object[]> result = new ArrayList<>(both.size());
        for (RowKey key : both) {
            result.add(key.values());
        }
        return result.iterator();
    }
}
