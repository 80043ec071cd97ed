package dev.weft.adaptive;

import static java.util.Objects.requireNonNull;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.spi.ExecutionSettings;
import dev.weft.optimizer.OptimizerSettings;
import dev.weft.optimizer.cost.Squash;
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
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Typed driver configuration. Sources, later ones overriding earlier ones: defaults, a properties file, {@code WEFT_*}
 * environment variables ({@code weft.memory.budget} is {@code WEFT_MEMORY_BUDGET}), code. An unknown key is an error,
 * never a silently ignored setting.
 *
 * <ul>
 *   <li>{@code weft.engine}: {@code auto} (default: the optimizer places every operator on the engine that makes the job
 *       finish soonest, among the engines found and allowed by {@code weft.engines}) or an engine name (every operator
 *       on that engine)</li>
 *   <li>{@code weft.engines}: comma-separated engines the optimizer may use (default: every engine found)</li>
 *   <li>{@code weft.cost.profile}: a cost profile file written by {@code weft calibrate}; its profiles replace the
 *       engines' shipped ones (default {@code ~/.weft/cost-profile.json} when that file exists, else none; {@code none}
 *       to ignore it)</li>
 *   <li>{@code weft.cost.squash}: how cost intervals become one number when plans are compared:
 *       {@code geometric-mean} (default), {@code mean}, {@code lower}, {@code upper}</li>
 *   <li>{@code weft.parallelism}: partitions run at once (default: available processors)</li>
 *   <li>{@code weft.memory.budget}: operator state before spilling, e.g. {@code 512m}, {@code 2g} (default: a quarter of the max heap, at least 64m)</li>
 *   <li>{@code weft.spill.directory}: where spill files go (default: {@code java.io.tmpdir}/weft-spill)</li>
 *   <li>{@code weft.batch.size}: rows per Arrow batch (default 8192)</li>
 *   <li>{@code weft.channel}: stage hand-offs, {@code in-process} (default) or {@code flight} (every hand-off through an
 *       embedded Arrow Flight server, see {@link HandOffs})</li>
 *   <li>{@code weft.flight.memory}: memory budget of the embedded Flight server before it spills (default 256m)</li>
 *   <li>{@code weft.jars}: comma-separated jars with the user's classes, shipped to engine hosts (Spark, Flink) besides the
 *       driver's own classpath</li>
 *   <li>{@code weft.<engine>.*}: settings of one engine, passed to it untouched and checked by it: {@code weft.spark.master},
 *       {@code weft.spark.host}, {@code weft.flink.jobmanager}, {@code weft.flink.host}, {@code weft.<engine>.host.memory} ...
 *       (see each engine's provider); the engine name must be one Weft knows</li>
 * </ul>
 */
public record WeftConfig(String engine, int parallelism, long memoryBudget, Path spillDirectory, int batchSize, HandOffs channel,
                         long flightMemory, List<String> engines, Optional<Path> costProfile, Squash squash,
                         Map<String, String> engineProperties) {
    /** {@code weft.engine} value that lets the optimizer choose. */
    public static final String AUTO = "auto";
    public static final String ENGINE = "weft.engine";
    public static final String PARALLELISM = "weft.parallelism";
    public static final String MEMORY_BUDGET = "weft.memory.budget";
    public static final String SPILL_DIRECTORY = "weft.spill.directory";
    public static final String BATCH_SIZE = "weft.batch.size";
    public static final String CHANNEL = "weft.channel";
    public static final String FLIGHT_MEMORY = "weft.flight.memory";
    public static final String ENGINES = "weft.engines";
    public static final String COST_PROFILE = "weft.cost.profile";
    public static final String COST_SQUASH = "weft.cost.squash";
    public static final String JARS = "weft.jars";
    public static final List<String> KEYS = List.of(ENGINE, PARALLELISM, MEMORY_BUDGET, SPILL_DIRECTORY, BATCH_SIZE, CHANNEL, FLIGHT_MEMORY,
            ENGINES, COST_PROFILE, COST_SQUASH, JARS);
    /** The engines whose own settings ({@code weft.<engine>.*}) the driver passes through. */
    public static final List<String> ENGINE_PREFIXES = List.of("java", "spark", "flink", "jdbc", "kafka");

    /** Where {@code weft calibrate} writes by default, and where the driver looks when {@code weft.cost.profile} is not set. */
    public static Path defaultCostProfileFile() {
        return Path.of(System.getProperty("user.home"), ".weft", "cost-profile.json");
    }

    /** Environment variables with the WEFT_ prefix that belong to the launcher script, not to this configuration. */
    private static final Set<String> LAUNCHER_VARIABLES = Set.of("WEFT_JAVA_OPTS", "WEFT_HOME");

    public WeftConfig {
        requireNonNull(engine, "engine is null");
        requireNonNull(spillDirectory, "spillDirectory is null");
        requireNonNull(channel, "channel is null");
        engines = List.copyOf(requireNonNull(engines, "engines is null"));
        requireNonNull(costProfile, "costProfile is null");
        requireNonNull(squash, "squash is null");
        engineProperties = Map.copyOf(requireNonNull(engineProperties, "engineProperties is null"));
        if (engine.isBlank()) {
            throw new IllegalArgumentException("engine must be 'auto' or an engine name, got an empty name");
        }
        for (String name : engines) {
            if (!isEngineName(name)) {
                throw new IllegalArgumentException("engines must be engine names like java or spark, got '%s'".formatted(name));
            }
        }
        if (flightMemory <= 0) {
            throw new IllegalArgumentException("flightMemory must be positive, got " + flightMemory);
        }
        new ExecutionSettings(parallelism, memoryBudget, spillDirectory, batchSize);
    }

    public static WeftConfig defaults() {
        long maxHeap = Runtime.getRuntime().maxMemory();
        long budget = Math.max(64L << 20, maxHeap == Long.MAX_VALUE ? 512L << 20 : maxHeap / 4);
        Path calibrated = defaultCostProfileFile();
        return new WeftConfig(AUTO, Runtime.getRuntime().availableProcessors(), budget,
                Path.of(System.getProperty("java.io.tmpdir"), "weft-spill"), 8192, HandOffs.IN_PROCESS, 256L << 20, List.of(),
                Files.isRegularFile(calibrated) ? Optional.of(calibrated) : Optional.empty(), Squash.GEOMETRIC_MEAN, Map.of());
    }

    /** Whether every operator may go anywhere ({@code weft.engine=auto}) rather than on one named engine. */
    public boolean automatic() {
        return AUTO.equals(engine);
    }

    /**
     * The optimizer's settings: the allow-list is {@code weft.engines}, narrowed to the one engine when
     * {@code weft.engine} names one.
     */
    public OptimizerSettings optimizerSettings() {
        java.util.Set<String> allowed = automatic() ? new java.util.LinkedHashSet<>(engines) : java.util.Set.of(engine);
        return new OptimizerSettings(allowed, squash);
    }

    private static boolean isEngineName(String name) {
        return name.matches("[a-z][a-z0-9-]*");
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
            if (!KEYS.contains(key) && !isEngineKey(key)) {
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
                case ENGINE -> builder.engine(parseEngine(key, value, origin));
                case PARALLELISM -> builder.parallelism((int) parseLong(key, value, origin, 1, 4096));
                case MEMORY_BUDGET -> builder.memoryBudget(parseSize(key, value, origin));
                case SPILL_DIRECTORY -> builder.spillDirectory(Path.of(value));
                case BATCH_SIZE -> builder.batchSize((int) parseLong(key, value, origin, 1, 1 << 20));
                case CHANNEL -> builder.channel(HandOffs.parse(key, value, origin));
                case FLIGHT_MEMORY -> builder.flightMemory(parseSize(key, value, origin));
                case ENGINES -> builder.engines(parseEngines(key, value, origin));
                case COST_PROFILE -> builder.costProfile(parseCostProfile(key, value, origin));
                case COST_SQUASH -> builder.squash(parseSquash(key, value, origin));
                case JARS -> builder.engineProperty(key, parseJars(key, value, origin));
                default -> {
                    if (!isEngineKey(key)) {
                        throw new WeftException(ErrorCode.INVALID_CONFIGURATION,
                                "unknown configuration key '%s' %s; the keys are %s, and weft.<engine>.* for the engines %s"
                                        .formatted(key, origin, KEYS, ENGINE_PREFIXES));
                    }
                    builder.engineProperty(key, value);
                }
            }
        }
        return builder.build();
    }

    /** {@code weft.spark.master}: a key of one engine Weft knows, passed to that engine. */
    static boolean isEngineKey(String key) {
        for (String engine : ENGINE_PREFIXES) {
            String prefix = "weft." + engine + ".";
            if (key.startsWith(prefix) && key.length() > prefix.length()) {
                return true;
            }
        }
        return false;
    }

    /** The settings an engine receives: {@code weft.jars} and its own {@code weft.<engine>.*} keys. */
    public Map<String, String> engineProperties(String engineName) {
        Map<String, String> own = new java.util.TreeMap<>();
        for (Map.Entry<String, String> entry : engineProperties.entrySet()) {
            if (entry.getKey().equals(JARS) || entry.getKey().startsWith("weft." + engineName + ".")) {
                own.put(entry.getKey(), entry.getValue());
            }
        }
        return own;
    }

    /** Every jar must exist and be a file: a typo here would only show as a ClassNotFoundException in an engine host. */
    private static String parseJars(String key, String value, String origin) {
        List<String> jars = new java.util.ArrayList<>();
        for (String part : value.split(",", -1)) {
            String jar = part.trim();
            if (jar.isEmpty()) {
                throw new WeftException(ErrorCode.INVALID_CONFIGURATION, "%s = '%s' %s has an empty entry; write jar paths separated by commas"
                        .formatted(key, value, origin));
            }
            if (!Files.isRegularFile(Path.of(jar))) {
                throw new WeftException(ErrorCode.INVALID_CONFIGURATION, "%s = '%s' %s: no such file '%s'; give existing jar files"
                        .formatted(key, value, origin, jar));
            }
            jars.add(Path.of(jar).toAbsolutePath().toString());
        }
        return String.join(",", jars);
    }

    public static String environmentName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    private static String parseEngine(String key, String value, String origin) {
        String name = value.trim().toLowerCase(Locale.ROOT);
        if (!isEngineName(name)) {
            throw new WeftException(ErrorCode.INVALID_CONFIGURATION, "%s = '%s' %s is not an engine; use auto or an engine name like java"
                    .formatted(key, value, origin));
        }
        return name;
    }

    /** "java, spark" -> [java, spark]; empty entries or names with odd characters are errors. */
    static List<String> parseEngines(String key, String value, String origin) {
        List<String> names = new java.util.ArrayList<>();
        for (String part : value.split(",", -1)) {
            String name = part.trim().toLowerCase(Locale.ROOT);
            if (!isEngineName(name) || AUTO.equals(name)) {
                throw new WeftException(ErrorCode.INVALID_CONFIGURATION, ("%s = '%s' %s is not a list of engines: '%s' is not an engine name; "
                        + "write names separated by commas, like java,spark").formatted(key, value, origin, part.trim()));
            }
            if (!names.contains(name)) {
                names.add(name);
            }
        }
        return names;
    }

    private static Path parseCostProfile(String key, String value, String origin) {
        String text = value.trim();
        if (text.equalsIgnoreCase("none")) {
            return null;
        }
        if (text.isEmpty()) {
            throw new WeftException(ErrorCode.INVALID_CONFIGURATION, "%s %s is empty; give the path of a file 'weft calibrate' wrote, or none"
                    .formatted(key, origin));
        }
        Path file = Path.of(text.startsWith("~/") ? System.getProperty("user.home") + text.substring(1) : text);
        if (!Files.isRegularFile(file)) {
            throw new WeftException(ErrorCode.INVALID_CONFIGURATION, "%s = '%s' %s: no such file; run 'weft calibrate --output %s' or remove the setting"
                    .formatted(key, value, origin, file));
        }
        return file;
    }

    private static Squash parseSquash(String key, String value, String origin) {
        try {
            return Squash.parse(value, origin);
        } catch (WeftException e) {
            throw new WeftException(ErrorCode.INVALID_CONFIGURATION, "%s = '%s' %s is not a squash; use one of %s"
                    .formatted(key, value, origin, java.util.Arrays.stream(Squash.values()).map(Squash::text).toList()), e);
        }
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
        private List<String> engines;
        private Optional<Path> costProfile;
        private Squash squash;
        private final Map<String, String> engineProperties;

        private Builder(WeftConfig from) {
            this.engine = from.engine;
            this.parallelism = from.parallelism;
            this.memoryBudget = from.memoryBudget;
            this.spillDirectory = from.spillDirectory;
            this.batchSize = from.batchSize;
            this.channel = from.channel;
            this.flightMemory = from.flightMemory;
            this.engines = from.engines;
            this.costProfile = from.costProfile;
            this.squash = from.squash;
            this.engineProperties = new java.util.TreeMap<>(from.engineProperties);
        }

        /** A setting of one engine ({@code weft.spark.master}) or {@code weft.jars}; a null value removes it. */
        public Builder engineProperty(String key, String value) {
            requireNonNull(key, "key is null");
            if (!key.equals(JARS) && !isEngineKey(key)) {
                throw new WeftException(ErrorCode.INVALID_CONFIGURATION, "'%s' is not an engine setting; engine settings are weft.<engine>.* for %s, or %s"
                        .formatted(key, ENGINE_PREFIXES, JARS));
            }
            if (value == null) {
                engineProperties.remove(key);
            } else {
                engineProperties.put(key, value);
            }
            return this;
        }

        /** The engines the optimizer may use; empty: every engine found. */
        public Builder engines(List<String> names) {
            this.engines = List.copyOf(requireNonNull(names, "names is null"));
            return this;
        }

        /** A calibrated cost profile file; null: none (the engines' shipped profiles). */
        public Builder costProfile(Path file) {
            this.costProfile = Optional.ofNullable(file);
            return this;
        }

        public Builder squash(Squash value) {
            this.squash = requireNonNull(value, "value is null");
            return this;
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
                return new WeftConfig(engine, parallelism, memoryBudget, spillDirectory, batchSize, channel, flightMemory, engines,
                        costProfile, squash, engineProperties);
            } catch (IllegalArgumentException e) {
                throw new WeftException(ErrorCode.INVALID_CONFIGURATION, "invalid configuration: " + e.getMessage(), e);
            }
        }
    }
}
