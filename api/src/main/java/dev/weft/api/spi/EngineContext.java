package dev.weft.api.spi;

import static java.util.Objects.requireNonNull;

import org.apache.arrow.memory.BufferAllocator;

/** What the driver gives an engine when it creates it: an allocator of its own and the execution settings. */
public record EngineContext(BufferAllocator allocator, ExecutionSettings settings) {
    public EngineContext {
        requireNonNull(allocator, "allocator is null");
        requireNonNull(settings, "settings is null");
    }
}
