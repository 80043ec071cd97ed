package dev.weft.api.function;

import java.io.Serializable;

/** Receives, per key, every left and every right element with that key (either side may be empty). */
@FunctionalInterface
public interface CoGroupFunction<K, L, R, O> extends Serializable {
    void coGroup(K key, Iterable<L> left, Iterable<R> right, Emitter<O> out) throws Exception;
}
