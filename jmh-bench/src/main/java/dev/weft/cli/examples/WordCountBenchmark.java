package dev.weft.cli.examples;

import dev.weft.adaptive.JobHandle;
import dev.weft.adaptive.Weft;
import dev.weft.adaptive.WeftConfig;
import dev.weft.api.Collected;
import dev.weft.api.Pipeline;
import dev.weft.api.types.Row;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
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
 * Word count over generated lines (Zipf-like vocabulary, ~10 words a line): Weft's Java engine against a
 * hand-written parallel {@code java.util.stream} with the same tokenizer, both producing the same sorted list.
 * Run: {@code java <flags> -jar jmh-bench/target/benchmarks.jar WordCountBenchmark -prof gc}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(1)
public class WordCountBenchmark {
    @Param("1000000")
    public int lines;

    private Path directory;
    private Path input;
    private Weft weft;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        directory = Files.createTempDirectory("weft-wordcount-bench");
        input = directory.resolve("lines.txt");
        writeLines(input, lines, 42);
        weft = Weft.create(WeftConfig.builder().spillDirectory(directory.resolve("spill")).build());
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        weft.close();
        try (var files = Files.walk(directory)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    @Benchmark
    public List<Row> weft() {
        Pipeline pipeline = Pipeline.create("wordcount");
        Collected<Row> counts = WordCount.build(pipeline, input).collect();
        JobHandle job = weft.submit(pipeline);
        job.await();
        return job.collected(counts);
    }

    @Benchmark
    public List<Map.Entry<String, Long>> parallelStreamBaseline() {
        List<Map.Entry<String, Long>> entries = new ArrayList<>(WordCount.baseline(input).entrySet());
        entries.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        return entries;
    }

    /** Lines of words drawn from a 50k-word vocabulary with a skewed (Zipf-like) distribution. */
    static void writeLines(Path file, int count, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        String[] vocabulary = new String[50_000];
        for (int i = 0; i < vocabulary.length; i++) {
            StringBuilder word = new StringBuilder();
            int length = 2 + random.nextInt(8);
            for (int c = 0; c < length; c++) {
                word.append((char) ('a' + random.nextInt(26)));
            }
            vocabulary[i] = i % 7 == 0 ? capitalize(word.toString()) : word.toString();
        }
        try (BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int line = 0; line < count; line++) {
                int words = 6 + random.nextInt(9);
                for (int w = 0; w < words; w++) {
                    double u = random.nextDouble();
                    int index = (int) Math.min(vocabulary.length - 1, Math.floor(Math.pow(vocabulary.length, u)) - 1);
                    writer.write(vocabulary[Math.max(0, index)]);
                    writer.write(w % 5 == 4 ? ", " : " ");
                }
                writer.write('\n');
            }
        }
    }

    private static String capitalize(String word) {
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }
}
