package dev.weft.adaptive;

import static java.util.Objects.requireNonNull;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.spi.ExecutionSettings;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Typed driver configuration. Sources, later ones overriding earlier ones: defaults, a properties file, {@code WEFT_*}
 * environment variables ({@code weft.memory.budget} is {@code WEFT_MEMORY_BUDGET}), code. An unknown key is an error,
 * never a silently ignored setting.
 *
 * <ul>
 *   <li>{@code weft.engine}: the engine that runs plans (default {@code java})</li>
 *   <li>{@code weft.parallelism}: partitions run at once (default: available processors)</li>
 *   <li>{@code weft.memory.budget}: operator state before spilling, e.g. {@code 512m}, {@code 2g} (default: a quarter of the max heap, at least 64m)</li>
 *   <li>{@code weft.spill.directory}: where spill files go (default: {@code java.io.tmpdir}/weft-spill)</li>
 *   <li>{@code weft.batch.size}: rows per Arrow batch (default 8192)</li>
 *   <li>{@code weft.channel}: stage hand-offs, {@code in-process} (default) or {@code flight} (every hand-off through an
 *       embedded Arrow Flight server, see {@link HandOffs})</li>
 *   <li>{@code weft.flight.memory}: memory budget of the embedded Flight server before it spills (default 256m)</li>
 * </ul>
 */
