package dev.weft.adaptive;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/** Counters of one operator at one moment: rows and bytes it produced, time spent in it, and where it runs. */
public record OperatorMetricsSnapshot(int operatorId, String name, String kind, String engine, long rows, long bytes, Duration time) {
    public OperatorMetricsSnapshot {
        requireNonNull(name, "name is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(engine, "engine is null");
        requireNonNull(time, "time is null");
    }
}
