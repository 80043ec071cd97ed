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
import dev.weft.api.JoinKeys;
import dev.weft.api.Pipeline;
import dev.weft.api.plan.JdbcDataSource;
import dev.weft.api.plan.LogicalOperator;
import dev.weft.api.types.DataTypes;
import dev.weft.api.types.Row;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Whole pipelines through the driver: the optimizer places the declarative part on PostgreSQL, lambdas on the Java engine. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestMixedPlacement {
    private static final Schema SMALL = new Schema(List.of(DataTypes.field("k", DataTypes.INT64, false), DataTypes.field("tag", DataTypes.STRING, false)));
    private Weft weft;
    private JdbcDataSource db;

    @BeforeAll
    void start() {
        db = PostgresTestServer.dataSource();
        PostgresTestServer.execute("DROP TABLE IF EXISTS events", "DROP TABLE IF EXISTS events_out",
                "CREATE TABLE events AS SELECT g::int8 AS id, (g % 100)::int8 AS k, (g % 13)::float8 AS amount FROM generate_series(1, 200000) g",
                "ANALYZE events", "CREATE TABLE events_out (k int8, total float8, n int8)");
        weft = Weft.create(WeftConfig.builder().parallelism(2).build());
    }

    @AfterAll
    void stop() {
        if (weft != null) {
            weft.close();
        }
    }

    @Test
    void filterAndAggregateRunInPostgresAndTheLambdaOnJava() {
        Pipeline pipeline = Pipeline.create("mixed");
        Dataset<Row> totals = pipeline.readJdbc(db, "events").filter(col("k").lt(10))
                .groupBy("k").aggregate(sum("amount").as("total"), count().as("n"));
        Collected<String> described = totals.map(row -> row.get("k") + ":" + row.get("n"), String.class).collect();
        JobHandle job = weft.submit(pipeline);
        job.await();
        assertThat(job.collected(described)).hasSize(10).contains("0:2000", "9:2000");
        for (LogicalOperator operator : job.placement().plan().operators()) {
            if (operator.kind().equals("filter") || operator.kind().equals("jdbc-source") || operator.kind().equals("aggregate")) {
                assertThat(job.placement().engineOf(operator)).as(operator.kind()).isEqualTo("jdbc");
            }
            if (operator.kind().equals("map")) {
                assertThat(job.placement().engineOf(operator)).isEqualTo("java");
            }
        }
    }

    @Test
    void aSmallJavaDatasetIsShippedIntoPostgresForTheJoin() {
        Pipeline pipeline = Pipeline.create("ship");
        List<Row> rows = new ArrayList<>();
        for (long k = 0; k < 5; k++) {
            rows.add(Row.of(SMALL, k, "tag" + k));
        }
        Dataset<Row> small = pipeline.fromRows(rows, SMALL).on(Engine.JAVA);
        Collected<Row> joined = pipeline.readJdbc(db, "events").join(small, JoinKeys.using("k")).on(Engine.JDBC)
                .groupBy("tag").aggregate(count().as("n")).on(Engine.JDBC).collect();
        JobHandle job = weft.submit(pipeline);
        job.await();
        assertThat(job.collected(joined)).hasSize(5).allSatisfy(row -> assertThat(row.get("n")).isEqualTo(2000L));
        assertThat(job.placement().enginesUsed()).contains("jdbc", "java");
    }

    @Test
    void aJavaComputedDatasetIsWrittenToPostgresThroughTheSink() {
        Pipeline pipeline = Pipeline.create("sink");
        Dataset<Row> events = pipeline.readJdbc(db, "events");
        events.filter(col("k").eq(3)).map(row -> row, events.schema())
                .groupBy("k").aggregate(sum("amount").as("total"), count().as("n"))
                .writeJdbc(db, "events_out", dev.weft.api.plan.JdbcWriteMode.OVERWRITE);
        JobHandle job = weft.submit(pipeline);
        job.await();
        assertThat(job.state().toString()).isEqualTo("SUCCEEDED");
        PostgresTestServer.execute("DO $$ BEGIN IF (SELECT n FROM events_out WHERE k = 3) IS DISTINCT FROM 2000 THEN RAISE EXCEPTION 'wrong'; END IF; END $$");
    }
}
