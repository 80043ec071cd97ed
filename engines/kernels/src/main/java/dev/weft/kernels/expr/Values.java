package dev.weft.kernels.expr;

import static java.util.Objects.requireNonNull;

import org.apache.arrow.vector.FieldVector;

/**
 * The result of one evaluator for one batch: either a vector the evaluator created (owned, closed with this) or an
 * input column passed through (borrowed, left alone on close).
 */
final class Values implements AutoCloseable {
    private final FieldVector vector;
    private final boolean owned;

    private Values(FieldVector vector, boolean owned) {
        this.vector = requireNonNull(vector, "vector is null");
        this.owned = owned;
    }

    static Values owned(FieldVector vector) {
        return new Values(vector, true);
    }

    static Values borrowed(FieldVector vector) {
        return new Values(vector, false);
    }

    FieldVector vector() {
        return vector;
    }

    boolean isOwned() {
        return owned;
    }

    @Override
    public void close() {
        if (owned) {
            vector.close();
        }
    }
}
