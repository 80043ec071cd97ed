package dev.weft.api.function;

import java.io.Serializable;

/** Maps one element to one element. Runs row at a time; may throw, which fails the job with the operator named. */
@FunctionalInterface
public interface MapFunction<T, R> extends Serializable {
    R map(T value) throws Exception;
}
