package dev.weft.api.function;

import java.io.Serializable;

/** Extracts a grouping or join key; keys are compared with equals/hashCode. */
@FunctionalInterface
public interface KeySelector<T, K> extends Serializable {
    K key(T value) throws Exception;
}
