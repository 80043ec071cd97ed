package dev.weft.engine.java.physical;

import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Receives the batches a kernel emits (sort, aggregate, join output) and passes them on, without ever throwing into
 * the kernel: a failure downstream is kept and the rest of the kernel's output is released; {@link #rethrow} raises
 * it once the kernel returned. Stops forwarding, likewise, once the downstream wants no more.
 */
final class DrainingConsumer implements Consumer<VectorSchemaRoot> {
    private final Function<VectorSchemaRoot, Boolean> downstream;
    private RuntimeException failure;
    private boolean stopped;

    /** {@code downstream} takes ownership of each batch and says whether it wants more. */
    DrainingConsumer(Function<VectorSchemaRoot, Boolean> downstream) {
        this.downstream = downstream;
    }

    @Override
    public void accept(VectorSchemaRoot batch) {
        if (failure != null || stopped) {
            batch.close();
            return;
        }
        try {
            if (!downstream.apply(batch)) {
                stopped = true;
            }
        } catch (RuntimeException e) {
            failure = e;
        }
    }

    boolean stopped() {
        return stopped;
    }

    void rethrow() {
        if (failure != null) {
            throw failure;
        }
    }
}
