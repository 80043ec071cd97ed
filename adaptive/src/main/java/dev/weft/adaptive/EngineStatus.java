package dev.weft.adaptive;

import static java.util.Objects.requireNonNull;

/**
 * What {@code weft engines} shows of one engine: its artifact, where it would run (in the driver JVM, or an engine host
 * and its master/cluster), whether it is warm (started and still running in this driver), and whether the configuration
 * lets the optimizer use it.
 */
public record EngineStatus(String name, String artifact, String location, boolean warm, boolean allowed) {
    public EngineStatus {
        requireNonNull(name, "name is null");
        requireNonNull(artifact, "artifact is null");
        requireNonNull(location, "location is null");
    }
}
