package dev.weft.kernels.ops;

import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A pull-based stream of batches in sorted order (the output of an {@link ExternalSorter}, one input of a
 * {@link SortedStreamMerger}). Not thread-safe: one reader.
 */
public interface SortedBatchStream extends AutoCloseable {
    /** The next batch (the caller owns it), or null at the end of the stream. */
    VectorSchemaRoot next();

    /** Releases whatever the stream still holds; closing twice does nothing. */
    @Override
    void close();
}
