package dev.weft.engine.flink;

import static dev.weft.api.expr.Expressions.col;
import static dev.weft.api.expr.Expressions.count;
import static dev.weft.api.expr.Expressions.sum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.api.Dataset;
import dev.weft.api.JoinKeys;
import dev.weft.api.Pipeline;
import dev.weft.api.WeftException;
import dev.weft.api.spi.Engine;
import dev.weft.api.spi.EngineContext;
import dev.weft.api.spi.ExecutionSettings;
import dev.weft.api.types.Row;
import dev.weft.conformance.EngineRuns;
import dev.weft.conformance.TpchConformanceTest;
import dev.weft.engine.java.JavaEngineProvider;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.LongStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cluster mode: a Flink cluster in another JVM (a MiniCluster exposing its REST port, {@link RemoteMiniClusterMain}),
 * the engine host submitting to it with {@code weft.flink.jobmanager=127.0.0.1:<port>}; a subset of the conformance
 * pipelines (row-wise, grouped aggregate, join, sort, TPC-H Q3) against the Java engine's answers. Also the bad
 * inputs: a malformed and an unreachable JobManager address fail the stage at once with a clear error.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestFlinkRemoteCluster {
    private Process cluster;
    private int restPort;
    private RootAllocator root;
    private BufferAllocator flinkAllocator;
    private BufferAllocator javaAllocator;
    private ExecutionSettings settings;
    private Engine flink;
    private Engine java;

    @BeforeAll
    void startCluster(@TempDir Path directory) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--add-opens=java.base/java.nio=ALL-UNNAMED");
        command.add("--add-opens=java.base/java.util=ALL-UNNAMED");
        command.add("--add-opens=java.base/java.lang=ALL-UNNAMED");
        command.add("-Xmx1g");
        command.add("-Djava.io.tmpdir=" + Files.createDirectories(directory.resolve("cluster-tmp")));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(RemoteMiniClusterMain.class.getName());
        command.add(directory.resolve("cluster").toString());
        command.add("4");
        cluster = new ProcessBuilder(command).redirectError(directory.resolve("cluster.log").toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(cluster.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null && !line.startsWith(RemoteMiniClusterMain.READY)) {
            // skip anything else on stdout
        }
        assertThat(line).as("the cluster JVM's ready line (log: %s)", directory.resolve("cluster.log")).isNotNull();
        restPort = Integer.parseInt(line.substring(RemoteMiniClusterMain.READY.length()).trim());

        root = new RootAllocator(Long.MAX_VALUE);
        settings = new ExecutionSettings(2, 256L << 20, Files.createDirectories(directory.resolve("spill")), 4096);
        flinkAllocator = root.newChildAllocator("flink", 0, Long.MAX_VALUE);
        javaAllocator = root.newChildAllocator("java", 0, Long.MAX_VALUE);
        flink = new FlinkEngineProvider().create(new EngineContext(flinkAllocator, settings, Map.of("weft.flink.jobmanager", "127.0.0.1:" + restPort)));
        java = new JavaEngineProvider().create(new EngineContext(javaAllocator, settings));
    }

    @AfterAll
    void stopCluster() throws Exception {
        try {
            if (flink != null) {
                flink.close();
                java.close();
                assertThat(flinkAllocator.getAllocatedMemory()).isZero();
                assertThat(javaAllocator.getAllocatedMemory()).isZero();
                flinkAllocator.close();
                javaAllocator.close();
                root.close();
            }
        } finally {
            if (cluster != null) {
                cluster.getOutputStream().close();
                if (!cluster.waitFor(20, TimeUnit.SECONDS)) {
                    cluster.destroyForcibly();
                }
            }
        }
    }

    @Test
    void rowWiseAggregateJoinAndSortOnTheRemoteCluster() {
        assertSameAnswers(pipeline -> numbers(pipeline).filter(col("value").mod(3).eq(0)).select(col("value").times(2).as("doubled")));
        assertSameAnswers(pipeline -> numbers(pipeline).groupBy(col("value").mod(7).as("bucket"))
                .aggregate(count().as("n"), sum("value").as("total")).sort(dev.weft.api.expr.Expressions.asc("bucket")));
        assertSameAnswers(pipeline -> numbers(pipeline).select(col("value").as("k"), col("value").times(10).as("v"))
                .join(numbers(pipeline).filter(col("value").lt(100)).select(col("value").as("j")), JoinKeys.on("k", "j"))
                .sort(dev.weft.api.expr.Expressions.asc("k")));
    }

    @Test
    void tpchQ3OnTheRemoteCluster() {
        assertThat(assertSameAnswers(TpchConformanceTest::q3)).hasSize(10);
    }

    @Test
    void malformedJobManagerAddressFailsClearly() {
        try (BufferAllocator allocator = root.newChildAllocator("bad", 0, Long.MAX_VALUE);
             Engine bad = new FlinkEngineProvider().create(new EngineContext(allocator, settings, Map.of("weft.flink.jobmanager", "no-port-here")))) {
            Pipeline pipeline = Pipeline.create("bad");
            numbers(pipeline).collect();
            assertThatThrownBy(() -> EngineRuns.rows(bad, pipeline, allocator, settings)).isInstanceOf(WeftException.class)
                    .hasMessageContaining("weft.flink.jobmanager='no-port-here' is invalid").hasMessageContaining("host:port");
        }
    }

    @Test
    void unreachableJobManagerFailsAtOnce() {
        long start = System.nanoTime();
        try (BufferAllocator allocator = root.newChildAllocator("unreachable", 0, Long.MAX_VALUE);
             Engine bad = new FlinkEngineProvider().create(new EngineContext(allocator, settings, Map.of("weft.flink.jobmanager", "127.0.0.1:1")))) {
            Pipeline pipeline = Pipeline.create("unreachable");
            numbers(pipeline).collect();
            assertThatThrownBy(() -> EngineRuns.rows(bad, pipeline, allocator, settings)).isInstanceOf(WeftException.class)
                    .hasMessageContaining("cannot reach the Flink JobManager at 127.0.0.1:1");
        }
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).as("seconds until the error").isLessThan(60);
    }

    private static Dataset<Row> numbers(Pipeline pipeline) {
        return pipeline.fromCollection(LongStream.range(0, 5_000).boxed().toList(), Long.class).select(col("value"));
    }

    private List<Object[]> assertSameAnswers(Function<Pipeline, Dataset<Row>> query) {
        List<Object[]> expected = run(java, javaAllocator, query);
        List<Object[]> actual = run(flink, flinkAllocator, query);
        if (isSorted(query)) {
            EngineRuns.assertSameRows(actual, expected);
        } else {
            EngineRuns.assertSameRows(sorted(actual), sorted(expected));
        }
        return actual;
    }

    private static boolean isSorted(Function<Pipeline, Dataset<Row>> query) {
        Pipeline probe = Pipeline.create("probe");
        String kind = query.apply(probe).collect().sink().input().kind();
        return kind.equals("sort") || kind.equals("top-k");
    }

    private static List<Object[]> sorted(List<Object[]> rows) {
        List<Object[]> copy = new ArrayList<>(rows);
        copy.sort((a, b) -> Arrays.deepToString(a).compareTo(Arrays.deepToString(b)));
        return copy;
    }

    private List<Object[]> run(Engine engine, BufferAllocator allocator, Function<Pipeline, Dataset<Row>> query) {
        Pipeline pipeline = Pipeline.create("remote");
        query.apply(pipeline).collect();
        return EngineRuns.rows(engine, pipeline, allocator, settings);
    }
}
