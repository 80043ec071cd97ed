package dev.weft.jdbc;

import dev.weft.api.plan.JdbcSource;
import dev.weft.api.spi.SourceStatistics;
import dev.weft.jdbc.sql.SqlDialect;
import java.sql.Connection;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Everything the JDBC engine does differently per database: the SQL it writes ({@link SqlDialect}) and the statements
 * around it: the catalog (a relation's columns as Arrow fields), statistics for the optimizer, bulk loads and
 * temporary tables for stage inputs. {@link JdbcDialects} chooses one from the JDBC URL or the {@value
 * JdbcDialects#DIALECT_PROPERTY} property. Implementations: {@link PostgresJdbcDialect}, {@link GenericJdbcDialect}.
 */
public interface JdbcDialect extends SqlDialect {
    /** The dialect adjusted to what the connection's driver reports (the generic dialect's quote string); this by default. */
    default JdbcDialect forConnection(Connection connection) {
        return this;
    }

    /** The columns of {@code table} or of {@code query} (exactly one non-blank) as Arrow fields; the query is described, never run. */
    Schema schema(Connection connection, String table, String query);

    /** The Arrow field of column {@code column} (1-based) of a result, or a WeftException naming the column and its type. */
    Field field(ResultSetMetaData metaData, int column, String relation) throws SQLException;

    /** What the database knows of the source's size before it runs; empty when it knows nothing. */
    Optional<SourceStatistics> statistics(Connection connection, JdbcSource source) throws SQLException;

    /** A bulk load into the table's columns (quoted names), inside the connection's transaction. */
    RowLoader loader(Connection connection, String quotedTable, List<String> quotedColumns);

    /**
     * Creates a table for a stage input's rows, named after {@code baseName}, and returns its (unquoted) name. It is
     * dropped at commit or rollback when {@link #dropsTemporaryTablesAtCommit()}; otherwise the engine drops it after the
     * transaction ends. {@code owner} describes the stage input, for messages.
     */
    String createTemporaryTable(Connection connection, String baseName, Schema schema, String owner);

    boolean dropsTemporaryTablesAtCommit();

    /** Called after a stage input was loaded into its table (PostgreSQL analyzes it so that joins with it plan well). */
    void loaded(Connection connection, String table) throws SQLException;
}
