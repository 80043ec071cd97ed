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
import java.util.List;
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
 * TPC-H queries on the Java engine, data generated on the fly by the io.trino.tpch source. {@code lineitemCount}
 * is the same source with only a count on top: the share of the time that generation takes (rows/s = 6,001,215
 * lineitem rows at SF1 divided by the time).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(1)
public class TpchBenchmark {
    /** The query to run; a state of its own so that {@code lineitemCount} runs once, not once per query. */
    @State(Scope.Benchmark)
    public static class Query {
        @Param({"1", "6"})
        public int number;
    }

    @Param("1")
    public double scale;

    private Path directory;
    private Weft weft;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        directory = Files.createTempDirectory("weft-tpch-bench");
        weft = Weft.create(WeftConfig.builder().spillDirectory(directory).build());
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        weft.close();
        Files.deleteIfExists(directory);
    }

    @Benchmark
    public List<Row> tpchQuery(Query query) {
        Pipeline pipeline = Pipeline.create("tpch-q" + query.number);
        Collected<Row> rows = TpchQueries.query(pipeline, query.number, scale).collect();
        return run(pipeline, rows);
    }

    @Benchmark
    public List<Long> lineitemCount() {
        Pipeline pipeline = Pipeline.create("lineitem-count");
        Collected<Long> count = pipeline.readTpch("lineitem", scale).count().collect();
        return run(pipeline, count);
    }

    private <T> List<T> run(Pipeline pipeline, Collected<T> handle) {
        JobHandle job = weft.submit(pipeline);
        job.await();
        return job.collected(handle);
    }
}
