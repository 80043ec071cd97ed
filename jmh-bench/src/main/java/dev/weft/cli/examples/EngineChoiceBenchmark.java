package dev.weft.cli.examples;

import dev.weft.adaptive.JobHandle;
import dev.weft.adaptive.Weft;
import dev.weft.adaptive.WeftConfig;
import dev.weft.api.Collected;
import dev.weft.api.Pipeline;
import dev.weft.api.types.Row;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
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
 * The same job on each engine, and on the plan the optimizer chooses: word count over generated lines and TPC-H Q1/Q3,
 * end to end (submit to collected rows, on the driver). Variants:
 * <ul>
 *   <li>{@code java}: every operator on the Java engine in this JVM;</li>
 *   <li>{@code spark-cold} / {@code flink-cold}: every operator on that engine, a new driver per run, so each run starts
 *       the engine host (a JVM, then a SparkContext or MiniCluster);</li>
 *   <li>{@code spark-warm} / {@code flink-warm}: the same on one driver whose host stays up across runs;</li>
 *   <li>{@code auto}: a new driver per run with {@code weft.engine=auto}: the optimizer places every operator among
 *       java, spark and flink, paying the start-up of any host it picks.</li>
 * </ul>
 * The optimizer's regret for a workload is the {@code auto} time over the best variant's. Single-shot: every run is
 * seconds to minutes. Run: {@code java <flags> -jar jmh-bench/target/benchmarks.jar EngineChoiceBenchmark
 * -p workload=wordcount-1m}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(1)
public class EngineChoiceBenchmark {
    @Param({"wordcount-1m", "wordcount-10m", "tpch-q1-sf0.1", "tpch-q3-sf0.1", "tpch-q1-sf1", "tpch-q3-sf1"})
    public String workload;

    @Param({"java", "spark-cold", "spark-warm", "flink-cold", "flink-warm", "auto"})
    public String variant;

    /** Heap of the Spark and Flink host JVMs (weft.<engine>.host.memory). */
    @Param({"2g"})
    public String hostMemory;

    private Path directory;
    private Path input;
    private Weft warm;
    private Weft perRun;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        directory = Files.createTempDirectory("weft-engine-choice-bench");
        if (workload.startsWith("wordcount-")) {
            int lines = Integer.parseInt(workload.substring("wordcount-".length()).replace("m", "")) * 1_000_000;
            input = directory.resolve("lines.txt");
            WordCountBenchmark.writeLines(input, lines, 42);
        }
        if (!variant.endsWith("-cold") && !variant.equals("auto")) {
            warm = Weft.create(config());
        }
    }

    @Setup(Level.Invocation)
    public void startDriver() {
        if (warm == null) {
            perRun = Weft.create(config());
        }
    }

    @TearDown(Level.Invocation)
    public void stopDriver() {
        if (perRun != null) {
            perRun.close();
            perRun = null;
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        if (warm != null) {
            warm.close();
        }
        try (var files = Files.walk(directory)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private WeftConfig config() {
        String engine = variant.equals("auto") ? WeftConfig.AUTO : variant.replace("-cold", "").replace("-warm", "");
        return WeftConfig.builder().engine(engine).spillDirectory(directory.resolve("spill"))
                .engineProperty("weft.spark.host.memory", hostMemory)
                .engineProperty("weft.flink.host.memory", hostMemory)
                .build();
    }

    @Benchmark
    public List<Row> run() {
        Pipeline pipeline = Pipeline.create(workload);
        Collected<Row> rows = build(pipeline).collect();
        JobHandle job = (warm != null ? warm : perRun).submit(pipeline);
        job.await();
        return job.collected(rows);
    }

    private dev.weft.api.Dataset<Row> build(Pipeline pipeline) {
        if (input != null) {
            return WordCount.build(pipeline, input);
        }
        // tpch-q3-sf0.1 -> query 3 at scale 0.1
        String[] parts = workload.toLowerCase(Locale.ROOT).split("-");
        int query = Integer.parseInt(parts[1].substring(1));
        double scale = Double.parseDouble(parts[2].substring(2));
        return TpchQueries.query(pipeline, query, scale);
    }
}
