package dev.weft.kernels.rows;

import static java.util.Objects.requireNonNull;

import dev.weft.api.function.KeySelector;
import dev.weft.api.function.ReduceFunction;
import dev.weft.api.plan.ReduceByKeyOperator;
import dev.weft.api.plan.ReduceOperator;
import java.io.Serializable;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * reduce and reduceByKey lambdas over rows, as the Java engine's ReduceNode / ReduceByKeyNode: elements are folded
 * with the user's (associative, commutative) function; a global reduce of an empty input has no row. Serializable.
 */
public final class RowReduce implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String operator;
    private final ReduceFunction<Object> function;
    private final KeySelector<Object, Object> key; // null for a global reduce
    private final RowCodec codec;

    private RowReduce(String operator, ReduceFunction<Object> function, KeySelector<Object, Object> key, RowCodec codec) {
        this.operator = operator;
        this.function = function;
        this.key = key;
        this.codec = codec;
    }

    @SuppressWarnings("unchecked")
    public static RowReduce of(ReduceOperator reduce) {
        requireNonNull(reduce, "reduce is null");
        return new RowReduce(reduce.info().describe(), (ReduceFunction<Object>) reduce.function().function(), null,
                RowCodec.of(reduce.output().elementType()));
    }

    @SuppressWarnings("unchecked")
    public static RowReduce of(ReduceByKeyOperator reduce) {
        requireNonNull(reduce, "reduce is null");
        return new RowReduce(reduce.info().describe(), (ReduceFunction<Object>) reduce.reducer().function(),
                (KeySelector<Object, Object>) reduce.key().function(), RowCodec.of(reduce.output().elementType()));
    }

    public boolean byKey() {
        return key != null;
    }

    /** The key of a row (reduceByKey): the user's key as a one-value {@link RowKey}; a global reduce has one empty key. */
    public RowKey key(Object[] row) {
        if (key == null) {
            return RowKey.of();
        }
        Object element = codec.fromRow(row);
        try {
            return RowKey.of(key.key(element));
        } catch (Exception e) {
            throw RowErrors.failed(operator, element, e);
        }
    }

    /** The row of reduce(left, right). */
    public Object[] combine(Object[] left, Object[] right) {
        Object a = codec.fromRow(left);
        Object b = codec.fromRow(right);
        Object result;
        try {
            result = function.reduce(a, b);
        } catch (Exception e) {
            throw RowErrors.failed(operator, b, e);
        }
        return codec.toRow(RowErrors.checkOutput(operator, codec.javaClass(), result));
    }

    /**
     * Folds the rows: a global reduce gives zero or one row; reduceByKey one row per key, in order of first appearance.
     * Used for the partial (per partition) and the final fold alike.
     */
    public Iterator<Object[]> reduce(Iterator<Object[]> rows) {
        if (key == null) {
            Object accumulated = null;
            boolean any = false;
            while (rows.hasNext()) {
                Object element = codec.fromRow(rows.next());
                if (!any) {
                    accumulated = element;
                    any = true;
                } else {
                    try {
                        accumulated = RowErrors.checkOutput(operator, codec.javaClass(), function.reduce(accumulated, element));
                    } catch (RuntimeException e) {
                        throw e instanceof dev.weft.api.WeftException ? e : RowErrors.failed(operator, element, e);
                    } catch (Exception e) {
                        throw RowErrors.failed(operator, element, e);
                    }
                }
            }
            return any ? List.<Object[]>of(codec.toRow(accumulated)).iterator() : Collections.emptyIterator();
        }
        Map<RowKey, Object> groups = new LinkedHashMap<>();
        while (rows.hasNext()) {
            Object element = codec.fromRow(rows.next());
            RowKey k;
            try {
                k = RowKey.of(key.key(element));
            } catch (Exception e) {
                throw RowErrors.failed(operator, element, e);
            }
            Object previous = groups.get(k);
            if (previous == null && !groups.containsKey(k)) {
                groups.put(k, element);
            } else {
                try {
                    groups.put(k, RowErrors.checkOutput(operator, codec.javaClass(), function.reduce(previous, element)));
                } catch (RuntimeException e) {
                    throw e instanceof dev.weft.api.WeftException ? e : RowErrors.failed(operator, element, e);
                } catch (Exception e) {
                    throw RowErrors.failed(operator, element, e);
                }
            }
        }
        return groups.values().stream().map(codec::toRow).iterator();
    }
}
