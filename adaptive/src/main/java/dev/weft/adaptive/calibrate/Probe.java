package dev.weft.adaptive.calibrate;

import static java.util.Objects.requireNonNull;

import dev.weft.api.Pipeline;
import java.util.function.Consumer;

/**
 * One operator-kind measurement: a pipeline with the operator and the same pipeline without it (the baseline). Both
 * are complete (they add their own sinks). The operator's cost per record is
 * {@code (median(t_measured) - median(t_baseline)) x parallelism / records}.
 *
 * @param kind the operator kind measured ("map", "join", ...)
 * @param shape what runs, for the summary ("generate(N) -> map(x+1) -> count vs generate(N) -> count")
 * @param measured adds the pipeline with the operator (sinks included)
 * @param baseline adds the pipeline without it
 * @param records the records the operator processes in the measured pipeline (both inputs for binary operators)
 */
record Probe(String kind, String shape, Consumer<Pipeline> measured, Consumer<Pipeline> baseline, long records) {
    Probe {
        requireNonNull(kind, "kind is null");
        requireNonNull(shape, "shape is null");
        requireNonNull(measured, "measured is null");
        requireNonNull(baseline, "baseline is null");
        if (records < 1) {
            throw new IllegalArgumentException("records must be positive, got " + records);
        }
    }
}
