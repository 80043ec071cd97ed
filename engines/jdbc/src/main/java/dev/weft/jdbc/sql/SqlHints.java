package dev.weft.jdbc.sql;

import dev.weft.api.plan.FilterCondition;
import dev.weft.api.plan.FilterOperator;
import dev.weft.api.plan.MapOperator;
import java.util.Optional;

/**
 * The SQL equivalent a lambda declares ({@code Hints.sql(...)}): for a filter, a boolean condition over the input's
 * columns; for a map, a select list producing the output's columns in order. The text is the pipeline author's own
 * SQL and is inserted into the generated query verbatim, like Spark's {@code expr()}: never build a hint from
 * untrusted input (it would be SQL injection). Blank hints count as absent.
 */
public final class SqlHints {
    private SqlHints() {}

    public static Optional<String> of(FilterOperator filter) {
        return filter.condition() instanceof FilterCondition.Lambda lambda ? nonBlank(lambda.function().hints().sqlEquivalent()) : Optional.empty();
    }

    public static Optional<String> of(MapOperator map) {
        return nonBlank(map.function().hints().sqlEquivalent());
    }

    private static Optional<String> nonBlank(Optional<String> hint) {
        return hint.map(String::strip).filter(text -> !text.isEmpty());
    }
}
