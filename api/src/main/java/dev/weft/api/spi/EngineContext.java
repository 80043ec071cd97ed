package dev.weft.api.spi;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;

/**
 * What the driver gives an engine when it creates it: an allocator of its own, the execution settings, and the
 * driver's configuration properties ({@code weft.*} keys: an engine reads its own, such as {@code weft.spark.master}).
 */
public record EngineContext(BufferAllocator allocator, ExecutionSettings settings, Map<String, String> properties) {
    public EngineContext {
        requireNonNull(allocator, "allocator is null");
        requireNonNull(settings, "settings is null");
        properties = Map.copyOf(requireNonNull(properties, "properties is null"));
    }

    /** A context without configuration properties. */
    public EngineContext(BufferAllocator allocator, ExecutionSettings settings) {
        this(allocator, settings, Map.of());
    }

    /** One configuration property, if set. */
    public Optional<String> property(String key) {
        return Optional.ofNullable(properties.get(key));
    }
}
