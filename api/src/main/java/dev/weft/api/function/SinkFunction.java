package dev.weft.api.function;

import java.io.Serializable;

/**
 * Receives every element of a dataset. Called from engine threads, possibly from several at once:
 * the function must be thread-safe.
 */
@FunctionalInterface
public interface SinkFunction<T> extends Serializable {
    void accept(T value) throws Exception;
}
