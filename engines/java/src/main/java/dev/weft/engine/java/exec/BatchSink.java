package dev.weft.engine.java.exec;

import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Receives the batches of one partition, pushed by the operator below it in a fused pipeline: {@link #accept} for
 * every batch, then {@link #finish} once at the end of the partition. Not thread-safe: one partition, one thread.
 */
public interface BatchSink {
    /**
     * Takes ownership of the batch, also when it throws. Returns false when the sink wants no more batches (a limit
     * was reached); the producer then stops and calls {@link #finish}.
     */
    boolean accept(VectorSchemaRoot batch);

    /** The partition is complete: flush anything buffered downstream. Not called after a failure. */
    void finish();
}
