package dev.weft.jdbc;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.plan.JdbcSink;
import dev.weft.api.plan.JdbcSource;
import dev.weft.api.plan.JdbcWriteMode;
import dev.weft.api.plan.LogicalOperator;
import dev.weft.api.plan.SinkOperator;
import dev.weft.api.plan.SourceOperator;
import dev.weft.api.spi.BatchReader;
import dev.weft.api.spi.Connector;
import dev.weft.api.spi.ConnectorContext;
import dev.weft.api.spi.ConnectorSink;
import dev.weft.api.spi.SourceStatistics;
import dev.weft.jdbc.sql.SqlGenerator;
import dev.weft.jdbc.sql.SqlQuery;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Reads a JdbcSource ({@code SELECT} of the table's columns, or the query, through a cursor) and writes a JdbcSink
 * (the dialect's bulk load: PostgreSQL's binary COPY, or batched INSERTs, in one transaction, committed by
 * {@link ConnectorSink#commit}) for engines that do not speak SQL, such as the Java engine. One split per source.
 */
public final class JdbcConnector implements Connector {
    @Override
    public String name() {
        return "jdbc";
    }

    @Override
    public Set<Class<? extends LogicalOperator>> operators() {
        return Set.of(JdbcSource.class, JdbcSink.class);
    }

    @Override
    public Optional<SourceStatistics> statistics(SourceOperator source) {
        return source instanceof JdbcSource jdbc ? JdbcStatistics.of(jdbc) : Optional.empty();
    }

    @Override
    public int splits(SourceOperator source, int parallelism, ConnectorContext context) {
        JdbcSource jdbc = jdbcSource(source);
        JdbcDialect dialect = JdbcDialects.of(jdbc.dataSource());
        try (Connection connection = JdbcConnections.open(jdbc.dataSource())) {
            dialect.forConnection(connection).schema(connection, jdbc.table(), jdbc.query()); // fails clearly if the relation is missing
            return 1;
        } catch (SQLException e) {
            throw JdbcErrors.connect(jdbc.dataSource(), e);
        }
    }

    @Override
    public BatchReader read(SourceOperator source, int split, int splits, ConnectorContext context) {
        JdbcSource jdbc = jdbcSource(source);
        if (split != 0 || splits != 1) {
            throw new IllegalArgumentException("a JDBC source has one split; got split %d of %d".formatted(split, splits));
        }
        JdbcDialect dialect = JdbcDialects.of(jdbc.dataSource());
        Connection connection = JdbcConnections.open(jdbc.dataSource());
        SqlQuery query = new SqlGenerator(dialect.forConnection(connection)).generate(jdbc);
        PreparedStatement statement = null;
        try {
            connection.setAutoCommit(false);
            statement = JdbcEngine.prepare(connection, query);
            statement.setFetchSize(jdbc.fetchSize());
            ResultSet resultSet = statement.executeQuery();
            return new CursorReader(connection, statement, resultSet, new ResultSetReader(resultSet, jdbc.schema(), query.text()), context);
        } catch (SQLException e) {
            JdbcConnections.close(statement);
            JdbcConnections.close(connection);
            throw JdbcErrors.statement("reading " + jdbc.info().describe() + " " + jdbc.relation(), query.text(), e);
        } catch (RuntimeException e) {
            JdbcConnections.close(statement);
            JdbcConnections.close(connection);
            throw e;
        }
    }

    @Override
    public ConnectorSink write(SinkOperator sink, ConnectorContext context) {
        if (!(sink instanceof JdbcSink jdbc)) {
            throw new IllegalArgumentException("the JDBC connector writes JdbcSinks, not " + sink.kind());
        }
        return new LoaderSink(jdbc);
    }

    private static JdbcSource jdbcSource(SourceOperator source) {
        if (source instanceof JdbcSource jdbc) {
            return jdbc;
        }
        throw new IllegalArgumentException("the JDBC connector reads JdbcSources, not " + source.kind());
    }

    /** A cursor over one connection; closing it ends the read-only transaction and the connection. */
    private static final class CursorReader implements BatchReader {
        private final Connection connection;
        private final Statement statement;
        private final ResultSet resultSet;
        private final ResultSetReader reader;
        private final ConnectorContext context;

        CursorReader(Connection connection, Statement statement, ResultSet resultSet, ResultSetReader reader, ConnectorContext context) {
            this.connection = connection;
            this.statement = statement;
            this.resultSet = resultSet;
            this.reader = reader;
            this.context = context;
        }

        @Override
        public VectorSchemaRoot next() {
            if (context.isCancelled()) {
                throw new WeftException(ErrorCode.JOB_CANCELLED, "reading from the database was cancelled");
            }
            return reader.next(context.allocator(), context.settings().batchSize());
        }

        @Override
        public void close() {
            JdbcConnections.close(resultSet);
            JdbcConnections.close(statement);
            JdbcConnections.rollback(connection);
            JdbcConnections.close(connection);
        }
    }

    /**
     * The dialect's bulk load into the table inside one transaction. Writes from several threads are serialized (one
     * load per connection); commit finishes the load and commits, abort rolls back: the table is as it was.
     */
    private static final class LoaderSink implements ConnectorSink {
        private final JdbcSink sink;
        private Connection connection;
        private JdbcDialect dialect;
        private RowLoader loader;
        private List<String> columns;
        private String table;

        LoaderSink(JdbcSink sink) {
            this.sink = sink;
        }

        private void begin() throws SQLException {
            if (connection == null) {
                JdbcDialect chosen = JdbcDialects.of(sink.dataSource());
                connection = JdbcConnections.open(sink.dataSource());
                connection.setAutoCommit(false);
                dialect = chosen.forConnection(connection);
                table = dialect.table(sink.table());
                columns = sink.input().schema().getFields().stream().map(f -> dialect.quote(f.getName())).toList();
                if (sink.mode() == JdbcWriteMode.OVERWRITE) {
                    try (Statement statement = connection.createStatement()) {
                        statement.executeUpdate("DELETE FROM " + table);
                    } catch (SQLException e) {
                        throw JdbcErrors.statement("emptying the table of " + sink.info().describe(), "DELETE FROM " + table, e);
                    }
                }
            }
            if (loader == null) {
                loader = dialect.loader(connection, table, columns);
            }
        }

        @Override
        public synchronized void write(VectorSchemaRoot batch) {
            try (VectorSchemaRoot owned = batch) {
                begin();
                loader.write(owned);
            } catch (SQLException e) {
                throw JdbcErrors.statement("writing " + sink.info().describe(), "COPY " + sink.table(), e);
            }
        }

        /** Ends the COPY and commits what was written so far (a later write starts a new transaction). */
        @Override
        public synchronized void flush() {
            try {
                begin();
                loader.finish();
                loader = null;
                connection.commit();
            } catch (SQLException e) {
                throw JdbcErrors.statement("committing " + sink.info().describe(), "COMMIT", e);
            }
        }

        @Override
        public synchronized void commit() {
            flush();
        }

        @Override
        public synchronized void abort() {
            if (loader != null) {
                loader.close();
                loader = null;
            }
            JdbcConnections.rollback(connection);
        }

        @Override
        public synchronized void close() {
            if (loader != null) {
                loader.close();
                loader = null;
            }
            JdbcConnections.rollback(connection);
            JdbcConnections.close(connection);
            connection = null;
        }
    }
}
