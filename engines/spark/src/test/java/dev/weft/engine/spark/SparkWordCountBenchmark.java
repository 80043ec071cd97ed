package dev.weft.engine.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.api.Pipeline;
import dev.weft.api.spi.Engine;
import dev.weft.api.spi.EngineContext;
import dev.weft.api.spi.ExecutionSettings;
import dev.weft.conformance.EngineRuns;
import dev.weft.engine.java.JavaEngineProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Host start-up and word count (1M lines) on Spark local[2] in a host vs the Java engine; the numbers behind
 * spark.json. Not part of the normal test run: {@code mvn -pl engines/spark test -Dtest=SparkWordCountBenchmark
 * -Dweft.spark.bench=true}; results in target/spark-bench.txt.
 */
@EnabledIfSystemProperty(named = "weft.spark.bench", matches = "true")
class SparkWordCountBenchmark {
    private static final Logger log = LoggerFactory.getLogger(SparkWordCountBenchmark.class);

    @TempDir
    Path directory;

    @Test
    void measure() throws IOException {
        int lines = Integer.getInteger("weft.spark.bench.lines", 1_000_000);
        Path file = WordCounts.write(directory.resolve("words.txt"), lines, 7);
        ExecutionSettings settings = new ExecutionSettings(2, 512L << 20, Files.createDirectories(directory.resolve("spill")), 4096);
        List<String> report = new ArrayList<>();
        report.add("word count, %d lines, %d MB".formatted(lines, Files.size(file) >> 20));
        try (RootAllocator root = new RootAllocator(Long.MAX_VALUE)) {
            List<Object[]> expected;
            try (BufferAllocator allocator = root.newChildAllocator("java", 0, Long.MAX_VALUE);
                 Engine java = new JavaEngineProvider().create(new EngineContext(allocator, settings))) {
                List<Long> times = new ArrayList<>();
                expected = null;
                for (int i = 0; i < 4; i++) {
                    long start = System.nanoTime();
                    expected = wordCount(java, file, allocator, settings);
                    times.add(System.nanoTime() - start);
                }
                report.add("java engine: first %d ms, warm median %d ms".formatted(times.get(0) / 1_000_000, median(times.subList(1, 4)) / 1_000_000));
            }
            for (String serializer : System.getProperty("weft.spark.bench.serializers", "java,kryo").split(",")) {
                measureSpark(serializer, file, root, settings, expected, report);
            }
        }
        report.forEach(line -> log.warn("{}", line));
        Files.write(Path.of("target", "spark-bench.txt"), report);
        assertThat(report).hasSizeGreaterThan(3);
    }

    private static void measureSpark(String serializer, Path file, RootAllocator root, ExecutionSettings settings,
                                     List<Object[]> expected, List<String> report) {
        try (BufferAllocator allocator = root.newChildAllocator("spark-" + serializer, 0, Long.MAX_VALUE);
             Engine spark = new SparkEngineProvider(java.util.Map.of(SparkConfs.SERIALIZER, serializer))
                     .create(new EngineContext(allocator, settings))) {
            long start = System.nanoTime();
            trivial(spark, allocator, settings);
            long cold = System.nanoTime() - start;
            List<Long> trivial = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                long t = System.nanoTime();
                trivial(spark, allocator, settings);
                trivial.add(System.nanoTime() - t);
            }
            report.add("spark host (%s): cold start + trivial stage %d ms, warm trivial stage median %.1f ms"
                    .formatted(serializer, cold / 1_000_000, median(trivial) / 1e6));
            List<Long> times = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                long t = System.nanoTime();
                List<Object[]> actual = wordCount(spark, file, allocator, settings);
                times.add(System.nanoTime() - t);
                EngineRuns.assertSameRows(actual, expected);
            }
            report.add("spark local[2] (%s serializer) warm host: first word count %d ms, warm median %d ms"
                    .formatted(serializer, times.get(0) / 1_000_000, median(times.subList(1, 4)) / 1_000_000));
        }
    }

    private static List<Object[]> wordCount(Engine engine, Path file, BufferAllocator allocator, ExecutionSettings settings) {
        Pipeline pipeline = Pipeline.create("word-count");
        WordCounts.wordCount(pipeline, file).collect();
        return EngineRuns.rows(engine, pipeline, allocator, settings);
    }

    private static void trivial(Engine engine, BufferAllocator allocator, ExecutionSettings settings) {
        Pipeline pipeline = Pipeline.create("trivial");
        pipeline.fromCollection(List.of(1L, 2L, 3L), Long.class).collect();
        assertThat(EngineRuns.rows(engine, pipeline, allocator, settings)).hasSize(3);
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
