package dev.weft.jdbc;

import dev.weft.api.WeftException;
import dev.weft.api.plan.JdbcSource;
import dev.weft.api.spi.SourceStatistics;
import dev.weft.jdbc.sql.PostgresDialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * PostgreSQL: columns by preparing {@code SELECT ... WHERE false} (described, never run) mapped with {@link PgTypes};
 * statistics from pg_class, pg_stats and EXPLAIN ({@link JdbcStatistics}); binary COPY loads ({@link CopyLoader});
 * {@code CREATE TEMPORARY TABLE ... ON COMMIT DROP} analyzed after loading.
 */
public final class PostgresJdbcDialect extends PostgresDialect implements JdbcDialect {
    @Override
    public Schema schema(Connection connection, String table, String query) {
        String relation = table.isBlank() ? "query (" + query + ")" : "table " + table;
        String sql = table.isBlank() ? "SELECT * FROM (%s) AS q WHERE false".formatted(query) : "SELECT * FROM %s WHERE false".formatted(table(table));
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            ResultSetMetaData metaData = statement.getMetaData();
            if (metaData == null) {
                throw new WeftException(JdbcErrorCode.SQL_FAILED, "%s returns no rows (is it a query?); SQL: %s".formatted(relation, sql));
            }
            List<Field> fields = new ArrayList<>();
            for (int i = 1; i <= metaData.getColumnCount(); i++) {
                fields.add(field(metaData, i, relation));
            }
            return new Schema(fields);
        } catch (SQLException e) {
            throw JdbcErrors.statement("reading the columns of " + relation, sql, e);
        }
    }

    @Override
    public Field field(ResultSetMetaData metaData, int column, String relation) throws SQLException {
        return PgTypes.field(metaData, column, relation);
    }

    @Override
    public Optional<SourceStatistics> statistics(Connection connection, JdbcSource source) throws SQLException {
        return Optional.of(JdbcStatistics.postgres(connection, source));
    }

    @Override
    public RowLoader loader(Connection connection, String quotedTable, List<String> quotedColumns) {
        return CopyLoader.open(connection, quotedTable, quotedColumns, CopyLoader.columnTypes(connection, quotedTable, quotedColumns));
    }

    @Override
    public String createTemporaryTable(Connection connection, String baseName, Schema schema, String owner) {
        List<String> definitions = new ArrayList<>();
        for (Field field : schema.getFields()) {
            definitions.add(quote(field.getName()) + " " + sqlType(field.getType()));
        }
        String create = "CREATE TEMPORARY TABLE %s (%s) ON COMMIT DROP".formatted(quote(baseName), String.join(", ", definitions));
        try (Statement statement = connection.createStatement()) {
            statement.execute(create);
        } catch (SQLException e) {
            throw JdbcErrors.statement("creating a temporary table for " + owner, create, e);
        }
        return baseName;
    }

    @Override
    public boolean dropsTemporaryTablesAtCommit() {
        return true;
    }

    @Override
    public void loaded(Connection connection, String table) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("ANALYZE " + quote(table));
        }
    }
}
