package dev.weft.adaptive.calibrate;

import static java.util.Objects.requireNonNull;

import dev.weft.optimizer.cost.CostProfile;
import java.time.Duration;
import java.util.List;

/** The profiles a calibration measured, every figure with its method, and how long it took. */
public record CalibrationResult(List<CostProfile> profiles, List<Measurement> measurements, Duration elapsed) {
    public CalibrationResult {
        profiles = List.copyOf(requireNonNull(profiles, "profiles is null"));
        measurements = List.copyOf(requireNonNull(measurements, "measurements is null"));
        requireNonNull(elapsed, "elapsed is null");
    }
}
