package dev.weft.optimizer.cost;

/** Estimated time in milliseconds as an interval; for unbounded work, milliseconds of work per second of input. */
public record Cost(double lowerMillis, double upperMillis) {
    public static final Cost ZERO = new Cost(0, 0);

    public Cost {
        if (Double.isNaN(lowerMillis) || Double.isNaN(upperMillis) || lowerMillis < 0 || upperMillis < lowerMillis) {
            throw new IllegalArgumentException("cost [%s, %s] is invalid: need 0 <= lower <= upper".formatted(lowerMillis, upperMillis));
        }
    }

    public static Cost exactly(double millis) {
        return new Cost(millis, millis);
    }

    public Cost plus(Cost other) {
        return new Cost(lowerMillis + other.lowerMillis, upperMillis + other.upperMillis);
    }

    public Cost times(double lowerFactor, double upperFactor) {
        return new Cost(lowerMillis * lowerFactor, upperMillis * upperFactor);
    }

    public double squash(Squash squash) {
        return squash.apply(lowerMillis, upperMillis);
    }

    @Override
    public String toString() {
        return "[%s, %s] ms".formatted(format(lowerMillis), format(upperMillis));
    }

    /** Milliseconds with 3 significant digits: "0.0123", "4.56", "789", "12300". */
    public static String format(double millis) {
        if (millis == 0) {
            return "0";
        }
        if (millis >= 1000) {
            return Long.toString(Math.round(millis));
        }
        return new java.math.BigDecimal(millis).round(new java.math.MathContext(3)).stripTrailingZeros().toPlainString();
    }
}
