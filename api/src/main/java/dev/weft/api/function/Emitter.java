package dev.weft.api.function;

/** Receives the elements a function produces. */
@FunctionalInterface
public interface Emitter<T> {
    void emit(T value);
}
