package dev.weft.kernels.rows;

import static java.util.Objects.requireNonNull;

import dev.weft.api.expr.Expression;
import dev.weft.api.expr.SortKey;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The order of sort and top-k over rows, as the kernels' sorter orders them: per key ascending or descending, NULLs
 * first or last as the key says (independently of the direction), strings in code point order, doubles with -0.0
 * equal to 0.0 and NaN largest. Keys that are plain columns are read from the rows; computed keys are evaluated by the
 * kernels: either per comparison (correct but slow), or once per row by {@link #extend} (rows get the key values
 * appended) with {@link #extendedComparator()} and {@link #strip}. The Java engine's sort is stable (ties keep input
 * order within a partition, then partition order): use a stable sort to match it. Serializable; thread-safe when
 * {@link #hasComputedKeys()} is false.
 */
public final class RowOrdering implements Comparator<Object[]>, Serializable {
    private static final long serialVersionUID = 1L;

    private final RowExpressions keys;
    private final boolean[] descending;
    private final boolean[] nullsFirst;
    private final int width;

    private RowOrdering(RowExpressions keys, boolean[] descending, boolean[] nullsFirst, int width) {
        this.keys = keys;
        this.descending = descending;
        this.nullsFirst = nullsFirst;
        this.width = width;
    }

    public static RowOrdering of(List<SortKey> keys, Schema schema) {
        requireNonNull(keys, "keys is null");
        requireNonNull(schema, "schema is null");
        List<Expression> expressions = new ArrayList<>();
        boolean[] descending = new boolean[keys.size()];
        boolean[] nullsFirst = new boolean[keys.size()];
        for (int i = 0; i < keys.size(); i++) {
            expressions.add(keys.get(i).expression());
            descending[i] = keys.get(i).descending();
            nullsFirst[i] = keys.get(i).nullsFirst();
        }
        return new RowOrdering(RowExpressions.of("sort", expressions, schema), descending, nullsFirst, schema.getFields().size());
    }

    /** Whether some key is computed (not a plain column): then prefer {@link #extend}. */
    public boolean hasComputedKeys() {
        return !keys.columnsOnly();
    }

    @Override
    public int compare(Object[] a, Object[] b) {
        return compareKeys(keys.evaluate(a, RowMemory.allocator()), 0, keys.evaluate(b, RowMemory.allocator()), 0);
    }

    private int compareKeys(Object[] a, int offsetA, Object[] b, int offsetB) {
        for (int k = 0; k < descending.length; k++) {
            Object x = a[offsetA + k];
            Object y = b[offsetB + k];
            if (x == null || y == null) {
                if (x == y) {
                    continue;
                }
                return (x == null) == nullsFirst[k] ? -1 : 1;
            }
            int c = RowValues.compare(x, y, true);
            if (c != 0) {
                return descending[k] ? -c : c;
            }
        }
        return 0;
    }

    public Iterator<Object[]> extend(Iterator<Object[]> rows) {
        return extend(rows, RowMemory.allocator());
    }

    /** The rows with their key values appended, evaluated a batch at a time. */
    public Iterator<Object[]> extend(Iterator<Object[]> rows, BufferAllocator allocator) {
        return new Chunks(rows, RowBatches.DEFAULT_BATCH_SIZE, chunk -> {
            List<Object[]> values = keys.evaluate(chunk, allocator);
            List<Object[]> extended = new ArrayList<>(chunk.size());
            for (int i = 0; i < chunk.size(); i++) {
                Object[] row = Arrays.copyOf(chunk.get(i), width + descending.length);
                System.arraycopy(values.get(i), 0, row, width, descending.length);
                extended.add(row);
            }
            return extended;
        });
    }

    /** Orders rows made by {@link #extend}. */
    public int compareExtended(Object[] a, Object[] b) {
        return compareKeys(a, width, b, width);
    }

    /** {@link #compareExtended} as a serializable comparator. */
    public Comparator<Object[]> extendedComparator() {
        return (Comparator<Object[]> & Serializable) this::compareExtended;
    }

    /** A row made by {@link #extend} without its key values. */
    public Object[] strip(Object[] extended) {
        return Arrays.copyOf(extended, width);
    }
}
