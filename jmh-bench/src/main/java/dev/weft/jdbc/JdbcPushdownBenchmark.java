package dev.weft.jdbc;

import static dev.weft.api.expr.Expressions.col;
import static dev.weft.api.expr.Expressions.count;
import static dev.weft.api.expr.Expressions.sum;

import dev.weft.adaptive.JobHandle;
import dev.weft.adaptive.Weft;
import dev.weft.adaptive.WeftConfig;
import dev.weft.api.Collected;
import dev.weft.api.Dataset;
import dev.weft.api.Engine;
import dev.weft.api.Pipeline;
import dev.weft.api.plan.JdbcDataSource;
import dev.weft.api.types.Row;
import dev.weft.jdbc.embedded.EmbeddedPostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Filter + aggregate over a PostgreSQL table ({@code rows} rows, 1000 stores) in an embedded server:
 * <ul>
 *   <li>{@code pushed}: filter and aggregate pinned to the JDBC engine, one SQL query, 1000 rows come out;</li>
 *   <li>{@code pulled}: the table read out with a cursor, filter and aggregate pinned to the Java engine;</li>
 *   <li>{@code auto}: the optimizer places them, with the table's statistics from the catalog.</li>
 * </ul>
 * One driver per trial; every run is one job.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(1)
public class JdbcPushdownBenchmark {
    @Param({"10000000"})
    public long rows;

    @Param({"pushed", "pulled", "auto"})
    public String variant;

    private EmbeddedPostgresServer server;
    private JdbcDataSource database;
    private Weft weft;

    @Setup(Level.Trial)
    public void setUp() throws SQLException {
        server = EmbeddedPostgresServer.start();
        database = server.dataSource();
        try (Connection connection = DriverManager.getConnection(database.url(), database.user(), "");
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE sales AS SELECT g::int8 AS id, (g % 1000)::int8 AS store, (g % 97)::float8 AS amount "
                    + "FROM generate_series(1, " + rows + ") g");
            statement.execute("ANALYZE sales");
        }
        weft = Weft.create(WeftConfig.builder().parallelism(2).build());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        weft.close();
        server.close();
    }

    @Benchmark
    public List<Row> run() {
        Pipeline pipeline = Pipeline.create("pushdown-" + variant);
        Dataset<Row> filtered = pipeline.readJdbc(database, "sales").on(Engine.JDBC).filter(col("amount").gt(50.0));
        Dataset<Row> totals = filtered.groupBy("store").aggregate(sum("amount").as("total"), count().as("n"));
        if (variant.equals("pushed")) {
            filtered = filtered.on(Engine.JDBC);
            totals = totals.on(Engine.JDBC);
        } else if (variant.equals("pulled")) {
            filtered = filtered.on(Engine.JAVA);
            totals = totals.on(Engine.JAVA);
        }
        Collected<Row> result = totals.collect();
        JobHandle job = weft.submit(pipeline);
        job.await();
        List<Row> answer = job.collected(result);
        if (answer.size() != 1000) {
            throw new IllegalStateException("expected 1000 stores, got " + answer.size());
        }
        return answer;
    }
}
