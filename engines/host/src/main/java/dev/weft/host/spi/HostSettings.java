package dev.weft.host.spi;

import static java.util.Objects.requireNonNull;

import dev.weft.api.spi.ExecutionSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a {@link HostStageRunner} is started with: its engine, the driver's {@code weft.<engine>.*} (and
 * {@code weft.jars}) properties, the execution settings, the host's work directory (scratch space of its own), the
 * class loader of the user's classes (jars added with add-jar included) and the user jars (to ship to a cluster).
 */
public record HostSettings(String engine, Map<String, String> properties, ExecutionSettings execution, Path workDirectory,
                           ClassLoader userClassLoader, List<Path> userJars) {
    public HostSettings {
        requireNonNull(engine, "engine is null");
        properties = Map.copyOf(requireNonNull(properties, "properties is null"));
        requireNonNull(execution, "execution is null");
        requireNonNull(workDirectory, "workDirectory is null");
        requireNonNull(userClassLoader, "userClassLoader is null");
        userJars = List.copyOf(requireNonNull(userJars, "userJars is null"));
    }

    /** One property, if set. */
    public Optional<String> property(String key) {
        return Optional.ofNullable(properties.get(key));
    }
}
