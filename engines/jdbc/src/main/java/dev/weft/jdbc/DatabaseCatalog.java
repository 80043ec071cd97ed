package dev.weft.jdbc;

import dev.weft.api.plan.JdbcDataSource;
import dev.weft.api.spi.JdbcCatalog;
import java.sql.Connection;
import java.sql.SQLException;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Reads a table's or query's columns through the data source's {@link JdbcDialect}: PostgreSQL describes
 * {@code SELECT ... WHERE false} and maps with {@link PgTypes}; the generic dialect reads
 * {@code DatabaseMetaData.getColumns} (a query: describes it) and maps with {@link GenericTypes}.
 */
public final class DatabaseCatalog implements JdbcCatalog {
    @Override
    public Schema schema(JdbcDataSource dataSource, String table, String query) {
        if (table.isBlank() == query.isBlank()) {
            throw new IllegalArgumentException("give a table or a query, exactly one of them; got table '%s' and query '%s'".formatted(table, query));
        }
        JdbcDialect dialect = JdbcDialects.of(dataSource);
        try (Connection connection = JdbcConnections.open(dataSource)) {
            return dialect.forConnection(connection).schema(connection, table, query);
        } catch (SQLException e) {
            throw JdbcErrors.connect(dataSource, e);
        }
    }
}
