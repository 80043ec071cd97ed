package dev.weft.optimizer.cost;

import static java.util.Objects.requireNonNull;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The measured constants of one engine on one machine (see {@link CostProfiles} for the JSON form): start-up when cold
 * and when warm, per-record and per-byte CPU of each operator kind (per core: the model divides by parallelism), the
 * per-byte cost of each channel the engine can write and read, its parallelism, and where it runs.
 *
 * @param origin where the profile was read from ("jar:.../java.json", a file path), for messages and explain
 */
public record CostProfile(String engine, String origin, EngineProcess process, StartUp startUp, int parallelism,
                          Map<String, OperatorCost> operators, Map<String, ChannelCost> channels, Calibration calibration) {
    public CostProfile {
        requireNonNull(engine, "engine is null");
        requireNonNull(origin, "origin is null");
        requireNonNull(process, "process is null");
        requireNonNull(startUp, "startUp is null");
        operators = Map.copyOf(requireNonNull(operators, "operators is null"));
        channels = Map.copyOf(requireNonNull(channels, "channels is null"));
        requireNonNull(calibration, "calibration is null");
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
        }
    }

    /** The cost of an operator kind; a kind the profile lacks is an error naming the profile and the kind. */
    public OperatorCost operator(String kind) {
        OperatorCost cost = operators.get(kind);
        if (cost == null) {
            throw new WeftException(ErrorCode.INVALID_COST_PROFILE, "cost profile of engine '%s' (%s) has no entry \"operators\".\"%s\"; add it or run 'weft calibrate --engines %s'"
                    .formatted(engine, origin, kind, engine));
        }
        return cost;
    }

    public Optional<ChannelCost> channel(String name) {
        return Optional.ofNullable(channels.get(name));
    }

    public CostProfile withOrigin(String newOrigin) {
        return new CostProfile(engine, newOrigin, process, startUp, parallelism, operators, channels, calibration);
    }

    /** Where an engine runs: in the driver's JVM (in-process hand-offs possible) or in an engine host. */
    public enum EngineProcess {
        DRIVER, HOST;

        public String text() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Milliseconds to start the engine for a job: when it is not running yet, and when it is. */
    public record StartUp(double coldMillis, double warmMillis) {
        public StartUp {
            if (!(coldMillis >= 0) || !(warmMillis >= 0)) {
                throw new IllegalArgumentException("start-up times must be >= 0, got cold %s, warm %s".formatted(coldMillis, warmMillis));
            }
        }
    }

    /** CPU per record and per input byte on one core, in nanoseconds. */
    public record OperatorCost(double nanosPerRecord, double nanosPerByte) {
        public OperatorCost {
            if (!(nanosPerRecord >= 0) || !(nanosPerByte >= 0)) {
                throw new IllegalArgumentException("operator costs must be >= 0, got %s ns/record, %s ns/byte".formatted(nanosPerRecord, nanosPerByte));
            }
        }
    }

    /** Nanoseconds per byte to write data out over the channel and to read it in, plus a fixed set-up per edge. */
    public record ChannelCost(double nanosPerByteOut, double nanosPerByteIn, double setupMillis) {
        public ChannelCost {
            if (!(nanosPerByteOut >= 0) || !(nanosPerByteIn >= 0) || !(setupMillis >= 0)) {
                throw new IllegalArgumentException("channel costs must be >= 0");
            }
        }
    }

    /** How and where the numbers were measured. */
    public record Calibration(String machine, int cores, String date, String method) {
        public Calibration {
            requireNonNull(machine, "machine is null");
            requireNonNull(date, "date is null");
            requireNonNull(method, "method is null");
        }
    }
}
