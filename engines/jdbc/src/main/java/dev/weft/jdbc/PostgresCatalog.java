package dev.weft.jdbc;

import dev.weft.api.WeftException;
import dev.weft.api.plan.JdbcDataSource;
import dev.weft.api.spi.JdbcCatalog;
import dev.weft.jdbc.sql.Identifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/** Reads a table's or query's columns by preparing {@code SELECT ... WHERE false} (described, never run) and maps them with {@link PgTypes}. */
public final class PostgresCatalog implements JdbcCatalog {
    @Override
    public Schema schema(JdbcDataSource dataSource, String table, String query) {
        if (table.isBlank() == query.isBlank()) {
            throw new IllegalArgumentException("give a table or a query, exactly one of them; got table '%s' and query '%s'".formatted(table, query));
        }
        try (Connection connection = JdbcConnections.open(dataSource)) {
            return schema(connection, table, query);
        } catch (SQLException e) {
            throw JdbcErrors.connect(dataSource, e);
        }
    }

    static Schema schema(Connection connection, String table, String query) {
        String relation = table.isBlank() ? "query (" + query + ")" : "table " + table;
        String sql = table.isBlank() ? "SELECT * FROM (%s) AS q WHERE false".formatted(query) : "SELECT * FROM %s WHERE false".formatted(Identifiers.table(table));
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            ResultSetMetaData metaData = statement.getMetaData();
            if (metaData == null) {
                throw new WeftException(JdbcErrorCode.SQL_FAILED, "%s returns no rows (is it a query?); SQL: %s".formatted(relation, sql));
            }
            List<Field> fields = new ArrayList<>();
            for (int i = 1; i <= metaData.getColumnCount(); i++) {
                fields.add(PgTypes.field(metaData, i, relation));
            }
            return new Schema(fields);
        } catch (SQLException e) {
            throw JdbcErrors.statement("reading the columns of " + relation, sql, e);
        }
    }
}
