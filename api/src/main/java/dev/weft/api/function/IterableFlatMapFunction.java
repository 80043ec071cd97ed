package dev.weft.api.function;

import java.io.Serializable;

/** Maps one element to an iterable of elements, as in Spark's {@code flatMap}. */
@FunctionalInterface
public interface IterableFlatMapFunction<T, R> extends Serializable {
    Iterable<R> apply(T value) throws Exception;
}
