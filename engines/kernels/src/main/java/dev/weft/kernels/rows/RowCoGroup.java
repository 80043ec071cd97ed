package dev.weft.kernels.rows;

import static java.util.Objects.requireNonNull;

import dev.weft.api.function.CoGroupFunction;
import dev.weft.api.function.KeySelector;
import dev.weft.api.plan.CoGroupOperator;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * coGroup over rows, as the Java engine's CoGroupNode: per key, the user function receives the key and every left
 * and right element with that key (either side may be empty); keys are the user's key objects (equals/hashCode).
 * Serializable.
 */
public final class RowCoGroup implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String operator;
    private final KeySelector<Object, Object> leftKey;
    private final KeySelector<Object, Object> rightKey;
    private final CoGroupFunction<Object, Object, Object, Object> function;
    private final RowCodec left;
    private final RowCodec right;
    private final RowCodec output;

    private RowCoGroup(String operator, KeySelector<Object, Object> leftKey, KeySelector<Object, Object> rightKey,
                       CoGroupFunction<Object, Object, Object, Object> function, RowCodec left, RowCodec right, RowCodec output) {
        this.operator = operator;
        this.leftKey = leftKey;
        this.rightKey = rightKey;
        this.function = function;
        this.left = left;
        this.right = right;
        this.output = output;
    }

    @SuppressWarnings("unchecked")
    public static RowCoGroup of(CoGroupOperator coGroup) {
        requireNonNull(coGroup, "coGroup is null");
        return new RowCoGroup(coGroup.info().describe(), (KeySelector<Object, Object>) coGroup.leftKey().function(),
                (KeySelector<Object, Object>) coGroup.rightKey().function(),
                (CoGroupFunction<Object, Object, Object, Object>) coGroup.function().function(),
                RowCodec.of(coGroup.left().output().elementType()), RowCodec.of(coGroup.right().output().elementType()),
                RowCodec.of(coGroup.output().elementType()));
    }

    /** The key of a left row, as a one-value RowKey holding the user's key. */
    public RowKey leftKey(Object[] row) {
        return key(leftKey, left, row);
    }

    public RowKey rightKey(Object[] row) {
        return key(rightKey, right, row);
    }

    private RowKey key(KeySelector<Object, Object> selector, RowCodec codec, Object[] row) {
        Object element = codec.fromRow(row);
        try {
            return RowKey.of(selector.key(element));
        } catch (Exception e) {
            throw RowErrors.failed(operator, element, e);
        }
    }

    /** The output rows of one key's group (the key is taken from the first row of either side). */
    public Iterator<Object[]> apply(Iterable<Object[]> leftRows, Iterable<Object[]> rightRows) {
        Iterator<Object[]> l = leftRows.iterator();
        RowKey key;
        if (l.hasNext()) {
            key = leftKey(l.next());
        } else {
            Iterator<Object[]> r = rightRows.iterator();
            if (!r.hasNext()) {
                return java.util.Collections.emptyIterator();
            }
            key = rightKey(r.next());
        }
        return apply(key, leftRows, rightRows);
    }

    /** The output rows of the group of {@code key} (a RowKey from {@link #leftKey}/{@link #rightKey}). */
    public Iterator<Object[]> apply(RowKey key, Iterable<Object[]> leftRows, Iterable<Object[]> rightRows) {
        List<Object> lefts = new ArrayList<>();
        leftRows.forEach(row -> lefts.add(left.fromRow(row)));
        List<Object> rights = new ArrayList<>();
        rightRows.forEach(row -> rights.add(right.fromRow(row)));
        List<Object[]> results = new ArrayList<>();
        try {
            function.coGroup(key.get(0), lefts, rights,
                    value -> results.add(output.toRow(RowErrors.checkOutput(operator, output.javaClass(), value))));
        } catch (dev.weft.api.WeftException e) {
            throw e;
        } catch (Exception e) {
            throw RowErrors.failedAt(operator, "key " + RowErrors.render(key.get(0)), e);
        }
        return results.iterator();
    }
}
