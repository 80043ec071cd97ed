package dev.weft.flight.store;

import java.util.function.BooleanSupplier;
import org.apache.arrow.vector.VectorSchemaRoot;

/** The producer side of one partition; used by one thread at a time. */
public interface PartitionWriter extends AutoCloseable {
    /**
     * Stores the batch's rows (the store copies what it keeps into exactly sized buffers; the root stays owned by the
     * caller). Over budget: first spills (complete partitions first, then batches every attached reader has passed,
     * then partitions nobody is reading); if nothing can be spilled and a reader is attached and behind, WAITS until it
     * advances (back-pressure, checking {@code cancelled} every few ms: {@link StoreException.Kind#CANCELLED}); with
     * spill disabled: {@link StoreException.Kind#RESOURCE_EXHAUSTED} naming the budget and the stream.
     */
    void append(VectorSchemaRoot batch, BooleanSupplier cancelled);

    /** Ends the partition: readers get the end after the last batch. */
    void complete();

    /** Ends the partition as failed: readers get {@link StoreException.Kind#FAILED} with the reason, naming the stream. */
    void fail(String reason);

    /** {@code fail("producer went away")} unless completed or failed. */
    @Override
    void close();
}
