package dev.weft.api.function;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What the optimizer may know about an opaque lambda: the fraction of rows it keeps (an interval), its cost per
 * record relative to a plain map (1.0), and an SQL expression that computes the same thing.
 */
public record Hints(Optional<SelectivityInterval> selectivity, OptionalDouble relativeCost, Optional<String> sqlEquivalent)
        implements Serializable {
    public static final Hints NONE = new Hints(Optional.empty(), OptionalDouble.empty(), Optional.empty());

    public Hints {
        requireNonNull(selectivity, "selectivity is null");
        requireNonNull(relativeCost, "relativeCost is null");
        requireNonNull(sqlEquivalent, "sqlEquivalent is null");
        if (relativeCost.isPresent() && !(relativeCost.getAsDouble() > 0)) {
            throw new IllegalArgumentException("relative cost must be positive, got " + relativeCost.getAsDouble());
        }
    }

    public static Hints selectivity(double lower, double upper) {
        return NONE.withSelectivity(lower, upper);
    }

    public static Hints sql(String expression) {
        return NONE.withSqlEquivalent(expression);
    }

    public Hints withSelectivity(double lower, double upper) {
        return new Hints(Optional.of(new SelectivityInterval(lower, upper)), relativeCost, sqlEquivalent);
    }

    public Hints withRelativeCost(double cost) {
        return new Hints(selectivity, OptionalDouble.of(cost), sqlEquivalent);
    }

    public Hints withSqlEquivalent(String expression) {
        return new Hints(selectivity, relativeCost, Optional.of(requireNonNull(expression, "expression is null")));
    }

    /** Fraction of input rows kept, between lower and upper (for a flatMap, output rows per input row, may exceed 1). */
    public record SelectivityInterval(double lower, double upper) implements Serializable {
        public SelectivityInterval {
            if (!(lower >= 0) || !(upper >= lower)) {
                throw new IllegalArgumentException(
                        "selectivity interval [%s, %s] is invalid: need 0 <= lower <= upper".formatted(lower, upper));
            }
        }
    }
}
