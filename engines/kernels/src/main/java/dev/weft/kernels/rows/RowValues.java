package dev.weft.kernels.rows;

import dev.weft.api.types.Row;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;

/** Comparison and hashing of row values as the kernels order and group them. */
final class RowValues {
    private RowValues() {}

    /**
     * Orders two values, NULL first or last: numbers by value (doubles by {@link Double#compare} with -0.0 equal to
     * 0.0, NaN last), strings in code point order (as UTF-8 bytes compare), byte[] unsigned lexicographically, booleans
     * false first, lists and Rows element by element; anything else by its {@link Comparable} ordering.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static int compare(Object a, Object b, boolean nullsFirst) {
        if (a == null || b == null) {
            if (a == b) {
                return 0;
            }
            return (a == null) == nullsFirst ? -1 : 1;
        }
        if (a instanceof Double || a instanceof Float) {
            double x = ((Number) a).doubleValue();
            double y = ((Number) b).doubleValue();
            return x == y ? 0 : Double.compare(x, y);
        }
        if (a instanceof Long || a instanceof Integer || a instanceof Short || a instanceof Byte) {
            if (b instanceof Double || b instanceof Float) {
                return -compare(b, a, nullsFirst);
            }
            return Long.compare(((Number) a).longValue(), ((Number) b).longValue());
        }
        if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
            return x.compareTo(y);
        }
        if (a instanceof String x && b instanceof String y) {
            return compareCodePoints(x, y);
        }
        if (a instanceof byte[] x && b instanceof byte[] y) {
            return Arrays.compareUnsigned(x, y);
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            return compareSequences(x.toArray(), y.toArray(), nullsFirst);
        }
        if (a instanceof Row x && b instanceof Row y) {
            return compareSequences(x.values(), y.values(), nullsFirst);
        }
        if (a instanceof Object[] x && b instanceof Object[] y) {
            return compareSequences(x, y, nullsFirst);
        }
        return ((Comparable) a).compareTo(b);
    }

    private static int compareSequences(Object[] x, Object[] y, boolean nullsFirst) {
        int common = Math.min(x.length, y.length);
        for (int i = 0; i < common; i++) {
            int c = compare(x[i], y[i], nullsFirst);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    }

    /** Code point order, which is the order of the UTF-8 encodings. */
    static int compareCodePoints(String x, String y) {
        int length = Math.min(x.length(), y.length());
        for (int i = 0; i < length; i++) {
            char cx = x.charAt(i);
            char cy = y.charAt(i);
            if (cx != cy) {
                boolean sx = Character.isSurrogate(cx);
                boolean sy = Character.isSurrogate(cy);
                if (sx != sy) {
                    // a surrogate (code point >= U+10000) sorts after every BMP character
                    return sx ? 1 : -1;
                }
                return Character.compare(cx, cy);
            }
        }
        return Integer.compare(x.length(), y.length());
    }

    /** Deep equality: arrays by content, doubles -0.0 and 0.0 equal. */
    static boolean equal(Object a, Object b) {
        if (a instanceof Double x && b instanceof Double y) {
            return x.doubleValue() == y.doubleValue() || x.isNaN() && y.isNaN();
        }
        return Arrays.deepEquals(new Object[] {a}, new Object[] {b});
    }

    /**
     * A hash code that is the same in every JVM (Spark and Flink partition by it): content of arrays, names of enums,
     * 0.0 for -0.0.
     */
    static int hash(Object[] values) {
        int h = 1;
        for (Object value : values) {
            h = 31 * h + hash(value);
        }
        return h;
    }

    static int hash(Object value) {
        if (value == null) {
            return 0;
        }
        if (value instanceof Double d) {
            return d == 0.0 ? 0 : d.hashCode();
        }
        if (value instanceof Enum<?> e) {
            return e.getDeclaringClass().getName().hashCode() * 31 + e.name().hashCode();
        }
        if (value instanceof Object[] array) {
            return hash(array);
        }
        if (value instanceof byte[] bytes) {
            return Arrays.hashCode(bytes);
        }
        if (value instanceof List<?> list) {
            int h = 1;
            for (Object element : list) {
                h = 31 * h + hash(element);
            }
            return h;
        }
        return value.hashCode();
    }
}
