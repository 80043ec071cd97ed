package dev.weft.api.plan;

import static java.util.Objects.requireNonNull;

import java.util.OptionalLong;

/**
 * Longs 0, 1, 2, ... produced at a rate (records per second, 0 for as fast as possible), as Spark's rate source:
 * bounded when a count is given, an unbounded stream otherwise.
 */
public record GeneratorSource(OperatorInfo info, EdgeProperties output, long ratePerSecond, OptionalLong count)
        implements SourceOperator {
    public GeneratorSource {
        requireNonNull(info, "info is null");
        requireNonNull(output, "output is null");
        requireNonNull(count, "count is null");
        if (ratePerSecond < 0) {
            throw new IllegalArgumentException("rate must be >= 0, got " + ratePerSecond);
        }
    }
}
