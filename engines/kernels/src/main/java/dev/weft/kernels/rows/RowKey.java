package dev.weft.kernels.rows;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.util.Arrays;

/**
 * A grouping or join key: a tuple of values with deep equality and hash code (byte[] by content, nested arrays too),
 * usable as a Spark/Flink key. Ordered by {@link RowValues#compare} column by column, NULL first.
 */
public final class RowKey implements Serializable, Comparable<RowKey> {
    private static final long serialVersionUID = 1L;

    private final Object[] values;
    private transient int hash;

    private RowKey(Object[] values) {
        this.values = values;
    }

    /** A key of the given values (copied). */
    public static RowKey of(Object... values) {
        requireNonNull(values, "values is null");
        return new RowKey(values.clone());
    }

    /** The values (a copy). */
    public Object[] values() {
        return values.clone();
    }

    public int size() {
        return values.length;
    }

    public Object get(int index) {
        return values[index];
    }

    /** Whether any value is NULL (such a key never matches in an equi-join). */
    public boolean hasNull() {
        for (Object value : values) {
            if (value == null) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof RowKey key) || key.values.length != values.length) {
            return false;
        }
        for (int i = 0; i < values.length; i++) {
            if (!RowValues.equal(values[i], key.values[i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = RowValues.hash(values);
            hash = h;
        }
        return h;
    }

    @Override
    public int compareTo(RowKey other) {
        int common = Math.min(values.length, other.values.length);
        for (int i = 0; i < common; i++) {
            int c = RowValues.compare(values[i], other.values[i], true);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(values.length, other.values.length);
    }

    @Override
    public String toString() {
        return Arrays.deepToString(values);
    }
}
