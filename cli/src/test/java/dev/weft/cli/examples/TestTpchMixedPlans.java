package dev.weft.cli.examples;

import static dev.weft.api.expr.Expressions.asc;
import static dev.weft.api.expr.Expressions.col;
import static dev.weft.api.expr.Expressions.desc;
import static dev.weft.api.expr.Expressions.lit;
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
import dev.weft.api.types.Row;
import dev.weft.optimizer.PlacedPlan;
import java.io.IOException;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * TPC-H Q3 at SF 0.01 split across engines with pins: scans and filters on the Java engine, joins on Spark or Flink,
 * the aggregate on the other one, the final top-k on Java. Every boundary goes through the driver's Flight server into
 * the hosts' executors and back; the answer must be the reference one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES)
class TestTpchMixedPlans {
    private static final double SCALE_FACTOR = 0.01;

    private Weft weft;

    @BeforeAll
    void startWeft() {
        weft = Weft.create(WeftConfig.builder().parallelism(2).build());
    }

    @AfterAll
    void closeWeft() {
        if (weft != null) {
            weft.close();
        }
    }

    @Test
    void scanOnJavaJoinOnSparkTopKOnJava() throws IOException {
        runQ3(Engine.SPARK, Engine.SPARK, Set.of("java", "spark"));
    }

    @Test
    void scanOnJavaJoinOnFlinkTopKOnJava() throws IOException {
        runQ3(Engine.FLINK, Engine.FLINK, Set.of("java", "flink"));
    }

    @Test
    void joinsOnFlinkAggregateOnSparkAroundJava() throws IOException {
        runQ3(Engine.FLINK, Engine.SPARK, Set.of("java", "spark", "flink"));
    }

    private void runQ3(Engine joins, Engine aggregate, Set<String> engines) throws IOException {
        Pipeline pipeline = Pipeline.create("q3-mixed").on(Engine.JAVA);
        LocalDate date = LocalDate.parse("1995-03-15");
        Dataset<Row> customers = pipeline.readTpch("customer", SCALE_FACTOR)
                .filter(col("c_mktsegment").eq("BUILDING"))
                .select("c_custkey");
        Dataset<Row> orders = pipeline.readTpch("orders", SCALE_FACTOR)
                .filter(col("o_orderdate").lt(date))
                .select("o_orderkey", "o_custkey", "o_orderdate", "o_shippriority")
                .join(customers, JoinKeys.on("o_custkey", "c_custkey")).on(joins);
        Collected<Row> result = pipeline.readTpch("lineitem", SCALE_FACTOR)
                .filter(col("l_shipdate").gt(date))
                .select("l_orderkey", "l_extendedprice", "l_discount")
                .join(orders, JoinKeys.on("l_orderkey", "o_orderkey")).on(joins)
                .groupBy("l_orderkey", "o_orderdate", "o_shippriority")
                .aggregate(sum(col("l_extendedprice").times(lit(1.0).minus(col("l_discount")))).as("revenue")).on(aggregate)
                .select("l_orderkey", "revenue", "o_orderdate", "o_shippriority")
                .topK(10, desc("revenue"), asc("o_orderdate"))
                .collect();

        JobHandle job = weft.submit(pipeline);
        job.await();
        PlacedPlan placed = job.placement();

        assertThat(new TreeSet<>(placed.enginesUsed())).containsExactlyElementsOf(new TreeSet<>(engines));
        TestTpchQueries.assertMatchesReference(3, job.collected(result));
    }

    @Test
    void theOptimizerAloneGivesTheSameAnswers() throws IOException {
        Pipeline pipeline = Pipeline.create("q3-auto");
        Collected<Row> result = TpchQueries.query(pipeline, 3, SCALE_FACTOR).collect();
        JobHandle job = weft.submit(pipeline);
        job.await();
        TestTpchQueries.assertMatchesReference(3, job.collected(result));
        assertThat(List.copyOf(placedEngines(job))).isNotEmpty();
    }

    private static Set<String> placedEngines(JobHandle job) {
        return new TreeSet<>(job.placement().enginesUsed());
    }
}
