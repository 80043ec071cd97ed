package dev.weft.api.plan;

import java.io.Serializable;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/** Either a fraction in [0, 1] of the elements (each kept independently) or an exact size (uniform without replacement). */
public record SampleSpec(OptionalDouble fraction, OptionalLong size, long seed) implements Serializable {
    public SampleSpec {
        if (fraction.isPresent() == size.isPresent()) {
            throw new IllegalArgumentException("a sample has either a fraction or a size");
        }
        if (fraction.isPresent() && !(fraction.getAsDouble() >= 0 && fraction.getAsDouble() <= 1)) {
            throw new IllegalArgumentException("sample fraction must be in [0, 1], got " + fraction.getAsDouble());
        }
        if (size.isPresent() && size.getAsLong() < 0) {
            throw new IllegalArgumentException("sample size must be >= 0, got " + size.getAsLong());
        }
    }

    public static SampleSpec fraction(double fraction, long seed) {
        return new SampleSpec(OptionalDouble.of(fraction), OptionalLong.empty(), seed);
    }

    public static SampleSpec size(long size, long seed) {
        return new SampleSpec(OptionalDouble.empty(), OptionalLong.of(size), seed);
    }
}
