package dev.weft.api.spi;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.OptionalDouble;

/**
 * What an engine knows of a source it reads (a PostgreSQL table's statistics, a Kafka topic's offsets): rows between
 * {@code lowerRows} and {@code upperRows} with a confidence in [0, 1], or a rate in records per second for an unbounded
 * source; optionally the average bytes per row and distinct counts by column name.
 */
public record SourceStatistics(double lowerRows, double upperRows, double confidence, boolean perSecond,
                               OptionalDouble bytesPerRow, Map<String, Double> distinctCounts) {
    public SourceStatistics {
        requireNonNull(bytesPerRow, "bytesPerRow is null");
        distinctCounts = Map.copyOf(requireNonNull(distinctCounts, "distinctCounts is null"));
        if (!(lowerRows >= 0) || !(upperRows >= lowerRows)) {
            throw new IllegalArgumentException("rows [%s, %s] are invalid: need 0 <= lower <= upper".formatted(lowerRows, upperRows));
        }
        if (!(confidence >= 0 && confidence <= 1)) {
            throw new IllegalArgumentException("confidence %s is not in [0, 1]".formatted(confidence));
        }
    }
}
