package dev.weft.api.function;

import java.io.Serializable;

/** Maps one element to zero or more, emitted to the {@link Emitter} (no intermediate collection is built). */
@FunctionalInterface
public interface FlatMapFunction<T, R> extends Serializable {
    void flatMap(T value, Emitter<R> out) throws Exception;
}
