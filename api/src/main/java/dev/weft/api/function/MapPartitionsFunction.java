package dev.weft.api.function;

import java.io.Serializable;
import java.util.Iterator;

/** Maps a whole partition, lazily: read from the input iterator, return an iterator of outputs. */
@FunctionalInterface
public interface MapPartitionsFunction<T, R> extends Serializable {
    Iterator<R> mapPartition(Iterator<T> partition) throws Exception;
}
