package dev.weft.api.spi;

import dev.weft.api.plan.JdbcDataSource;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Reads a table's or a query's columns from the database and maps them to Arrow types, so that
 * {@code Pipeline.readJdbc} knows its schema when the pipeline is built. Found with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/dev.weft.api.spi.JdbcCatalog}); the JDBC engine module provides it.
 */
public interface JdbcCatalog {
    /** {@code table} or {@code query}: exactly one is non-blank. Throws WeftException naming the relation when it is missing. */
    Schema schema(JdbcDataSource dataSource, String table, String query);
}
