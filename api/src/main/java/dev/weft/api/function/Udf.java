package dev.weft.api.function;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;

/** A user function with its hints: the opaque kind of logic in a plan. */
public record Udf<F extends Serializable>(F function, Hints hints) implements Serializable {
    public Udf {
        requireNonNull(function, "function is null");
        requireNonNull(hints, "hints is null");
    }

    public static <F extends Serializable> Udf<F> of(F function) {
        return new Udf<>(function, Hints.NONE);
    }
}
