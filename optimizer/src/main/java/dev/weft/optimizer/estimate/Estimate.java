package dev.weft.optimizer.estimate;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * What the optimizer believes about one edge: its rows, the average bytes a row takes in Arrow form, and the distinct
 * counts of the columns where known (by output column name).
 */
public record Estimate(Cardinality rows, double bytesPerRow, Map<String, Double> distinctCounts) {
    public Estimate {
        requireNonNull(rows, "rows is null");
        distinctCounts = Map.copyOf(requireNonNull(distinctCounts, "distinctCounts is null"));
        if (!(bytesPerRow >= 0) || Double.isInfinite(bytesPerRow)) {
            throw new IllegalArgumentException("bytesPerRow %s is invalid".formatted(bytesPerRow));
        }
    }

    /** Bytes on the edge: the row interval times the bytes per row. */
    public Cardinality bytes() {
        return rows.scale(bytesPerRow, bytesPerRow, 1.0);
    }
}
