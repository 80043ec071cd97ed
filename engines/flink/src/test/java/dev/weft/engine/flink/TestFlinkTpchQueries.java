package dev.weft.engine.flink;

import static dev.weft.api.expr.Expressions.asc;
import static dev.weft.api.expr.Expressions.avg;
import static dev.weft.api.expr.Expressions.col;
import static dev.weft.api.expr.Expressions.count;
import static dev.weft.api.expr.Expressions.desc;
import static dev.weft.api.expr.Expressions.lit;
import static dev.weft.api.expr.Expressions.sum;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.api.Dataset;
import dev.weft.api.JoinKeys;
import dev.weft.api.Pipeline;
import dev.weft.api.expr.Expression;
import dev.weft.api.spi.Engine;
import dev.weft.api.spi.EngineContext;
import dev.weft.api.spi.ExecutionSettings;
import dev.weft.api.types.Row;
import dev.weft.engine.java.JavaEngineProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * TPC-H Q1, Q3 and Q6 (shaped as cli's TpchQueries) at SF 0.01 on Flink in a real engine host, against the Java
 * engine's answers: same rows in the same order. Q1: filter, grouped aggregate, sort; Q3: filters, two joins, grouped
 * aggregate, top-k; Q6: filter, projection, global aggregate. {@code -Dweft.flink.runtime-mode=BATCH} (passed to the
 * test JVM) runs them with bounded stages in BATCH mode.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestFlinkTpchQueries {
    private static final double SCALE = 0.01;

    private RootAllocator root;
    private BufferAllocator flinkAllocator;
    private BufferAllocator javaAllocator;
    private ExecutionSettings settings;
    private Engine flink;
    private Engine java;

    @BeforeAll
    void startEngines(@TempDir Path directory) throws Exception {
        root = new RootAllocator(Long.MAX_VALUE);
        settings = new ExecutionSettings(2, 256L << 20, Files.createDirectories(directory.resolve("spill")), 4096);
        flinkAllocator = root.newChildAllocator("flink", 0, Long.MAX_VALUE);
        javaAllocator = root.newChildAllocator("java", 0, Long.MAX_VALUE);
        flink = new FlinkEngineProvider().create(new EngineContext(flinkAllocator, settings, Map.of("weft.flink.runtime-mode", System.getProperty("weft.flink.runtime-mode", "STREAMING"))));
        java = new JavaEngineProvider().create(new EngineContext(javaAllocator, settings));
    }

    @AfterAll
    void closeEngines() {
        flink.close();
        java.close();
        assertThat(flinkAllocator.getAllocatedMemory()).isZero();
        assertThat(javaAllocator.getAllocatedMemory()).isZero();
        flinkAllocator.close();
        javaAllocator.close();
        root.close();
    }

    @Test
    void q1PricingSummary() {
        List<Object[]> rows = assertSameAnswers(TestFlinkTpchQueries::q1);
        assertThat(rows).hasSize(4);
    }

    @Test
    void q3ShippingPriority() {
        List<Object[]> rows = assertSameAnswers(TestFlinkTpchQueries::q3);
        assertThat(rows).hasSize(10);
    }

    @Test
    void q6ForecastingRevenueChange() {
        List<Object[]> rows = assertSameAnswers(TestFlinkTpchQueries::q6);
        assertThat(rows).hasSize(1);
        assertThat((Double) rows.get(0)[0]).isGreaterThan(0.0);
    }

    private List<Object[]> assertSameAnswers(Function<Pipeline, Dataset<Row>> query) {
        List<Object[]> expected = run(java, javaAllocator, query);
        List<Object[]> actual = run(flink, flinkAllocator, query);
        EngineRuns.assertSameRows(actual, expected);
        return actual;
    }

    private List<Object[]> run(Engine engine, BufferAllocator allocator, Function<Pipeline, Dataset<Row>> query) {
        Pipeline pipeline = Pipeline.create("tpch");
        query.apply(pipeline).collect();
        return EngineRuns.rows(engine, pipeline, allocator, settings);
    }

    private static Expression discountedPrice() {
        return col("l_extendedprice").times(lit(1.0).minus(col("l_discount")));
    }

    static Dataset<Row> q1(Pipeline pipeline) {
        return pipeline.readTpch("lineitem", SCALE)
                .filter(col("l_shipdate").le(LocalDate.parse("1998-12-01").minusDays(90)))
                .groupBy("l_returnflag", "l_linestatus")
                .aggregate(sum("l_quantity").as("sum_qty"), sum("l_extendedprice").as("sum_base_price"),
                        sum(discountedPrice()).as("sum_disc_price"),
                        sum(discountedPrice().times(lit(1.0).plus(col("l_tax")))).as("sum_charge"),
                        avg("l_quantity").as("avg_qty"), avg("l_extendedprice").as("avg_price"), avg("l_discount").as("avg_disc"),
                        count().as("count_order"))
                .sort(asc("l_returnflag"), asc("l_linestatus"));
    }

    static Dataset<Row> q3(Pipeline pipeline) {
        LocalDate date = LocalDate.parse("1995-03-15");
        Dataset<Row> customers = pipeline.readTpch("customer", SCALE)
                .filter(col("c_mktsegment").eq("BUILDING"))
                .select("c_custkey");
        Dataset<Row> orders = pipeline.readTpch("orders", SCALE)
                .filter(col("o_orderdate").lt(date))
                .select("o_orderkey", "o_custkey", "o_orderdate", "o_shippriority")
                .join(customers, JoinKeys.on("o_custkey", "c_custkey"));
        return pipeline.readTpch("lineitem", SCALE)
                .filter(col("l_shipdate").gt(date))
                .select("l_orderkey", "l_extendedprice", "l_discount")
                .join(orders, JoinKeys.on("l_orderkey", "o_orderkey"))
                .groupBy("l_orderkey", "o_orderdate", "o_shippriority")
                .aggregate(sum(discountedPrice()).as("revenue"))
                .select("l_orderkey", "revenue", "o_orderdate", "o_shippriority")
                .topK(10, desc("revenue"), asc("o_orderdate"));
    }

    static Dataset<Row> q6(Pipeline pipeline) {
        LocalDate start = LocalDate.parse("1994-01-01");
        return pipeline.readTpch("lineitem", SCALE)
                .filter(col("l_shipdate").ge(start).and(col("l_shipdate").lt(start.plusYears(1)))
                        .and(col("l_discount").between(0.05, 0.07)).and(col("l_quantity").lt(24.0)))
                .select(col("l_extendedprice").times(col("l_discount")).as("revenue"))
                .aggregate(sum("revenue").as("revenue"));
    }
}
