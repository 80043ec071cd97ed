package dev.weft.api.expr;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * An aggregate: sum, count, min, max, avg, count distinct. {@code count()} without argument counts rows; with one,
 * non-null values. Aggregates appear only in {@code groupBy(...).aggregate(...)}.
 */
public record AggregateCall(Function function, Optional<Expression> argument, boolean distinct) implements Expression {
    public enum Function {
        SUM,
        COUNT,
        MIN,
        MAX,
        AVG
    }

    public AggregateCall {
        requireNonNull(function, "function is null");
        requireNonNull(argument, "argument is null");
        if (argument.isEmpty() && (function != Function.COUNT || distinct)) {
            throw new IllegalArgumentException(function + (distinct ? " DISTINCT" : "") + " needs an argument");
        }
    }

    @Override
    public List<Expression> children() {
        return argument.map(List::of).orElse(List.of());
    }

    @Override
    public String toString() {
        String name = function.name().toLowerCase(Locale.ROOT);
        return "%s(%s%s)".formatted(name, distinct ? "DISTINCT " : "", argument.map(String::valueOf).orElse("*"));
    }
}
