package dev.weft.jdbc;

import static dev.weft.api.expr.Expressions.col;
import static dev.weft.api.expr.Expressions.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.adaptive.JobHandle;
import dev.weft.adaptive.Weft;
import dev.weft.adaptive.WeftConfig;
import dev.weft.api.Collected;
import dev.weft.api.Dataset;
import dev.weft.api.Engine;
import dev.weft.api.Pipeline;
import dev.weft.api.WeftException;
import dev.weft.api.function.Hints;
import dev.weft.api.plan.LogicalOperator;
import dev.weft.api.types.Row;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Lambdas with an SQL equivalent (Hints.sql) pushed into PostgreSQL; bad hints fail naming the operator and the hint. */
class TestSqlHints extends JdbcTestBase {
    public record Doubled(long k, double doubled) {}

    private Weft weft;

    @BeforeEach
    void createTable() {
        sql("DROP TABLE IF EXISTS hinted", "CREATE TABLE hinted AS SELECT g::int8 AS id, (g % 10)::int8 AS k, (g % 13)::float8 AS amount"
                + " FROM generate_series(1, 50000) g", "ANALYZE hinted");
    }

    @AfterEach
    void closeWeft() {
        if (weft != null) {
            weft.close();
        }
    }

    private static Dataset<Row> hintedFilter(Pipeline pipeline, Dataset<Row> rows) {
        return rows.filter(row -> (Double) row.get("amount") > 6, Hints.sql("\"amount\" > 6"));
    }

    @Test
    void aHintedFilterAndAHintedMapRunInsidePostgres() {
        Pipeline pipeline = Pipeline.create("t");
        Dataset<Row> rows = pipeline.readJdbc(db, "hinted");
        Collected<Row> filtered = hintedFilter(pipeline, rows).groupBy("k").aggregate(count().as("n")).sort(col("k").asc()).collect();
        Collected<Doubled> mapped = rows.filter(col("id").le(3L))
                .map(row -> new Doubled((Long) row.get("k"), (Double) row.get("amount") * 2), Doubled.class, Hints.sql("\"k\", \"amount\" * 2 AS \"doubled\""))
                .collect();
        RecordingStageContext context = run(pipeline);
        List<List<Object>> counts = context.rows(filtered.sink());
        assertThat(counts).hasSize(10);
        long kept = counts.stream().mapToLong(row -> (Long) row.get(1)).sum();
        assertThat(kept).isEqualTo(java.util.stream.LongStream.rangeClosed(1, 50000).filter(g -> g % 13 > 6).count());
        assertThat(context.rows(mapped.sink())).containsExactlyInAnyOrder(List.of(1L, 2.0), List.of(2L, 4.0), List.of(3L, 6.0));
    }

    @Test
    void aHintThatDoesNotParseNamesTheOperatorAndTheHint() {
        Pipeline pipeline = Pipeline.create("t");
        Dataset<Row> filtered = pipeline.readJdbc(db, "hinted").filter(row -> true, Hints.sql("amount >>> six"));
        filtered.collect();
        String operator = filtered.operator().info().describe();
        assertThatThrownBy(() -> run(pipeline))
                .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.errorCode()).isEqualTo(JdbcErrorCode.BAD_SQL_HINT))
                .hasMessageContaining(operator).hasMessageContaining("`amount >>> six`").hasMessageContaining("42");
    }

    @Test
    void aMapHintWithTheWrongColumnsNamesTheOperatorTheExpectedAndTheActualColumns() {
        Pipeline pipeline = Pipeline.create("t");
        Dataset<Doubled> wrongType = pipeline.readJdbc(db, "hinted")
                .map(row -> new Doubled(0, 0), Doubled.class, Hints.sql("\"k\", 'x' || \"amount\" AS \"doubled\""));
        wrongType.collect();
        assertThatThrownBy(() -> run(pipeline))
                .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.errorCode()).isEqualTo(JdbcErrorCode.BAD_SQL_HINT))
                .hasMessageContaining(wrongType.operator().info().describe())
                .hasMessageContaining("[k bigint, doubled string]").hasMessageContaining("[k bigint, doubled double]");

        Pipeline missing = Pipeline.create("t");
        Dataset<Doubled> oneColumn = missing.readJdbc(db, "hinted").map(row -> new Doubled(0, 0), Doubled.class, Hints.sql("\"k\""));
        oneColumn.collect();
        assertThatThrownBy(() -> run(missing)).isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.errorCode()).isEqualTo(JdbcErrorCode.BAD_SQL_HINT))
                .hasMessageContaining("produces the columns [k bigint]");
    }

    @Test
    void aLambdaWithoutAHintIsNotPushed() {
        Pipeline pipeline = Pipeline.create("t");
        pipeline.readJdbc(db, "hinted").filter(row -> true).collect();
        assertThatThrownBy(() -> run(pipeline)).isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.errorCode()).isEqualTo(JdbcErrorCode.NOT_PUSHABLE));
        Pipeline map = Pipeline.create("t");
        Dataset<Doubled> unhinted = map.readJdbc(db, "hinted").map(row -> new Doubled(0, 0), Doubled.class);
        assertThat(JdbcEngine.CAPABILITIES.supports(unhinted.operator())).isFalse();
    }

    /** Through the driver: the optimizer places the hinted filter on PostgreSQL; the answers equal the Java engine's. */
    @Test
    void theOptimizerPlacesAHintedFilterOnPostgres() {
        weft = Weft.create(WeftConfig.builder().parallelism(2).build());
        Pipeline pushed = Pipeline.create("hinted");
        Collected<Row> fromPostgres = hintedFilter(pushed, pushed.readJdbc(db, "hinted")).collect();
        JobHandle job = weft.submit(pushed);
        job.await();
        boolean sawFilter = false;
        for (LogicalOperator operator : job.placement().plan().operators()) {
            if (operator.kind().equals("filter")) {
                sawFilter = true;
                assertThat(job.placement().engineOf(operator)).isEqualTo("jdbc");
            }
        }
        assertThat(sawFilter).isTrue();

        Pipeline onJava = Pipeline.create("lambda");
        Collected<Row> fromJava = hintedFilter(onJava, onJava.readJdbc(db, "hinted")).on(Engine.JAVA).collect();
        JobHandle javaJob = weft.submit(onJava);
        javaJob.await();
        Comparator<Row> byId = Comparator.comparing(row -> (Long) row.get("id"));
        List<Row> expected = javaJob.collected(fromJava).stream().sorted(byId).toList();
        List<Row> actual = job.collected(fromPostgres).stream().sorted(byId).toList();
        assertThat(actual).hasSize(expected.size()).isNotEmpty();
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i).values()).containsExactly(expected.get(i).values());
        }
    }
}
