package dev.weft.api.spi;

import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;

/** What an engine gives a connector while a stage runs. */
public interface ConnectorContext {
    /** Allocator for the batches a reader returns (the caller owns and closes each). */
    BufferAllocator allocator();

    ExecutionSettings settings();

    /** The driver's {@code weft.*} properties (a connector reads its own, such as {@code weft.kafka.poll-timeout}). */
    Map<String, String> properties();

    boolean isCancelled();

    /**
     * Blocks until every batch this stage's readers have returned so far has been durably written by every sink of the
     * stage (each {@link ConnectorSink#flush()} returned, and no batch is still on its way between operators). A reader
     * that commits source positions (Kafka consumer offsets) calls this first: that is what makes the stage
     * at-least-once. Throws the sink's failure if a flush failed.
     */
    void awaitDurable();

    /** Counts a record the connector skipped (malformed, sent to a dead-letter sink), for the job's metrics. */
    void countSkipped(String reason, long records);
}
