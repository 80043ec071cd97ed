package dev.weft.api.spi;

import org.apache.arrow.vector.VectorSchemaRoot;

/** Reads one partition of a stage input, batch by batch; not thread-safe. */
public interface BatchReader extends AutoCloseable {
    /**
     * The next batch (the caller owns it and closes it), or null at the end of the partition. Blocks while the
     * producer has not written more; throws {@code WeftException(CHANNEL_FAILED)} naming the channel if the producer
     * failed or the channel broke: a partition is never silently cut short.
     */
    VectorSchemaRoot next();

    @Override
    void close();
}
