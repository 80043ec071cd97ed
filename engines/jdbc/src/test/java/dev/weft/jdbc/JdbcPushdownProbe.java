package dev.weft.jdbc;

import static dev.weft.api.expr.Expressions.col;
import static dev.weft.api.expr.Expressions.count;
import static dev.weft.api.expr.Expressions.sum;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.adaptive.JobHandle;
import dev.weft.adaptive.Weft;
import dev.weft.adaptive.WeftConfig;
import dev.weft.api.Collected;
import dev.weft.api.Dataset;
import dev.weft.api.Engine;
import dev.weft.api.Pipeline;
import dev.weft.api.plan.JdbcDataSource;
import dev.weft.api.plan.LogicalOperator;
import dev.weft.api.types.Row;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The benchmark, by hand ({@code -Dweft.calibrate.jdbc=true -Dtest=JdbcPushdownProbe}, rows with
 * {@code -Dweft.probe.rows}, default 10M): filter + aggregate over a PostgreSQL table pushed down vs pulled into the
 * Java engine, and where the optimizer puts it on its own. Logs at WARN.
 */
@EnabledIfSystemProperty(named = "weft.calibrate.jdbc", matches = "true")
class JdbcPushdownProbe {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcPushdownProbe.class);

    @Test
    void pushedVersusPulled() {
        long rows = Long.getLong("weft.probe.rows", 10_000_000L);
        JdbcDataSource db = PostgresTestServer.dataSource();
        long started = System.nanoTime();
        PostgresTestServer.execute("DROP TABLE IF EXISTS sales", "CREATE TABLE sales AS SELECT g::int8 AS id, (g % 1000)::int8 AS store,"
                + " (g % 97)::float8 AS amount FROM generate_series(1, " + rows + ") g", "ANALYZE sales");
        LOG.warn("pushdown probe: {} rows created in {} ms", rows, (System.nanoTime() - started) / 1_000_000);
        try (Weft weft = Weft.create(WeftConfig.builder().parallelism(2).build())) {
            for (int round = 0; round < 2; round++) {
                List<Row> pushed = run(weft, db, "pushed", Engine.JDBC);
                List<Row> pulled = run(weft, db, "pulled", Engine.JAVA);
                List<Row> auto = run(weft, db, "auto", null);
                assertThat(pulled).hasSameSizeAs(pushed).hasSameSizeAs(auto);
            }
        }
    }

    private static List<Row> run(Weft weft, JdbcDataSource db, String label, Engine engine) {
        Pipeline pipeline = Pipeline.create(label);
        Dataset<Row> filtered = pipeline.readJdbc(db, "sales").on(Engine.JDBC).filter(col("amount").gt(50.0));
        Dataset<Row> totals = filtered.groupBy("store").aggregate(sum("amount").as("total"), count().as("n"));
        if (engine != null) {
            filtered = filtered.on(engine);
            totals = totals.on(engine);
        }
        Collected<Row> result = totals.collect();
        long started = System.nanoTime();
        JobHandle job = weft.submit(pipeline);
        job.await();
        long millis = (System.nanoTime() - started) / 1_000_000;
        StringBuilder placement = new StringBuilder();
        for (LogicalOperator operator : job.placement().plan().operators()) {
            placement.append(operator.kind()).append('@').append(job.placement().engineOf(operator)).append(' ');
        }
        LOG.warn("pushdown probe: {} {} ms [{}]", label, millis, placement.toString().strip());
        return job.collected(result);
    }
}
