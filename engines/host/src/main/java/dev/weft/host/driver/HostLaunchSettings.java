package dev.weft.host.driver;

import static java.util.Objects.requireNonNull;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How to start one engine's host, from the driver's {@code weft.<engine>.*} properties:
 * {@code weft.<engine>.host.classpath} (else the engine module's {@code META-INF/weft/host/<engine>.classpath}),
 * {@code .host.java} (else java.home's), {@code .host.jvm-options}, {@code .host.memory} (-Xmx, default 2g),
 * {@code .host.start-timeout} (default 120s), {@code .host.heartbeat-timeout} (default 60s, 0 turns it off: a host that
 * answers no status check for that long while it runs a stage is given up, see {@link HostConnection}),
 * {@code .host.work-dir} (default a temp directory),
 * {@code .host.flight-memory} (the host's Flight store budget, default 512m) and {@code weft.jars}. The host also gets
 * the connectors' {@code weft.kafka.*} and {@code weft.jdbc.*} properties.
 */
public record HostLaunchSettings(String engine, Path java, List<String> jvmOptions, String memory, List<String> classpath,
                                 Duration startTimeout, Duration heartbeatTimeout, Optional<Path> workDirectory,
                                 long flightMemoryBytes, Map<String, String> hostProperties) {
    private static final List<String> CONNECTOR_PREFIXES = List.of("weft.kafka.", "weft.jdbc.");

    public static final String CLASSPATH_RESOURCE = "META-INF/weft/host/%s.classpath";

    public HostLaunchSettings {
        requireNonNull(engine, "engine is null");
        requireNonNull(java, "java is null");
        jvmOptions = List.copyOf(jvmOptions);
        requireNonNull(memory, "memory is null");
        classpath = List.copyOf(classpath);
        requireNonNull(startTimeout, "startTimeout is null");
        requireNonNull(heartbeatTimeout, "heartbeatTimeout is null");
        requireNonNull(workDirectory, "workDirectory is null");
        hostProperties = Map.copyOf(hostProperties);
    }

    /** The settings the properties give, with the engine's own JVM options after the JDK flags Arrow needs. */
    public static HostLaunchSettings of(String engine, Map<String, String> properties, List<String> engineJvmOptions, ClassLoader resources) {
        String prefix = "weft.%s.host.".formatted(engine);
        List<String> options = new ArrayList<>(jdkFlags());
        options.addAll(engineJvmOptions);
        Optional.ofNullable(properties.get(prefix + "jvm-options")).ifPresent(value -> options.addAll(split(value)));
        Path java = Optional.ofNullable(properties.get(prefix + "java")).map(Path::of)
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java"));
        String memory = properties.getOrDefault(prefix + "memory", "2g");
        Duration timeout = duration(prefix + "start-timeout", properties.getOrDefault(prefix + "start-timeout", "120s"));
        Duration heartbeat = duration(prefix + "heartbeat-timeout", properties.getOrDefault(prefix + "heartbeat-timeout", "60s"));
        long flightMemory = bytes(prefix + "flight-memory", properties.getOrDefault(prefix + "flight-memory", "512m"));
        Map<String, String> hostProperties = properties.entrySet().stream()
                .filter(entry -> forwarded(engine, entry.getKey()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        return new HostLaunchSettings(engine, java, options, memory, classpath(engine, properties, resources), timeout, heartbeat,
                Optional.ofNullable(properties.get(prefix + "work-dir")).map(Path::of), flightMemory, hostProperties);
    }

    /** The JDK flags Arrow needs on this JDK (the host runs the driver's JDK unless .host.java says otherwise). */
    public static List<String> jdkFlags() {
        List<String> flags = new ArrayList<>(List.of("--add-opens=java.base/java.nio=ALL-UNNAMED"));
        if (Runtime.version().feature() >= 24) {
            flags.add("--sun-misc-unsafe-memory-access=allow");
            flags.add("--enable-native-access=ALL-UNNAMED");
        }
        return flags;
    }

    /**
     * The engine's jars (the classpath resource the engine module writes at build time, or {@code .host.classpath}),
     * then the driver's own {@code java.class.path} (user classes, Weft modules), then {@code weft.jars}; duplicates dropped.
     */
    static List<String> classpath(String engine, Map<String, String> properties, ClassLoader resources) {
        LinkedHashSet<String> entries = new LinkedHashSet<>();
        String override = properties.get("weft.%s.host.classpath".formatted(engine));
        if (override != null) {
            entries.addAll(splitPath(override));
        } else {
            entries.addAll(splitPath(resource(CLASSPATH_RESOURCE.formatted(engine), resources)));
        }
        entries.addAll(splitPath(System.getProperty("java.class.path", "")));
        entries.addAll(splitPath(properties.getOrDefault("weft.jars", "").replace(',', File.pathSeparatorChar)));
        return List.copyOf(entries);
    }

    /**
     * The driver properties a host sees: its engine's, {@code weft.jars}, and the connectors' ({@code weft.kafka.*},
     * {@code weft.jdbc.*}), which hosts run too. Passwords are never properties: a JDBC data source names an environment
     * variable or a file.
     */
    static boolean forwarded(String engine, String key) {
        return key.startsWith("weft.%s.".formatted(engine)) || key.equals("weft.jars") || CONNECTOR_PREFIXES.stream().anyMatch(key::startsWith);
    }

    private static String resource(String name, ClassLoader loader) {
        try (InputStream in = loader.getResourceAsStream(name)) {
            if (in == null) {
                return "";
            }
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                return reader.lines().collect(Collectors.joining(File.pathSeparator));
            }
        } catch (IOException e) {
            throw new WeftException(ErrorCode.IO_ERROR, "cannot read the host classpath resource %s: %s".formatted(name, e.getMessage()), e);
        }
    }

    private static List<String> splitPath(String path) {
        List<String> entries = new ArrayList<>();
        for (String entry : path.split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                entries.add(Path.of(entry.strip()).toAbsolutePath().toString());
            }
        }
        return entries;
    }

    private static List<String> split(String options) {
        List<String> parts = new ArrayList<>();
        for (String part : options.strip().split("\\s+")) {
            if (!part.isEmpty()) {
                parts.add(part);
            }
        }
        return parts;
    }

    static Duration duration(String key, String value) {
        String text = value.strip().toLowerCase(Locale.ROOT);
        try {
            if (text.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2).strip()));
            }
            if (text.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1).strip()));
            }
            if (text.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(text.substring(0, text.length() - 1).strip()));
            }
            return Duration.ofSeconds(Long.parseLong(text));
        } catch (NumberFormatException e) {
            throw new WeftException(ErrorCode.INVALID_CONFIGURATION, "%s must be a duration such as 120s, 500ms or 2m, got '%s'".formatted(key, value));
        }
    }

    static long bytes(String key, String value) {
        String text = value.strip().toLowerCase(Locale.ROOT);
        long unit = 1;
        if (text.endsWith("k")) {
            unit = 1L << 10;
        } else if (text.endsWith("m")) {
            unit = 1L << 20;
        } else if (text.endsWith("g")) {
            unit = 1L << 30;
        }
        try {
            return Long.parseLong(unit == 1 ? text : text.substring(0, text.length() - 1).strip()) * unit;
        } catch (NumberFormatException e) {
            throw new WeftException(ErrorCode.INVALID_CONFIGURATION, "%s must be a size such as 512m or 2g, got '%s'".formatted(key, value));
        }
    }
}
