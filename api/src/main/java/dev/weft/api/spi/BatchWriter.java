package dev.weft.api.spi;

import org.apache.arrow.vector.VectorSchemaRoot;

/** Receives Arrow batches. {@link #write} takes ownership: the writer closes the batch, the caller never touches it again. */
public interface BatchWriter {
    /** Thread-safe. */
    void write(VectorSchemaRoot batch);
}
