package dev.weft.jdbc;

import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Loads Arrow batches into a table inside the connection's transaction: PostgreSQL's binary COPY ({@link CopyLoader})
 * or batched {@code INSERT ... VALUES (?, ...)} ({@link BatchInsertLoader}). Columns by position. Not thread-safe.
 */
public interface RowLoader extends AutoCloseable {
    /** Sends the batch's rows; does not take ownership. */
    void write(VectorSchemaRoot batch);

    /** Sends what is left; returns the rows the database stored. */
    long finish();

    /** Abandons an unfinished load (the caller rolls the transaction back). */
    @Override
    void close();
}
