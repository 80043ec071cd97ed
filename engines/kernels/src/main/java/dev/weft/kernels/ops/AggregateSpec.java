package dev.weft.kernels.ops;

import static java.util.Objects.requireNonNull;

import dev.weft.api.expr.AggregateCall;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * One aggregate of a {@link HashAggregator}: the function, the input column of its (already evaluated) argument
 * ({@code -1} for count(*)), DISTINCT, and the output field as {@code ExpressionTyper.resolve} types it.
 */
public record AggregateSpec(AggregateCall.Function function, int argumentColumn, boolean distinct, Field output) {
    public AggregateSpec {
        requireNonNull(function, "function is null");
        requireNonNull(output, "output is null");
        if (argumentColumn < -1) {
            throw new IllegalArgumentException("argumentColumn must be a column index or -1 for count(*), got " + argumentColumn);
        }
        if (argumentColumn == -1 && (function != AggregateCall.Function.COUNT || distinct)) {
            throw new IllegalArgumentException("%s%s needs an argument column".formatted(function, distinct ? " DISTINCT" : ""));
        }
    }
}
