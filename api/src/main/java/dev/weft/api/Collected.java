package dev.weft.api;

import static java.util.Objects.requireNonNull;

import dev.weft.api.plan.CollectSink;
import dev.weft.api.types.ElementType;

/** A handle on a collect sink: after the job finishes, ask the job for its elements with it. */
public record Collected<T>(CollectSink sink, ElementType<T> elementType) {
    public Collected {
        requireNonNull(sink, "sink is null");
        requireNonNull(elementType, "elementType is null");
    }
}
