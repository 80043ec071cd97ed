package dev.weft.api.plan;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;

/** A loop's body: a sub-plan from a {@link LoopInput} to a result with the same element type. */
public record LoopBody(LoopInput start, LogicalOperator result) implements Serializable {
    public LoopBody {
        requireNonNull(start, "start is null");
        requireNonNull(result, "result is null");
    }
}
