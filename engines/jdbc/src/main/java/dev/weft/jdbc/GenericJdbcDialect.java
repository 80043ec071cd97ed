package dev.weft.jdbc;

import dev.weft.api.WeftException;
import dev.weft.api.plan.JdbcSource;
import dev.weft.api.spi.SourceStatistics;
import dev.weft.jdbc.sql.AnsiDialect;
import dev.weft.jdbc.sql.Identifiers;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Any other database, through SQL:2008 ({@link AnsiDialect}) and {@link DatabaseMetaData}: a table's columns from
 * {@code getColumns} (names exactly as the catalog stores them: an unquoted {@code CREATE TABLE orders} is
 * {@code ORDERS} in H2), a query's by describing {@code SELECT * FROM (query) AS q WHERE 1 = 0}, mapped with
 * {@link GenericTypes}; no statistics (the optimizer then uses its defaults: the database is never asked to count);
 * batched {@code INSERT ... VALUES (?, ...)} loads ({@link BatchInsertLoader}); stage inputs in uniquely named regular
 * tables ({@code weft_tmp_<random>_<name>}), which the engine drops after the transaction ends, committed or not.
 * Cursor reads take the fetch size as given (autocommit is off, as for PostgreSQL).
 */
public final class GenericJdbcDialect extends AnsiDialect implements JdbcDialect {
    public GenericJdbcDialect() {
        super();
    }

    private GenericJdbcDialect(String quote) {
        super(quote);
    }

    @Override
    public JdbcDialect forConnection(Connection connection) {
        try {
            String quote = connection.getMetaData().getIdentifierQuoteString();
            return quote == null || quote.isBlank() || quote.equals("\"") ? this : new GenericJdbcDialect(quote.strip());
        } catch (SQLException e) {
            return this;
        }
    }

    @Override
    public Schema schema(Connection connection, String table, String query) {
        return table.isBlank() ? querySchema(connection, query) : tableSchema(connection, table);
    }

    private Schema tableSchema(Connection connection, String table) {
        String relation = "table " + table;
        List<String> parts = Identifiers.parts(table);
        String name = parts.get(parts.size() - 1);
        String schemaName = parts.size() > 1 ? parts.get(parts.size() - 2) : null;
        String catalog = parts.size() > 2 ? parts.get(parts.size() - 3) : null;
        try {
            DatabaseMetaData metaData = connection.getMetaData();
            String escape = metaData.getSearchStringEscape();
            List<Field> fields = new ArrayList<>();
            try (ResultSet columns = metaData.getColumns(catalog, schemaName == null ? null : escape(schemaName, escape), escape(name, escape), "%")) {
                String firstSchema = null;
                while (columns.next()) {
                    String owner = columns.getString("TABLE_SCHEM");
                    if (firstSchema == null) {
                        firstSchema = owner == null ? "" : owner;
                    } else if (!firstSchema.equals(owner == null ? "" : owner)) {
                        break; // the same name in several schemas: the first schema's table (qualify the name to choose)
                    }
                    fields.add(GenericTypes.field(columns.getString("COLUMN_NAME"), columns.getInt("DATA_TYPE"), columns.getString("TYPE_NAME"),
                            columns.getInt("COLUMN_SIZE"), columns.getInt("DECIMAL_DIGITS"), columns.getInt("NULLABLE") != DatabaseMetaData.columnNoNulls,
                            relation));
                }
            }
            if (fields.isEmpty()) {
                throw new WeftException(JdbcErrorCode.RELATION_MISSING, "%s does not exist in the database's catalog (DatabaseMetaData.getColumns found no columns); check the name: names are case-sensitive as the catalog stores them (H2 and others store unquoted names in upper case)"
                        .formatted(relation));
            }
            return new Schema(fields);
        } catch (SQLException e) {
            throw JdbcErrors.statement("reading the columns of " + relation, "DatabaseMetaData.getColumns", e);
        }
    }

    private Schema querySchema(Connection connection, String query) {
        String relation = "query (" + query + ")";
        String sql = "SELECT * FROM (%s) AS q WHERE 1 = 0".formatted(query);
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            ResultSetMetaData metaData = statement.getMetaData();
            if (metaData == null) {
                try (ResultSet empty = statement.executeQuery()) {
                    return fields(empty.getMetaData(), relation);
                }
            }
            return fields(metaData, relation);
        } catch (SQLException e) {
            throw JdbcErrors.statement("reading the columns of " + relation, sql, e);
        }
    }

    private Schema fields(ResultSetMetaData metaData, String relation) throws SQLException {
        List<Field> fields = new ArrayList<>();
        for (int i = 1; i <= metaData.getColumnCount(); i++) {
            fields.add(field(metaData, i, relation));
        }
        return new Schema(fields);
    }

    private static String escape(String pattern, String escape) {
        if (escape == null || escape.isEmpty()) {
            return pattern;
        }
        return pattern.replace(escape, escape + escape).replace("%", escape + "%").replace("_", escape + "_");
    }

    @Override
    public Field field(ResultSetMetaData metaData, int column, String relation) throws SQLException {
        return GenericTypes.field(metaData.getColumnLabel(column), metaData.getColumnType(column), metaData.getColumnTypeName(column),
                metaData.getPrecision(column), metaData.getScale(column), metaData.isNullable(column) != ResultSetMetaData.columnNoNulls, relation);
    }

    /** None: the generic dialect never counts rows to estimate them. */
    @Override
    public Optional<SourceStatistics> statistics(Connection connection, JdbcSource source) {
        return Optional.empty();
    }

    @Override
    public RowLoader loader(Connection connection, String quotedTable, List<String> quotedColumns) {
        return BatchInsertLoader.open(connection, quotedTable, quotedColumns);
    }

    @Override
    public String createTemporaryTable(Connection connection, String baseName, Schema schema, String owner) {
        String name = "weft_tmp_%s_%s".formatted(UUID.randomUUID().toString().replace("-", "").substring(0, 12), baseName);
        List<String> definitions = new ArrayList<>();
        for (Field field : schema.getFields()) {
            definitions.add(quote(field.getName()) + " " + sqlType(field.getType()));
        }
        String create = "CREATE TABLE %s (%s)".formatted(quote(name), String.join(", ", definitions));
        try (Statement statement = connection.createStatement()) {
            statement.execute(create);
        } catch (SQLException e) {
            throw JdbcErrors.statement("creating a table for " + owner, create, e);
        }
        return name;
    }

    @Override
    public boolean dropsTemporaryTablesAtCommit() {
        return false;
    }

    @Override
    public void loaded(Connection connection, String table) {
        // no portable ANALYZE
    }
}
