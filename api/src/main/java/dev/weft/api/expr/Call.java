package dev.weft.api.expr;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** A scalar function call: string, date and numeric functions. */
public record Call(Function function, List<Expression> arguments) implements Expression {
    /** Scalar functions and their arity ({@code -1}: one or more). */
    public enum Function {
        UPPER(1),
        LOWER(1),
        LENGTH(1),
        TRIM(1),
        /** substring(s, start, length): start is 1-based, as in SQL. */
        SUBSTRING(3),
        CONCAT(-1),
        /** SQL LIKE with % and _. */
        LIKE(2),
        STARTS_WITH(2),
        ENDS_WITH(2),
        CONTAINS(2),
        REPLACE(3),
        YEAR(1),
        MONTH(1),
        DAY(1),
        /** date_add(date, days). */
        DATE_ADD(2),
        /** date_diff(end, start) in days. */
        DATE_DIFF(2),
        ABS(1),
        /** round(x, digits) half up. */
        ROUND(2),
        COALESCE(-1);

        private final int arity;

        Function(int arity) {
            this.arity = arity;
        }

        public int arity() {
            return arity;
        }
    }

    public Call {
        requireNonNull(function, "function is null");
        arguments = List.copyOf(requireNonNull(arguments, "arguments is null"));
        if (function.arity() >= 0 && arguments.size() != function.arity()
                || function.arity() < 0 && arguments.isEmpty()) {
            throw new IllegalArgumentException("%s takes %s arguments, got %d".formatted(
                    function, function.arity() < 0 ? "one or more" : String.valueOf(function.arity()), arguments.size()));
        }
    }

    @Override
    public List<Expression> children() {
        return arguments;
    }

    @Override
    public String toString() {
        return arguments.stream().map(String::valueOf)
                .collect(Collectors.joining(", ", function.name().toLowerCase(Locale.ROOT) + "(", ")"));
    }
}
