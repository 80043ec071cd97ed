package dev.weft.optimizer.explain;

import dev.weft.optimizer.cost.Cost;
import dev.weft.optimizer.estimate.Cardinality;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/** Compact numbers for explain: rows with k/M/G/T/P suffixes and 3 significant digits, costs as {@link Cost#format}. */
final class Numbers {
    private static final String[] SUFFIXES = {"", "k", "M", "G", "T", "P"};

    private Numbers() {}

    /** "0", "0.25", "999", "1k", "1.23M", "45.6G"; beyond 999P in scientific notation. */
    static String count(double value) {
        if (value == 0 || Double.isNaN(value) || Double.isInfinite(value)) {
            return Double.isNaN(value) ? "?" : value == 0 ? "0" : "inf";
        }
        BigDecimal rounded = new BigDecimal(value).round(new MathContext(3));
        double r = rounded.doubleValue();
        if (r < 1000) {
            return rounded.stripTrailingZeros().toPlainString();
        }
        int exponent = 0;
        while (exponent + 1 < SUFFIXES.length && r >= Math.pow(1000, exponent + 1)) {
            exponent++;
        }
        if (r >= 1000 * Math.pow(1000, SUFFIXES.length - 1)) {
            return String.format(Locale.ROOT, "%.2e", value);
        }
        BigDecimal scaled = rounded.divide(BigDecimal.valueOf(Math.pow(1000, exponent)), MathContext.DECIMAL64)
                .round(new MathContext(3)).stripTrailingZeros();
        return scaled.toPlainString() + SUFFIXES[exponent];
    }

    /** "[1.2M, 1.5M] @ 0.90", or "[1k, 1k] rows/s @ 1.00" for a rate. */
    static String rows(Cardinality rows) {
        return "[%s, %s]%s @ %s".formatted(count(rows.lower()), count(rows.upper()), rows.perSecond() ? " rows/s" : "",
                String.format(Locale.ROOT, "%.2f", rows.confidence()));
    }

    /** Work per second of input above which an operator cannot keep up with an unbounded input (the cost is already per core). */
    static final double CAPACITY_MILLIS_PER_SECOND = 1000;

    /**
     * "[0.5, 12.3] ms", or "ms/s" for work per second of an unbounded input, then " (over capacity)" when the upper
     * bound needs more than a second of work per second: the engine would fall behind at that rate.
     */
    static String cost(Cost cost, boolean perSecond) {
        String text = "[%s, %s] %s".formatted(Cost.format(cost.lowerMillis()), Cost.format(cost.upperMillis()), perSecond ? "ms/s" : "ms");
        return perSecond && cost.upperMillis() > CAPACITY_MILLIS_PER_SECOND ? text + " (over capacity)" : text;
    }

    /** An exact cost as one number ("4000 ms"), an interval otherwise. */
    static String costShort(Cost cost) {
        return cost.lowerMillis() == cost.upperMillis() ? Cost.format(cost.lowerMillis()) + " ms" : cost(cost, false);
    }

    /** "1.80x". */
    static String ratio(double ratio) {
        return String.format(Locale.ROOT, "%.2fx", ratio);
    }
}
