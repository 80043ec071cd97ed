package dev.weft.optimizer;

import static dev.weft.api.expr.Expressions.col;
import static dev.weft.api.expr.Expressions.count;
import static dev.weft.api.expr.Expressions.sum;

import dev.weft.api.Dataset;
import dev.weft.api.JoinKeys;
import dev.weft.api.Pipeline;
import dev.weft.api.expr.Expressions;
import dev.weft.api.plan.Window;
import dev.weft.api.types.DataTypes;
import dev.weft.api.types.Row;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

/**
 * Golden plans: each plan placed on the fake engines and rendered as explain text, compared with
 * src/test/resources/golden/&lt;name&gt;.txt. Regenerate with {@code -Dweft.golden.regenerate=true} and review the diff.
 */
class TestOptimizerGolden {
    /** Relative to the module directory, where Maven runs the tests. */
    private static final Path GOLDEN = Path.of("src/test/resources/golden");
    private static final Path WORDS = GOLDEN.resolve("input/words.txt");

    @Test
    void wordCountOverATextFile() {
        Pipeline pipeline = Pipeline.create("word-count");
        pipeline.readText(WORDS)
                .flatMap((String line, dev.weft.api.function.Emitter<String> out) -> Arrays.stream(line.split(" ")).forEach(out::emit), String.class)
                .groupBy("value").aggregate(count().as("n"))
                .collect();
        GoldenPlans.check(pipeline.plan(), "word-count", GOLDEN);
    }

    @Test
    void joinOfASmallCollectionAndHugeLineitem() {
        Schema suppliers = new Schema(List.of(DataTypes.field("key", DataTypes.INT64, false), DataTypes.field("name", DataTypes.STRING, false)));
        List<Row> rows = IntStream.range(0, 25).mapToObj(i -> Row.of(suppliers, (long) i, "supplier-" + i)).toList();
        Pipeline pipeline = Pipeline.create("join-small-huge");
        Dataset<Row> small = pipeline.fromRows(rows, suppliers);
        pipeline.readTpch("lineitem", 10).join(small, JoinKeys.on("l_suppkey", "key"))
                .groupBy("name").aggregate(sum("l_quantity").as("quantity"))
                .collect();
        GoldenPlans.check(pipeline.plan(), "join-small-huge", GOLDEN);
    }

    @Test
    void unboundedGeneratorWithAWindow() {
        Schema events = new Schema(List.of(DataTypes.field("ts", DataTypes.TIMESTAMP, false), DataTypes.field("key", DataTypes.INT64, false)));
        Pipeline pipeline = Pipeline.create("unbounded-window");
        pipeline.generateUnbounded(10_000)
                .map(x -> Row.of(events, java.time.Instant.ofEpochMilli(x), x % 10), events)
                .withWatermark("ts", Duration.ofSeconds(1))
                .groupBy("key").window(Window.tumbling(Duration.ofSeconds(10))).aggregate(count().as("n"))
                .forEach(row -> { });
        GoldenPlans.check(pipeline.plan(), "unbounded-window", GOLDEN);
    }

    @Test
    void declarativeTpchQueryOnTheSqlEngine() {
        Pipeline pipeline = Pipeline.create("tpch-q6-like");
        pipeline.readTpch("lineitem", 1)
                .filter(col("l_quantity").lt(24.0).and(col("l_discount").between(0.05, 0.07)))
                .aggregate(sum(col("l_extendedprice").times(col("l_discount"))).as("revenue"))
                .collect();
        GoldenPlans.check(pipeline.plan(), "tpch-q6-like", GOLDEN);
    }

    @Test
    void hugeAggregateThenLambdaOnTheDriver() {
        Pipeline pipeline = Pipeline.create("mixed-cluster-local");
        Dataset<Row> grouped = pipeline.readTpch("lineitem", 100)
                .filter(row -> row.size() > 0)
                .groupBy("l_partkey").aggregate(sum("l_quantity").as("quantity"));
        grouped.map(row -> row, grouped.schema()).collect();
        GoldenPlans.check(pipeline.plan(), "mixed-cluster-local", GOLDEN);
    }

    @Test
    void smallCollectionOnTheLocalEngine() {
        Pipeline pipeline = Pipeline.create("small-collection");
        pipeline.fromCollection(LongStream.range(0, 500).boxed().toList(), Long.class)
                .map(x -> x * 3, Long.class)
                .filter(x -> x % 2 == 0)
                .collect();
        GoldenPlans.check(pipeline.plan(), "small-collection", GOLDEN);
    }

    @Test
    void sharedSubPlanReadByTwoSinks() {
        Pipeline pipeline = Pipeline.create("shared-sub-plan");
        Dataset<Row> orders = pipeline.readTpch("orders", 1).filter(col("o_totalprice").gt(100_000.0));
        orders.groupBy("o_orderstatus").aggregate(count().as("n")).collect();
        orders.select(Expressions.col("o_orderkey")).limit(10).collect();
        GoldenPlans.check(pipeline.plan(), "shared-sub-plan", GOLDEN);
    }

    @Test
    void repeatLoopOnOneEngine() {
        Pipeline pipeline = Pipeline.create("repeat-loop");
        pipeline.generate(100_000, 0)
                .repeat(5, ds -> ds.map(x -> x + 1, Long.class).filter(x -> x > 0))
                .count()
                .collect();
        GoldenPlans.check(pipeline.plan(), "repeat-loop", GOLDEN);
    }
}