public record WeftConfig(String engine, int parallelism, long memoryBudget, Path spillDirectory, int batchSize, HandOffs channel,
                         long flightMemory) {
    public static final String ENGINE = "weft.engine";
    public static final String PARALLELISM = "weft.parallelism";
    public static final String MEMORY_BUDGET = "weft.memory.budget";
    public static final String SPILL_DIRECTORY = "weft.spill.directory";
    public static final String BATCH_SIZE = "weft.batch.size";
    public static final String CHANNEL = "weft.channel";
    public static final String FLIGHT_MEMORY = "weft.flight.memory";
    public static final List<String> KEYS = List.of(ENGINE, PARALLELISM, MEMORY_BUDGET, SPILL_DIRECTORY, BATCH_SIZE, CHANNEL, FLIGHT_MEMORY);

    /** Environment variables with the WEFT_ prefix that belong to the launcher script, not to this configuration. */
    private static final Set<String> LAUNCHER_VARIABLES = Set.of("WEFT_JAVA_OPTS", "WEFT_HOME");

    public WeftConfig {
        requireNonNull(engine, "engine is null");
        requireNonNull(spillDirectory, "spillDirectory is null");
        requireNonNull(channel, "channel is null");
        if (flightMemory <= 0) {
            throw new IllegalArgumentException("flightMemory must be positive, got " + flightMemory);
        }
        new ExecutionSettings(parallelism, memoryBudget, spillDirectory, batchSize);
    }

    public static WeftConfig defaults() {
        long maxHeap = Runtime.getRuntime().maxMemory();
        long budget = Math.max(64L << 20, maxHeap == Long.MAX_VALUE ? 512L << 20 : maxHeap / 4);
        return new WeftConfig("java", Runtime.getRuntime().availableProcessors(), budget,
                Path.of(System.getProperty("java.io.tmpdir"), "weft-spill"), 8192, HandOffs.IN_PROCESS, 256L << 20);
    }

    /** Defaults, then the {@code WEFT_*} variables of this process's environment. */
    public static WeftConfig fromEnvironment() {
        return defaults().withEnvironment(System.getenv());
    }

    /** Defaults, then the file, then the {@code WEFT_*} variables of this process's environment. */
    public static WeftConfig fromProperties(Path file) {
        return defaults().withProperties(file).withEnvironment(System.getenv());
    }

    public static Builder builder() {
        return new Builder(defaults());
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    public ExecutionSettings executionSettings() {
        return new ExecutionSettings(parallelism, memoryBudget, spillDirectory, batchSize);
    }

    public WeftConfig withProperties(Path file) {
        requireNonNull(file, "file is null");
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (NoSuchFileException e) {
            throw new WeftException(ErrorCode.INVALID_CONFIGURATION, "configuration file %s does not exist".formatted(file));
        } catch (IOException e) {
            throw new WeftException(ErrorCode.INVALID_CONFIGURATION, "cannot read configuration file %s: %s".formatted(file, e.getMessage()), e);
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String key : new TreeSet<>(properties.stringPropertyNames())) {
            values.put(key, properties.getProperty(key).trim());
        }
        return with(values, "in " + file);
    }

    /** Applies {@code WEFT_*} variables of the given environment (other variables are ignored). */
    public WeftConfig withEnvironment(Map<String, String> environment) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : new TreeSet<>(environment.keySet())) {
            if (!name.startsWith("WEFT_") || LAUNCHER_VARIABLES.contains(name)) {
                continue;
            }
            String key = "weft." + name.substring("WEFT_".length()).toLowerCase(Locale.ROOT).replace('_', '.');
            if (!KEYS.contains(key)) {
                throw new WeftException(ErrorCode.INVALID_CONFIGURATION, "unknown environment variable %s; Weft reads %s"
                        .formatted(name, KEYS.stream().map(WeftConfig::environmentName).toList()));
            }
            values.put(key, environment.get(name).trim());
        }
        return with(values, "in the environment");
    }

    /** Applies key/value settings; an unknown key or a bad value is an error naming it. */
    public WeftConfig with(Map<String, String> values, String origin) {
        Builder builder = toBuilder();
        for (Map.Entry<String, String> entry : values.entrySet()) {
            String key = entry.getKey();
            String value = entry.getValue();
            switch (key) {
                case ENGINE -> builder.engine(value);
                case PARALLELISM -> builder.parallelism((int) parseLong(key, value, origin, 1, 4096));
                case MEMORY_BUDGET -> builder.memoryBudget(parseSize(key, value, origin));
                case SPILL_DIRECTORY -> builder.spillDirectory(Path.of(value));
                case BATCH_SIZE -> builder.batchSize((int) parseLong(key, value, origin, 1, 1 << 20));
                case CHANNEL -> builder.channel(HandOffs.parse(key, value, origin));
                case FLIGHT_MEMORY -> builder.flightMemory(parseSize(key, value, origin));
                default -> throw new WeftException(ErrorCode.INVALID_CONFIGURATION,
                        "unknown configuration key '%s' %s; the keys are %s".formatted(key, origin, KEYS));
            }
        }
        return builder.build();
    }

    public static String environmentName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    private static long parseLong(String key, String value, String origin, long min, long max) {
        try {
            long parsed = Long.parseLong(value);
            if (parsed < min || parsed > max) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new WeftException(ErrorCode.INVALID_CONFIGURATION,
                    "%s = '%s' %s is not a whole number between %d and %d".formatted(key, value, origin, min, max));
        }
    }

    /** "512m", "2g", "64k", "1048576" (bytes). */
    public static long parseSize(String key, String value, String origin) {
        String text = value.trim().toLowerCase(Locale.ROOT);
        long multiplier = 1;
        if (!text.isEmpty()) {
            char unit = text.charAt(text.length() - 1);
            if (text.endsWith("b") && text.length() > 1 && Character.isLetter(text.charAt(text.length() - 2))) {
                text = text.substring(0, text.length() - 1);
                unit = text.charAt(text.length() - 1);
            }
            multiplier = switch (unit) {
                case 'k' -> 1L << 10;
                case 'm' -> 1L << 20;
                case 'g' -> 1L << 30;
                case 't' -> 1L << 40;
                default -> 1;
            };
            if (multiplier > 1) {
                text = text.substring(0, text.length() - 1);
            }
        }
        try {
            long number = Long.parseLong(text.trim());
            if (number <= 0 || number > Long.MAX_VALUE / multiplier) {
                throw new NumberFormatException();
            }
            return number * multiplier;
        } catch (NumberFormatException e) {
            throw new WeftException(ErrorCode.INVALID_CONFIGURATION,
                    "%s = '%s' %s is not a size; write it like 512m, 2g or a number of bytes".formatted(key, value, origin));
        }
    }

    /** Builds a configuration in code; {@link #build} checks it. */
    public static final class Builder {
        private String engine;
        private int parallelism;
        private long memoryBudget;
        private Path spillDirectory;
        private int batchSize;
        private HandOffs channel;
        private long flightMemory;

        private Builder(WeftConfig from) {
            this.engine = from.engine;
            this.parallelism = from.parallelism;
            this.memoryBudget = from.memoryBudget;
            this.spillDirectory = from.spillDirectory;
            this.batchSize = from.batchSize;
            this.channel = from.channel;
            this.flightMemory = from.flightMemory;
        }

        public Builder channel(HandOffs mode) {
            this.channel = requireNonNull(mode, "mode is null");
            return this;
        }

        public Builder flightMemory(long bytes) {
            this.flightMemory = bytes;
            return this;
        }

        public Builder engine(String name) {
            this.engine = requireNonNull(name, "name is null");
            return this;
        }

        public Builder parallelism(int value) {
            this.parallelism = value;
            return this;
        }

        public Builder memoryBudget(long bytes) {
            this.memoryBudget = bytes;
            return this;
        }

        public Builder spillDirectory(Path directory) {
            this.spillDirectory = requireNonNull(directory, "directory is null");
            return this;
        }

        public Builder batchSize(int rows) {
            this.batchSize = rows;
            return this;
        }

        public WeftConfig build() {
            try {
                return new WeftConfig(engine, parallelism, memoryBudget, spillDirectory, batchSize, channel, flightMemory);
            } catch (IllegalArgumentException e) {
                throw new WeftException(ErrorCode.INVALID_CONFIGURATION, "invalid configuration: " + e.getMessage(), e);
            }
        }
    }
}
