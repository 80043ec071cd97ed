package dev.weft.conformance;

import static dev.weft.api.expr.Expressions.and;
import static dev.weft.api.expr.Expressions.asc;
import static dev.weft.api.expr.Expressions.avg;
import static dev.weft.api.expr.Expressions.col;
import static dev.weft.api.expr.Expressions.count;
import static dev.weft.api.expr.Expressions.desc;
import static dev.weft.api.expr.Expressions.lit;
import static dev.weft.api.expr.Expressions.sum;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.api.Collected;
import dev.weft.api.Dataset;
import dev.weft.api.JoinKeys;
import dev.weft.api.Pipeline;
import dev.weft.api.expr.Expression;
import dev.weft.api.spi.Engine;
import dev.weft.api.spi.ExecutionSettings;
import dev.weft.api.spi.Stage;
import dev.weft.api.types.Row;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Function;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * TPC-H Q1, Q3 and Q6 (shaped as cli's TpchQueries) at SF 0.01 on the engine under test against a reference engine
 * (the Java engine, in every subclass): the same rows in the same order, doubles equal to 1e-9 relative (engines add
 * sums in other orders). Q1: filter, grouped aggregate, sort; Q3: filters, projections, two joins, grouped aggregate,
 * top-k; Q6: a conjunctive filter and a global aggregate. Each query runs as one stage on each engine, which are
 * created once per class (a hosted engine's host stays warm across the three).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class TpchConformanceTest {
    protected static final double SCALE = 0.01;

    private RootAllocator root;
    private BufferAllocator engineAllocator;
    private BufferAllocator referenceAllocator;
    private ExecutionSettings settings;
    private Engine engine;
    private Engine reference;

    /** The engine under test. */
    protected abstract Engine createEngine(BufferAllocator allocator, ExecutionSettings settings);

    /** The engine whose answers count as right (the Java engine). */
    protected abstract Engine createReference(BufferAllocator allocator, ExecutionSettings settings);

    @BeforeAll
    void startEngines(@TempDir Path directory) throws Exception {
        root = new RootAllocator(Long.MAX_VALUE);
        settings = new ExecutionSettings(2, 256L << 20, Files.createDirectories(directory.resolve("spill")), 4096);
        engineAllocator = root.newChildAllocator("engine", 0, Long.MAX_VALUE);
        referenceAllocator = root.newChildAllocator("reference", 0, Long.MAX_VALUE);
        engine = createEngine(engineAllocator, settings);
        reference = createReference(referenceAllocator, settings);
    }

    @AfterAll
    void closeEngines() {
        engine.close();
        reference.close();
        assertThat(engineAllocator.getAllocatedMemory()).as("engine allocator after close").isZero();
        assertThat(referenceAllocator.getAllocatedMemory()).as("reference allocator after close").isZero();
        engineAllocator.close();
        referenceAllocator.close();
        root.close();
    }

    @Test
    void q1PricingSummary() {
        assertThat(assertSameAnswers(TpchConformanceTest::q1)).hasSize(4);
    }

    @Test
    void q3ShippingPriority() {
        assertThat(assertSameAnswers(TpchConformanceTest::q3)).hasSize(10);
    }

    @Test
    void q6ForecastingRevenueChange() {
        List<Row> rows = assertSameAnswers(TpchConformanceTest::q6);
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).getDouble("revenue")).isPositive();
    }

    private List<Row> assertSameAnswers(Function<Pipeline, Dataset<Row>> query) {
        List<Row> expected = run(reference, referenceAllocator, query);
        List<Row> actual = run(engine, engineAllocator, query);
        assertSameRows(actual, expected);
        return actual;
    }

    private List<Row> run(Engine target, BufferAllocator parent, Function<Pipeline, Dataset<Row>> query) {
        Pipeline pipeline = Pipeline.create("tpch");
        Collected<Row> collected = query.apply(pipeline).collect();
        BufferAllocator stage = parent.newChildAllocator("stage", 0, Long.MAX_VALUE);
        try (ConformanceStageContext context = new ConformanceStageContext(stage, parent.newChildAllocator("results", 0, Long.MAX_VALUE), settings)) {
            target.execute(new Stage("tpch", pipeline.plan().sinks()), context);
            context.finish();
            assertThat(context.violations()).as("SPI contract violations of %s", target.name()).isEmpty();
            return context.elements(collected);
        } finally {
            stage.close();
        }
    }

    /** Rows compared in order, doubles to 1e-9 relative ({@link EngineRuns#assertSameRows}). */
    static void assertSameRows(List<Row> actual, List<Row> expected) {
        EngineRuns.assertSameRows(actual.stream().map(Row::values).toList(), expected.stream().map(Row::values).toList());
    }

    private static Expression discountedPrice() {
        return col("l_extendedprice").times(lit(1.0).minus(col("l_discount")));
    }

    public static Dataset<Row> q1(Pipeline pipeline) {
        return pipeline.readTpch("lineitem", SCALE)
                .filter(col("l_shipdate").le(LocalDate.parse("1998-12-01").minusDays(90)))
                .groupBy("l_returnflag", "l_linestatus")
                .aggregate(
                        sum("l_quantity").as("sum_qty"),
                        sum("l_extendedprice").as("sum_base_price"),
                        sum(discountedPrice()).as("sum_disc_price"),
                        sum(discountedPrice().times(lit(1.0).plus(col("l_tax")))).as("sum_charge"),
                        avg("l_quantity").as("avg_qty"),
                        avg("l_extendedprice").as("avg_price"),
                        avg("l_discount").as("avg_disc"),
                        count().as("count_order"))
                .sort(asc("l_returnflag"), asc("l_linestatus"));
    }

    public static Dataset<Row> q3(Pipeline pipeline) {
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

    public static Dataset<Row> q6(Pipeline pipeline) {
        LocalDate start = LocalDate.parse("1994-01-01");
        return pipeline.readTpch("lineitem", SCALE)
                .filter(and(
                        col("l_shipdate").ge(start),
                        col("l_shipdate").lt(start.plusYears(1)),
                        col("l_discount").between(0.05, 0.07),
                        col("l_quantity").lt(24.0)))
                .aggregate(sum(col("l_extendedprice").times(col("l_discount"))).as("revenue"));
    }
}
