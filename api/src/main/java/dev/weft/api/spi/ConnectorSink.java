package dev.weft.api.spi;

import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * An open sink of a connector. {@link #write} takes ownership of the batch and is thread-safe. For a bounded stage the
 * engine calls {@link #commit} once after the last write (all or nothing: a database commits its transaction), or
 * {@link #abort} on failure or cancellation; then {@link #close}. An unbounded stage calls {@link #flush} whenever it
 * needs what was written so far to be durable.
 */
public interface ConnectorSink extends AutoCloseable {
    void write(VectorSchemaRoot batch);

    /** Makes everything written so far durable (Kafka: every record acknowledged; a database: committed). */
    void flush();

    void commit();

    /** Discards what was written and not yet flushed or committed; never throws. */
    void abort();

    @Override
    void close();
}
