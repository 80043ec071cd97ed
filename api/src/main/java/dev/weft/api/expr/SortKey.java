package dev.weft.api.expr;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;

/** One sort key. As in SQL: ascending puts NULLs last, descending puts them first, unless told otherwise. */
public record SortKey(Expression expression, boolean descending, boolean nullsFirst) implements Serializable {
    public SortKey {
        requireNonNull(expression, "expression is null");
    }

    public static SortKey ascending(Expression expression) {
        return new SortKey(expression, false, false);
    }

    public static SortKey descending(Expression expression) {
        return new SortKey(expression, true, true);
    }

    public SortKey withNullsFirst() {
        return new SortKey(expression, descending, true);
    }

    public SortKey withNullsLast() {
        return new SortKey(expression, descending, false);
    }

    @Override
    public String toString() {
        return expression + (descending ? " DESC" : " ASC") + (nullsFirst ? " NULLS FIRST" : " NULLS LAST");
    }
}
