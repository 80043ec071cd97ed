package dev.weft.adaptive;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Counters of one operator at one moment: rows and bytes it produced, time spent in it, where it runs, and the records
 * it skipped as bad (a source's malformed records, whether dead-lettered or dropped).
 */
public record OperatorMetricsSnapshot(int operatorId, String name, String kind, String engine, long rows, long bytes, Duration time,
                                      long skipped) {
    public OperatorMetricsSnapshot {
        requireNonNull(name, "name is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(engine, "engine is null");
        requireNonNull(time, "time is null");
    }
}
