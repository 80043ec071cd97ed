package dev.weft.adaptive.calibrate;

import static java.util.Objects.requireNonNull;

/**
 * One figure of a calibration and how it was obtained, for the summary the CLI prints.
 *
 * @param engine the engine calibrated
 * @param subject "start-up", an operator kind, or "channel <name>"
 * @param value the figure written to the profile, in {@code unit}
 * @param unit "ms", "ns/record", "ns/byte"
 * @param method {@link Method#MEASURED}, {@link Method#DERIVED} or {@link Method#FLOORED} (measured, below the floor)
 * @param detail what ran (medians in ms), or the rule a derived figure follows
 */
public record Measurement(String engine, String subject, double value, String unit, Method method, String detail) {
    public Measurement {
        requireNonNull(engine, "engine is null");
        requireNonNull(subject, "subject is null");
        requireNonNull(unit, "unit is null");
        requireNonNull(method, "method is null");
        requireNonNull(detail, "detail is null");
    }

    public enum Method {
        /** The median difference of timed runs. */
        MEASURED,
        /** Measured, but the difference was at or below the floor (noise); the floor was written. */
        FLOORED,
        /** Not measurable alone: set from another figure or to the floor, by a documented rule. */
        DERIVED,
        /** The probe failed on this engine; derived as for DERIVED and the failure given in the detail. */
        FAILED
    }
}
