package dev.weft.engine.spark;

import static dev.weft.api.expr.Expressions.asc;
import static dev.weft.api.expr.Expressions.col;
import static dev.weft.api.expr.Expressions.sum;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.api.Dataset;
import dev.weft.api.JoinKeys;
import dev.weft.api.Pipeline;
import dev.weft.api.spi.Engine;
import dev.weft.api.spi.EngineContext;
import dev.weft.api.spi.ExecutionSettings;
import dev.weft.api.types.Row;
import dev.weft.conformance.EngineRuns;
import dev.weft.conformance.TpchConformanceTest;
import dev.weft.engine.java.JavaEngineProvider;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * Cluster mode: a Spark standalone master and worker as separate processes, the engine host their application
 * ({@code weft.spark.master=spark://127.0.0.1:port}), executors in the worker's own JVM reading and writing through
 * Flight. A subset of the conformance shapes (text source, lambdas, shuffle aggregation, sort, join, top-k, TPC-H Q3)
 * against the Java engine's answers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestSparkStandaloneCluster {
    private Path directory;
    private SparkStandaloneCluster cluster;
    private RootAllocator root;
    private BufferAllocator sparkAllocator;
    private BufferAllocator javaAllocator;
    private ExecutionSettings settings;
    private Engine spark;
    private Engine java;

    @BeforeAll
    void startCluster(@TempDir Path temp) throws Exception {
        directory = temp;
        cluster = SparkStandaloneCluster.start(directory.resolve("cluster"), 2);
        root = new RootAllocator(Long.MAX_VALUE);
        settings = new ExecutionSettings(2, 128L << 20, Files.createDirectories(directory.resolve("spill")), 4096);
        sparkAllocator = root.newChildAllocator("spark", 0, Long.MAX_VALUE);
        javaAllocator = root.newChildAllocator("java", 0, Long.MAX_VALUE);
        spark = new SparkEngineProvider(Map.of(SparkMaster.PROPERTY, cluster.masterUrl(), SparkConfs.EXECUTOR_MEMORY, "768m"))
                .create(new EngineContext(sparkAllocator, settings));
        java = new JavaEngineProvider().create(new EngineContext(javaAllocator, settings));
    }

    @AfterAll
    void stopCluster() {
        try {
            if (spark != null) {
                spark.close();
                java.close();
                assertThat(sparkAllocator.getAllocatedMemory()).isZero();
                sparkAllocator.close();
                javaAllocator.close();
                root.close();
            }
        } finally {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    @Test
    void wordCountRunsOnTheWorker() throws Exception {
        Path file = WordCounts.write(directory.resolve("words.txt"), 20_000, 11);
        List<Object[]> rows = assertSameAnswers(pipeline -> WordCounts.wordCount(pipeline, file));
        assertThat(rows).isNotEmpty();
    }

    @Test
    void joinAggregateAndSort() {
        assertSameAnswers(pipeline -> {
            Dataset<Row> orders = pipeline.readTpch("orders", 0.01).select("o_orderkey", "o_custkey");
            Dataset<Row> customers = pipeline.readTpch("customer", 0.01).select("c_custkey", "c_nationkey");
            return orders.join(customers, JoinKeys.on("o_custkey", "c_custkey"))
                    .groupBy("c_nationkey").aggregate(sum(col("o_orderkey")).as("keys"))
                    .sort(asc("c_nationkey"));
        });
    }

    @Test
    void tpchQ3() {
        assertThat(assertSameAnswers(TpchConformanceTest::q3)).hasSize(10);
    }

    private List<Object[]> assertSameAnswers(Function<Pipeline, Dataset<Row>> query) {
        List<Object[]> expected = run(java, javaAllocator, query);
        List<Object[]> actual = run(spark, sparkAllocator, query);
        EngineRuns.assertSameRows(actual, expected);
        return actual;
    }

    private List<Object[]> run(Engine engine, BufferAllocator allocator, Function<Pipeline, Dataset<Row>> query) {
        Pipeline pipeline = Pipeline.create("cluster");
        query.apply(pipeline).collect();
        return EngineRuns.rows(engine, pipeline, allocator, settings);
    }
}
