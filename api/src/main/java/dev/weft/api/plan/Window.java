package dev.weft.api.plan;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.time.Duration;

/**
 * An event-time window for aggregations: tumbling, sliding or session, over the input's event-time column, with
 * allowed lateness (late events within it update their window; later ones are dropped and counted).
 */
public record Window(Kind kind, Duration size, Duration slide, Duration allowedLateness) implements Serializable {
    public enum Kind {
        TUMBLING,
        SLIDING,
        SESSION
    }

    public Window {
        requireNonNull(kind, "kind is null");
        requireNonNull(size, "size is null");
        requireNonNull(slide, "slide is null");
        requireNonNull(allowedLateness, "allowedLateness is null");
        if (size.isZero() || size.isNegative() || slide.isZero() || slide.isNegative() || allowedLateness.isNegative()) {
            throw new IllegalArgumentException("window durations must be positive (lateness >= 0): " + size + ", " + slide);
        }
    }

    public static Window tumbling(Duration size) {
        return new Window(Kind.TUMBLING, size, size, Duration.ZERO);
    }

    public static Window sliding(Duration size, Duration slide) {
        return new Window(Kind.SLIDING, size, slide, Duration.ZERO);
    }

    /** Sessions close after a gap without events; {@code size} is the gap. */
    public static Window session(Duration gap) {
        return new Window(Kind.SESSION, gap, gap, Duration.ZERO);
    }

    public Window withAllowedLateness(Duration lateness) {
        return new Window(kind, size, slide, lateness);
    }
}
