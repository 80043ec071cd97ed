package dev.weft.api.function;

import java.io.Serializable;

/** Keeps the elements for which it returns true. */
@FunctionalInterface
public interface FilterFunction<T> extends Serializable {
    boolean test(T value) throws Exception;
}
