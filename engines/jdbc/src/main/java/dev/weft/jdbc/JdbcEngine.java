package dev.weft.jdbc;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.plan.AggregateOperator;
import dev.weft.api.plan.CartesianOperator;
import dev.weft.api.plan.CollectSink;
import dev.weft.api.plan.CountOperator;
import dev.weft.api.plan.DistinctOperator;
import dev.weft.api.plan.FilterOperator;
import dev.weft.api.plan.IntersectOperator;
import dev.weft.api.plan.JdbcDataSource;
import dev.weft.api.plan.JdbcSink;
import dev.weft.api.plan.JdbcSource;
import dev.weft.api.plan.JdbcWriteMode;
import dev.weft.api.plan.JoinOperator;
import dev.weft.api.plan.LimitOperator;
import dev.weft.api.plan.LogicalOperator;
import dev.weft.api.plan.MapOperator;
import dev.weft.api.plan.ProjectOperator;
import dev.weft.api.plan.SinkOperator;
import dev.weft.api.plan.SortOperator;
import dev.weft.api.plan.StageInputSource;
import dev.weft.api.plan.StageOutputSink;
import dev.weft.api.plan.TopKOperator;
import dev.weft.api.plan.UnionOperator;
import dev.weft.api.spi.BatchReader;
import dev.weft.api.spi.BatchWriter;
import dev.weft.api.spi.Engine;
import dev.weft.api.spi.EngineCapabilities;
import dev.weft.api.spi.EngineContext;
import dev.weft.api.spi.OperatorMetrics;
import dev.weft.api.spi.Stage;
import dev.weft.api.spi.StageContext;
import dev.weft.api.spi.StageInput;
import dev.weft.api.spi.StageOutput;
import dev.weft.jdbc.sql.SqlGenerator;
import dev.weft.jdbc.sql.SqlQuery;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JDBC engine (PostgreSQL first, any JDBC database through SQL:2008 second): runs a stage (a DAG of declarative
 * operators over JdbcSources of one database) as one SQL query per sink on one connection in one transaction. Stage
 * inputs shipped in from other engines are loaded into temporary tables first (PostgreSQL: binary COPY, then ANALYZE;
 * generic: batched INSERTs into uniquely named tables dropped when the stage ends); results stream back through a
 * cursor in Arrow batches; a JdbcSink is {@code INSERT INTO ... SELECT} (or a bulk load when its input is a stage input),
 * so a failed stage leaves the table as it was.
 *
 * <p>The dialect ({@link JdbcDialect}) comes from the JDBC URL ({@code jdbc:postgresql:} is PostgreSQL, anything else
 * generic) unless the data source property {@value JdbcDialects#DIALECT_PROPERTY} ({@code postgresql} or
 * {@code generic}) forces one; for a stage without a JDBC source or sink, the engine property of the same name does.
 *
 * <p>A lambda is never pushed, unless it declares an SQL equivalent ({@code Hints.sql}): a filter's hint is a
 * condition ({@code WHERE (<hint>)}), a map's a select list producing the output columns in order ({@code SELECT <hint>
 * FROM ...}). Hints are the pipeline author's SQL, inserted verbatim like Spark's {@code expr()}: never build one from
 * untrusted input. Before the stage's statements run, each hinted operator's query is described ({@code WHERE 1 = 0}):
 * SQL the database rejects, or a map whose columns (count, names, types) differ from its output schema, fails with
 * {@link JdbcErrorCode#BAD_SQL_HINT} naming the operator and the hint.
 */
public final class JdbcEngine implements Engine {
    public static final String NAME = "jdbc";
    public static final EngineCapabilities CAPABILITIES = new EngineCapabilities(Set.of(JdbcSource.class, FilterOperator.class,
            ProjectOperator.class, AggregateOperator.class, JoinOperator.class, SortOperator.class, TopKOperator.class,
            LimitOperator.class, DistinctOperator.class, UnionOperator.class, CountOperator.class, JdbcSink.class,
            StageInputSource.class, StageOutputSink.class, CollectSink.class, MapOperator.class, IntersectOperator.class,
            CartesianOperator.class), true, false, false, Set.of(), true);
    /** Driver properties for a stage that reads only stage inputs and has no JdbcSource or JdbcSink to name a database. */
    public static final String URL_PROPERTY = "weft.jdbc.url";
    public static final String USER_PROPERTY = "weft.jdbc.user";
    public static final String PASSWORD_ENV_PROPERTY = "weft.jdbc.password-env";

    private static final Logger LOG = LoggerFactory.getLogger(JdbcEngine.class);

    private final EngineContext engineContext;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "jdbc-engine-cancel");
        thread.setDaemon(true);
        return thread;
    });

    public JdbcEngine(EngineContext engineContext) {
        this.engineContext = engineContext;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public EngineCapabilities capabilities() {
        return CAPABILITIES;
    }

    @Override
    public void execute(Stage stage, StageContext context) {
        List<LogicalOperator> operators = stage.operators();
        for (LogicalOperator operator : operators) {
            if (!CAPABILITIES.supports(operator) || !(operator instanceof SinkOperator) && !SqlGenerator.supports(operator)) {
                throw new WeftException(JdbcErrorCode.NOT_PUSHABLE, "%s (%s) cannot run in the database: the JDBC engine runs declarative operators, and lambdas only with an SQL hint (Hints.sql); place it on another engine"
                        .formatted(operator.info().describe(), operator.kind()));
            }
        }
        JdbcDataSource dataSource = dataSource(stage, operators);
        JdbcDialect chosen = JdbcDialects.of(dataSource); // an unknown dialect fails before connecting
        Connection connection = JdbcConnections.open(dataSource);
        JdbcDialect dialect = chosen.forConnection(connection);
        StatementCanceller canceller = new StatementCanceller(context, scheduler);
        Map<StageInputSource, String> tables = new HashMap<>();
        try {
            connection.setAutoCommit(false);
            loadStageInputs(stage, operators, connection, context, dialect, tables);
            SqlGenerator generator = new SqlGenerator(dialect, source -> tables.get(source));
            SqlHintCheck.check(operators, generator, dialect, connection);
            int fetchSize = fetchSize(operators);
            for (SinkOperator sink : stage.sinks()) {
                checkCancelled(context, sink);
                long started = System.nanoTime();
                long rows = runSink(sink, generator, tables, connection, context, fetchSize, canceller, dialect);
                OperatorMetrics metrics = context.metrics(sink);
                metrics.addRows(rows);
                metrics.addNanos(System.nanoTime() - started);
            }
            connection.commit();
        } catch (SQLException e) {
            JdbcConnections.rollback(connection);
            throw JdbcErrors.statement("running stage " + stage.id(), "COMMIT", e);
        } catch (RuntimeException e) {
            JdbcConnections.rollback(connection);
            if (canceller.cancelled() || context.isCancelled()) {
                throw new WeftException(ErrorCode.JOB_CANCELLED, "stage %s on the JDBC engine was cancelled; its transaction was rolled back".formatted(stage.id()), e);
            }
            throw e;
        } finally {
            canceller.close();
            if (!dialect.dropsTemporaryTablesAtCommit()) {
                dropTables(connection, dialect, tables.values());
            }
            JdbcConnections.close(connection);
        }
    }

    /** Drops the stage input tables of a dialect without temporary tables, after the transaction ended either way. */
    private static void dropTables(Connection connection, JdbcDialect dialect, Iterable<String> tables) {
        for (String table : tables) {
            String drop = "DROP TABLE " + dialect.quote(table);
            try (Statement statement = connection.createStatement()) {
                statement.execute(drop);
                if (!connection.getAutoCommit()) {
                    connection.commit();
                }
            } catch (SQLException e) {
                JdbcConnections.rollback(connection); // the table went with a rolled-back transaction, or the connection broke
                LOG.debug("{} failed: {}", drop, e.getMessage());
            }
        }
    }

    private long runSink(SinkOperator sink, SqlGenerator generator, Map<StageInputSource, String> tables, Connection connection,
                         StageContext context, int fetchSize, StatementCanceller canceller, JdbcDialect dialect) throws SQLException {
        if (sink instanceof JdbcSink jdbcSink) {
            return write(jdbcSink, generator, tables, connection, context, canceller, dialect);
        }
        LogicalOperator input = sink.inputs().get(0);
        SqlQuery query = generator.generate(input);
        LOG.debug("{}: {}", sink.info().describe(), query);
        Writer writer;
        if (sink instanceof CollectSink collect) {
            BatchWriter collectWriter = context.collectWriter(collect);
            writer = (batch, n) -> collectWriter.write(batch);
        } else {
            StageOutput output = context.output((StageOutputSink) sink);
            writer = (batch, n) -> output.partition((int) (n % output.partitions())).write(batch);
        }
        return stream(query, input, connection, context, fetchSize, writer, sink, canceller);
    }

    @FunctionalInterface
    private interface Writer {
        void write(VectorSchemaRoot batch, long sequence);
    }

    private long stream(SqlQuery query, LogicalOperator input, Connection connection, StageContext context, int fetchSize,
                        Writer writer, SinkOperator sink, StatementCanceller canceller) {
        try (PreparedStatement statement = prepare(connection, query)) {
            statement.setFetchSize(fetchSize);
            canceller.running(statement);
            try (ResultSet resultSet = statement.executeQuery()) {
                ResultSetReader reader = new ResultSetReader(resultSet, input.schema(), query.text());
                long sequence = 0;
                VectorSchemaRoot batch;
                while ((batch = reader.next(context.allocator(), context.settings().batchSize())) != null) {
                    if (context.isCancelled()) {
                        batch.close();
                        checkCancelled(context, sink);
                    }
                    writer.write(batch, sequence++);
                }
                return reader.rows();
            }
        } catch (SQLException e) {
            throw JdbcErrors.statement("running " + sink.info().describe(), query.text(), e);
        }
    }

    static PreparedStatement prepare(Connection connection, SqlQuery query) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(query.text(), ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
        try {
            for (int i = 0; i < query.parameters().size(); i++) {
                statement.setObject(i + 1, query.parameters().get(i));
            }
            return statement;
        } catch (SQLException e) {
            statement.close();
            throw e;
        }
    }

    private long write(JdbcSink sink, SqlGenerator generator, Map<StageInputSource, String> tables, Connection connection,
                       StageContext context, StatementCanceller canceller, JdbcDialect dialect) throws SQLException {
        String table = dialect.table(sink.table());
        List<String> columns = sink.input().schema().getFields().stream().map(f -> dialect.quote(f.getName())).toList();
        if (sink.mode() == JdbcWriteMode.OVERWRITE) {
            String delete = "DELETE FROM " + table;
            try (Statement statement = connection.createStatement()) {
                statement.executeUpdate(delete);
            } catch (SQLException e) {
                throw JdbcErrors.statement("emptying the table of " + sink.info().describe(), delete, e);
            }
        }
        if (sink.input() instanceof StageInputSource input && !tables.containsKey(input)) {
            try (RowLoader loader = dialect.loader(connection, table, columns)) {
                copyPartitions(context.input(input), loader, context, sink);
                return loader.finish();
            }
        }
        SqlQuery select = generator.generate(sink.input());
        SqlQuery insert = SqlQuery.builder().append("INSERT INTO %s (%s) ".formatted(table, String.join(", ", columns))).append(select).build();
        LOG.debug("{}: {}", sink.info().describe(), insert);
        try (PreparedStatement statement = prepare(connection, insert)) {
            canceller.running(statement);
            return statement.executeLargeUpdate();
        } catch (SQLException e) {
            throw JdbcErrors.statement("writing " + sink.info().describe(), insert.text(), e);
        }
    }

    /** Loads each stage input (except one only a JdbcSink reads) into a table of its own, recorded in {@code tables}. */
    private void loadStageInputs(Stage stage, List<LogicalOperator> operators, Connection connection, StageContext context,
                                 JdbcDialect dialect, Map<StageInputSource, String> tables) throws SQLException {
        Map<StageInputSource, List<LogicalOperator>> consumers = new LinkedHashMap<>();
        for (LogicalOperator operator : operators) {
            for (LogicalOperator input : operator.inputs()) {
                if (input instanceof StageInputSource source) {
                    consumers.computeIfAbsent(source, s -> new ArrayList<>()).add(operator);
                }
            }
        }
        int index = 0;
        for (Map.Entry<StageInputSource, List<LogicalOperator>> entry : consumers.entrySet()) {
            List<LogicalOperator> users = entry.getValue();
            if (users.size() == 1 && users.get(0) instanceof JdbcSink) {
                continue; // copied straight into the sink's table
            }
            StageInputSource source = entry.getKey();
            String baseName = "weft_%s_in_%d".formatted(stage.id().replaceAll("[^A-Za-z0-9_]", "_"), index++);
            List<String> columns = new ArrayList<>();
            for (Field field : source.schema().getFields()) {
                columns.add(dialect.quote(field.getName()));
            }
            String name = dialect.createTemporaryTable(connection, baseName, source.schema(), source.info().describe());
            tables.put(source, name);
            long started = System.nanoTime();
            long rows;
            try (RowLoader loader = dialect.loader(connection, dialect.quote(name), columns)) {
                copyPartitions(context.input(source), loader, context, source);
                rows = loader.finish();
            }
            dialect.loaded(connection, name);
            OperatorMetrics metrics = context.metrics(source);
            metrics.addRows(rows);
            metrics.addNanos(System.nanoTime() - started);
            LOG.debug("{}: {} rows loaded into temporary table {}", source.info().describe(), rows, name);
        }
    }

    private static void copyPartitions(StageInput input, RowLoader loader, StageContext context, LogicalOperator operator) {
        for (int partition = 0; partition < input.partitions(); partition++) {
            try (BatchReader reader = input.open(partition)) {
                VectorSchemaRoot batch;
                while ((batch = reader.next()) != null) {
                    try (VectorSchemaRoot owned = batch) {
                        checkCancelled(context, operator);
                        loader.write(owned);
                    }
                }
            }
        }
    }

    private JdbcDataSource dataSource(Stage stage, List<LogicalOperator> operators) {
        JdbcDataSource found = null;
        for (LogicalOperator operator : operators) {
            JdbcDataSource dataSource = operator instanceof JdbcSource source ? source.dataSource()
                    : operator instanceof JdbcSink sink ? sink.dataSource() : null;
            if (dataSource == null) {
                continue;
            }
            if (found != null && !found.url().equals(dataSource.url())) {
                throw new WeftException(JdbcErrorCode.NOT_PUSHABLE, "stage %s reads or writes two databases (%s and %s) but runs as SQL on one connection; %s must run on another engine"
                        .formatted(stage.id(), found, dataSource, operator.info().describe()));
            }
            if (found == null) {
                found = dataSource;
            }
        }
        if (found != null) {
            return withEngineDialect(found);
        }
        String url = engineContext.property(URL_PROPERTY).orElseThrow(() -> new WeftException(JdbcErrorCode.NOT_PUSHABLE,
                "stage %s has no JDBC source or sink to name its database; set %s (and %s, %s) to let the JDBC engine run it".formatted(
                        stage.id(), URL_PROPERTY, USER_PROPERTY, PASSWORD_ENV_PROPERTY)));
        JdbcDataSource dataSource = JdbcDataSource.of(url).withUser(engineContext.property(USER_PROPERTY).orElse(""));
        dataSource = engineContext.property(PASSWORD_ENV_PROPERTY).map(dataSource::passwordFromEnv).orElse(dataSource);
        return withEngineDialect(dataSource);
    }

    /** The engine property {@value JdbcDialects#DIALECT_PROPERTY} applies when the data source does not name a dialect. */
    private JdbcDataSource withEngineDialect(JdbcDataSource dataSource) {
        if (dataSource.properties().containsKey(JdbcDialects.DIALECT_PROPERTY)) {
            return dataSource;
        }
        return engineContext.property(JdbcDialects.DIALECT_PROPERTY).map(name -> dataSource.withProperty(JdbcDialects.DIALECT_PROPERTY, name)).orElse(dataSource);
    }

    private static int fetchSize(List<LogicalOperator> operators) {
        return operators.stream().filter(JdbcSource.class::isInstance).mapToInt(o -> ((JdbcSource) o).fetchSize()).min()
                .orElse(JdbcSource.DEFAULT_FETCH_SIZE);
    }

    private static void checkCancelled(StageContext context, LogicalOperator operator) {
        if (context.isCancelled()) {
            throw new WeftException(ErrorCode.JOB_CANCELLED, "%s: the job was cancelled".formatted(operator.info().describe()));
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow(); // connections are per stage
    }
}
