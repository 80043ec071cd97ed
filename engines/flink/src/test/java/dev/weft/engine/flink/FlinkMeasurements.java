package dev.weft.engine.flink;

import static dev.weft.api.expr.Expressions.count;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.api.Pipeline;
import dev.weft.api.spi.Engine;
import dev.weft.api.spi.EngineContext;
import dev.weft.api.spi.ExecutionSettings;
import dev.weft.conformance.EngineRuns;
import dev.weft.engine.java.JavaEngineProvider;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measurements behind FlinkStageRunner's runtime-mode choice and the cost profile (not a regular test: run with
 * {@code -Dtest=FlinkMeasurements -Dweft.flink.measure=true}). Word count of 1M lines (about 60 MB, 9.5M words):
 * Java engine warm, Flink STREAMING cold (host start included) and warm, Flink BATCH warm. Results go to the log and
 * to target/flink-measurements.txt.
 */
@EnabledIfSystemProperty(named = "weft.flink.measure", matches = "true")
class FlinkMeasurements {
    private static final Logger log = LoggerFactory.getLogger(FlinkMeasurements.class);
    private static final int LINES = Integer.getInteger("weft.flink.measure.lines", 1_000_000);

    @Test
    void wordCount(@TempDir Path directory) throws IOException {
        Path text = writeLines(directory.resolve("words.txt"));
        ExecutionSettings settings = new ExecutionSettings(2, 512L << 20, Files.createDirectories(directory.resolve("spill")), 4096);
        List<String> report = new ArrayList<>();
        report.add("word count, %d lines, %d bytes".formatted(LINES, Files.size(text)));
        try (RootAllocator root = new RootAllocator(Long.MAX_VALUE)) {
            measure(report, "java", new JavaEngineProvider().create(new EngineContext(root.newChildAllocator("java", 0, Long.MAX_VALUE), settings)),
                    root, settings, text);
            for (String mode : List.of("STREAMING", "BATCH")) {
                long start = System.nanoTime();
                Engine flink = new FlinkEngineProvider().create(new EngineContext(root.newChildAllocator("flink-" + mode, 0, Long.MAX_VALUE), settings,
                        Map.of(FlinkStageRunner.RUNTIME_MODE, mode)));
                Pipeline trivial = Pipeline.create("trivial");
                trivial.fromCollection(List.of(1L), Long.class).collect();
                EngineRuns.rows(flink, trivial, root, settings);
                report.add("flink %s: host cold start + first trivial job %.2f s".formatted(mode, (System.nanoTime() - start) / 1e9));
                measure(report, "flink " + mode, flink, root, settings, text);
            }
        }
        report.forEach(line -> log.info("{}", line));
        Files.write(Path.of("target", "flink-measurements.txt"), report, StandardCharsets.UTF_8);
    }

    private static void measure(List<String> report, String name, Engine engine, BufferAllocator root, ExecutionSettings settings, Path text) {
        try (engine) {
            double[] seconds = new double[4];
            for (int run = 0; run < seconds.length; run++) {
                Pipeline pipeline = Pipeline.create("word-count");
                pipeline.readText(text)
                        .flatMap((String line, dev.weft.api.function.Emitter<String> out) -> {
                            for (String word : line.split(" ")) {
                                out.emit(word);
                            }
                        }, String.class)
                        .groupBy("value").aggregate(count().as("n"))
                        .collect();
                long start = System.nanoTime();
                List<Object[]> rows = EngineRuns.rows(engine, pipeline, root, settings);
                seconds[run] = (System.nanoTime() - start) / 1e9;
                assertThat(rows).hasSize(1000);
            }
            double[] warm = Arrays.copyOfRange(seconds, 1, seconds.length);
            Arrays.sort(warm);
            report.add("%s: first %.2f s, warm median %.2f s (runs %s)".formatted(name, seconds[0], warm[warm.length / 2], Arrays.toString(seconds)));
        }
    }

    private static Path writeLines(Path file) throws IOException {
        Random random = new Random(1);
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < LINES; i++) {
                line.setLength(0);
                int words = 5 + random.nextInt(10);
                for (int w = 0; w < words; w++) {
                    if (w > 0) {
                        line.append(' ');
                    }
                    line.append("word").append(random.nextInt(1000));
                }
                out.write(line.toString());
                out.newLine();
            }
        }
        return file;
    }
}
