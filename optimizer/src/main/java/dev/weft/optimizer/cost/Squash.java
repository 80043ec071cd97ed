package dev.weft.optimizer.cost;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import java.util.Arrays;
import java.util.Locale;

/**
 * How an interval becomes one number when plans are compared. The default, {@link #GEOMETRIC_MEAN}, is
 * {@code sqrt((lower + 1)(upper + 1)) - 1}: the geometric mean, shifted by one so that a lower bound of zero does not
 * make every interval zero.
 */
public enum Squash {
    GEOMETRIC_MEAN, MEAN, LOWER, UPPER;

    public double apply(double lower, double upper) {
        return switch (this) {
            case GEOMETRIC_MEAN -> Math.sqrt((lower + 1) * (upper + 1)) - 1;
            case MEAN -> (lower + upper) / 2;
            case LOWER -> lower;
            case UPPER -> upper;
        };
    }

    /** "geometric-mean", "mean", "lower", "upper". */
    public String text() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Squash parse(String text, String origin) {
        for (Squash squash : values()) {
            if (squash.text().equals(text.trim().toLowerCase(Locale.ROOT))) {
                return squash;
            }
        }
        throw new WeftException(ErrorCode.INVALID_CONFIGURATION, "squash '%s' %s is unknown; use one of %s"
                .formatted(text, origin, Arrays.stream(values()).map(Squash::text).toList()));
    }
}
