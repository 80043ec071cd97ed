package dev.weft.optimizer.estimate;

import dev.weft.optimizer.cost.Squash;
import java.util.Locale;

/**
 * How many rows an edge carries, as an interval {@code [lower, upper]} with a confidence in [0, 1] that the true value
 * lies inside; for an unbounded edge the bounds are a rate in records per second ({@link #perSecond}). Bounds are
 * finite and never negative. Combining two cardinalities keeps the lower confidence.
 */
public record Cardinality(double lower, double upper, double confidence, boolean perSecond) {
    /** Bounds are capped here so that products of huge estimates stay finite. */
    public static final double MAX_ROWS = 1e18;

    public Cardinality {
        if (Double.isNaN(lower) || Double.isNaN(upper) || lower < 0 || upper < lower) {
            throw new IllegalArgumentException("cardinality [%s, %s] is invalid: need 0 <= lower <= upper".formatted(lower, upper));
        }
        if (!(confidence >= 0 && confidence <= 1)) {
            throw new IllegalArgumentException("confidence %s is not in [0, 1]".formatted(confidence));
        }
        lower = Math.min(lower, MAX_ROWS);
        upper = Math.min(upper, MAX_ROWS);
    }

    public static Cardinality exact(double rows) {
        return new Cardinality(rows, rows, 1.0, false);
    }

    public static Cardinality between(double lower, double upper, double confidence) {
        return new Cardinality(lower, upper, confidence, false);
    }

    public static Cardinality rate(double lower, double upper, double confidence) {
        return new Cardinality(lower, upper, confidence, true);
    }

    /** Multiplies the bounds by a factor interval (a selectivity), keeping the lower confidence. */
    public Cardinality scale(double lowerFactor, double upperFactor, double factorConfidence) {
        return new Cardinality(lower * lowerFactor, upper * upperFactor, Math.min(confidence, factorConfidence), perSecond);
    }

    public Cardinality plus(Cardinality other) {
        return new Cardinality(lower + other.lower, upper + other.upper, Math.min(confidence, other.confidence),
                perSecond || other.perSecond);
    }

    public Cardinality times(Cardinality other) {
        return new Cardinality(lower * other.lower, upper * other.upper, Math.min(confidence, other.confidence),
                perSecond || other.perSecond);
    }

    /** At most {@code cap} rows (a limit). */
    public Cardinality atMost(double cap) {
        return new Cardinality(Math.min(lower, cap), Math.min(upper, cap), confidence, perSecond);
    }

    public Cardinality withConfidence(double newConfidence) {
        return new Cardinality(lower, upper, newConfidence, perSecond);
    }

    public double squash(Squash squash) {
        return squash.apply(lower, upper);
    }

    /** "[1000, 2000] @ 0.90", with " rows/s" for a rate. */
    @Override
    public String toString() {
        return "[%s, %s] @ %s%s".formatted(number(lower), number(upper), String.format(Locale.ROOT, "%.2f", confidence),
                perSecond ? " rows/s" : "");
    }

    static String number(double value) {
        return value >= 1e15 ? String.format(Locale.ROOT, "%.3g", value) : Long.toString(Math.round(value));
    }
}
