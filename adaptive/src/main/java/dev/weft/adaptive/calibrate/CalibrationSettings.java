package dev.weft.adaptive.calibrate;

import static java.util.Objects.requireNonNull;

import dev.weft.adaptive.WeftConfig;
import java.util.List;

/**
 * What {@link Calibrator} measures and how hard it tries.
 *
 * @param engines the engines to calibrate, by name; empty: every engine on the classpath
 * @param base the driver configuration each measured {@code Weft} starts from (its parallelism is the profile's);
 *             the calibrator only replaces the engine
 * @param records N, the records each operator probe pushes through the operator (binary operators get N per side)
 * @param runs R, the timed runs per probe and per baseline; the median is kept
 * @param warmUps untimed runs of each probe and its baseline before the timed ones (JIT compilation, caches)
 * @param channelMegabytes M, the MiB each channel probe moves
 * @param startUpRuns fresh driver instances timed for the cold start-up (the median is kept)
 */
public record CalibrationSettings(List<String> engines, WeftConfig base, long records, int runs, int warmUps,
                                  int channelMegabytes, int startUpRuns) {
    /** Default N: one million records per probe (about 5-100 ms per run on one core per operator kind). */
    public static final long DEFAULT_RECORDS = 1_000_000;
    public static final int DEFAULT_RUNS = 5;
    public static final int DEFAULT_WARM_UPS = 2;
    public static final int DEFAULT_CHANNEL_MEGABYTES = 64;
    public static final int DEFAULT_START_UP_RUNS = 5;

    /** {@code --quick}: sizes for tests, seconds in all; the numbers are noisy and only show the machinery works. */
    public static final long QUICK_RECORDS = 20_000;
    public static final int QUICK_RUNS = 3;
    public static final int QUICK_WARM_UPS = 1;
    public static final int QUICK_CHANNEL_MEGABYTES = 2;
    public static final int QUICK_START_UP_RUNS = 2;

    public CalibrationSettings {
        engines = List.copyOf(requireNonNull(engines, "engines is null"));
        requireNonNull(base, "base is null");
        if (records < 100) {
            throw new IllegalArgumentException("records must be at least 100, got " + records);
        }
        if (runs < 1 || warmUps < 0 || channelMegabytes < 1 || startUpRuns < 1) {
            throw new IllegalArgumentException("runs, channelMegabytes and startUpRuns must be >= 1 and warmUps >= 0, got %d, %d, %d, %d"
                    .formatted(runs, channelMegabytes, startUpRuns, warmUps));
        }
    }

    /** The full calibration (the one shipped profiles come from). */
    public static CalibrationSettings defaults(List<String> engines, WeftConfig base) {
        return new CalibrationSettings(engines, base, DEFAULT_RECORDS, DEFAULT_RUNS, DEFAULT_WARM_UPS, DEFAULT_CHANNEL_MEGABYTES,
                DEFAULT_START_UP_RUNS);
    }

    /** Small sizes: the machinery end to end in seconds (tests, a first look). */
    public static CalibrationSettings quick(List<String> engines, WeftConfig base) {
        return new CalibrationSettings(engines, base, QUICK_RECORDS, QUICK_RUNS, QUICK_WARM_UPS, QUICK_CHANNEL_MEGABYTES,
                QUICK_START_UP_RUNS);
    }

    /** "N=1000000 records, median of 5 runs after 2 warm-ups, channels 64 MiB, cold start-up median of 5". */
    public String describe() {
        return "N=%d records per probe, median of %d runs after %d warm-up(s), channels %d MiB, cold start-up median of %d fresh drivers"
                .formatted(records, runs, warmUps, channelMegabytes, startUpRuns);
    }
}
