package dev.weft.jdbc;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.plan.AggregateOperator;
import dev.weft.api.plan.CollectSink;
import dev.weft.api.plan.CountOperator;
import dev.weft.api.plan.DistinctOperator;
import dev.weft.api.plan.FilterOperator;
import dev.weft.api.plan.JdbcDataSource;
import dev.weft.api.plan.JdbcSink;
import dev.weft.api.plan.JdbcSource;
import dev.weft.api.plan.JdbcWriteMode;
import dev.weft.api.plan.JoinOperator;
import dev.weft.api.plan.LimitOperator;
import dev.weft.api.plan.LogicalOperator;
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
import dev.weft.jdbc.sql.Identifiers;
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
 * The PostgreSQL engine: runs a stage (a DAG of declarative operators over JdbcSources of one database) as one SQL
 * query per sink on one connection in one transaction. Stage inputs shipped in from other engines are loaded into
 * temporary tables with binary COPY first (then analyzed, so joins with them plan well); results stream back through a
 * cursor in Arrow batches; a JdbcSink is {@code INSERT INTO ... SELECT} (or a COPY when its input is a stage input), so
 * a failed stage leaves the table as it was.
 */
public final class JdbcEngine implements Engine {
    public static final String NAME = "jdbc";
    public static final EngineCapabilities CAPABILITIES = new EngineCapabilities(Set.of(JdbcSource.class, FilterOperator.class,
            ProjectOperator.class, AggregateOperator.class, JoinOperator.class, SortOperator.class, TopKOperator.class,
            LimitOperator.class, DistinctOperator.class, UnionOperator.class, CountOperator.class, JdbcSink.class,
            StageInputSource.class, StageOutputSink.class, CollectSink.class), true, false, false);
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
                throw new WeftException(JdbcErrorCode.NOT_PUSHABLE, "%s (%s) cannot run in PostgreSQL: the JDBC engine runs declarative operators only; place it on another engine"
                        .formatted(operator.info().describe(), operator.kind()));
            }
        }
        JdbcDataSource dataSource = dataSource(stage, operators);
        Connection connection = JdbcConnections.open(dataSource);
        StatementCanceller canceller = new StatementCanceller(context, scheduler);
        try {
            connection.setAutoCommit(false);
            Map<StageInputSource, String> tables = loadStageInputs(stage, operators, connection, context);
            SqlGenerator generator = new SqlGenerator(source -> tables.get(source));
            int fetchSize = fetchSize(operators);
            for (SinkOperator sink : stage.sinks()) {
                checkCancelled(context, sink);
                long started = System.nanoTime();
                long rows = runSink(sink, generator, tables, connection, context, fetchSize, canceller);
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
            JdbcConnections.close(connection);
        }
    }

    private long runSink(SinkOperator sink, SqlGenerator generator, Map<StageInputSource, String> tables, Connection connection,
                         StageContext context, int fetchSize, StatementCanceller canceller) throws SQLException {
        if (sink instanceof JdbcSink jdbcSink) {
            return write(jdbcSink, generator, tables, connection, context, canceller);
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
                       StageContext context, StatementCanceller canceller) throws SQLException {
        String table = Identifiers.table(sink.table());
        List<String> columns = sink.input().schema().getFields().stream().map(f -> Identifiers.quote(f.getName())).toList();
        if (sink.mode() == JdbcWriteMode.OVERWRITE) {
            String delete = "DELETE FROM " + table;
            try (Statement statement = connection.createStatement()) {
                statement.executeUpdate(delete);
            } catch (SQLException e) {
                throw JdbcErrors.statement("emptying the table of " + sink.info().describe(), delete, e);
            }
        }
        if (sink.input() instanceof StageInputSource input && !tables.containsKey(input)) {
            List<String> types = CopyLoader.columnTypes(connection, table, columns);
            try (CopyLoader loader = CopyLoader.open(connection, table, columns, types)) {
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

    private Map<StageInputSource, String> loadStageInputs(Stage stage, List<LogicalOperator> operators, Connection connection,
                                                          StageContext context) throws SQLException {
        Map<StageInputSource, List<LogicalOperator>> consumers = new LinkedHashMap<>();
        for (LogicalOperator operator : operators) {
            for (LogicalOperator input : operator.inputs()) {
                if (input instanceof StageInputSource source) {
                    consumers.computeIfAbsent(source, s -> new ArrayList<>()).add(operator);
                }
            }
        }
        Map<StageInputSource, String> tables = new HashMap<>();
        int index = 0;
        for (Map.Entry<StageInputSource, List<LogicalOperator>> entry : consumers.entrySet()) {
            List<LogicalOperator> users = entry.getValue();
            if (users.size() == 1 && users.get(0) instanceof JdbcSink) {
                continue; // copied straight into the sink's table
            }
            StageInputSource source = entry.getKey();
            String name = "weft_%s_in_%d".formatted(stage.id().replaceAll("[^A-Za-z0-9_]", "_"), index++);
            List<String> columns = new ArrayList<>();
            List<String> definitions = new ArrayList<>();
            List<String> types = new ArrayList<>();
            for (Field field : source.schema().getFields()) {
                String type = PgTypes.sqlType(field.getType());
                columns.add(Identifiers.quote(field.getName()));
                definitions.add(Identifiers.quote(field.getName()) + " " + type);
                types.add(type.startsWith("numeric") ? "numeric" : type.equals("boolean") ? "bool" : type);
            }
            String create = "CREATE TEMPORARY TABLE %s (%s) ON COMMIT DROP".formatted(Identifiers.quote(name), String.join(", ", definitions));
            try (Statement statement = connection.createStatement()) {
                statement.execute(create);
            } catch (SQLException e) {
                throw JdbcErrors.statement("creating a temporary table for " + source.info().describe(), create, e);
            }
            long started = System.nanoTime();
            long rows;
            try (CopyLoader loader = CopyLoader.open(connection, Identifiers.quote(name), columns, types)) {
                copyPartitions(context.input(source), loader, context, source);
                rows = loader.finish();
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("ANALYZE " + Identifiers.quote(name));
            }
            OperatorMetrics metrics = context.metrics(source);
            metrics.addRows(rows);
            metrics.addNanos(System.nanoTime() - started);
            LOG.debug("{}: {} rows loaded into temporary table {}", source.info().describe(), rows, name);
            tables.put(source, name);
        }
        return tables;
    }

    private static void copyPartitions(StageInput input, CopyLoader loader, StageContext context, LogicalOperator operator) {
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
            return found;
        }
        String url = engineContext.property(URL_PROPERTY).orElseThrow(() -> new WeftException(JdbcErrorCode.NOT_PUSHABLE,
                "stage %s has no JDBC source or sink to name its database; set %s (and %s, %s) to let the JDBC engine run it".formatted(
                        stage.id(), URL_PROPERTY, USER_PROPERTY, PASSWORD_ENV_PROPERTY)));
        JdbcDataSource dataSource = JdbcDataSource.of(url).withUser(engineContext.property(USER_PROPERTY).orElse(""));
        return engineContext.property(PASSWORD_ENV_PROPERTY).map(dataSource::passwordFromEnv).orElse(dataSource);
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
