package dev.weft.api.function;

import java.io.Serializable;

/** Combines two elements into one; must be associative and commutative (it runs in any order, in parallel). */
@FunctionalInterface
public interface ReduceFunction<T> extends Serializable {
    T reduce(T left, T right) throws Exception;
}
