package dev.weft.engine.flink;

import static dev.weft.api.expr.Expressions.col;
import static dev.weft.api.expr.Expressions.count;
import static dev.weft.api.expr.Expressions.sum;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.api.Pipeline;
import dev.weft.api.spi.Engine;
import dev.weft.api.spi.EngineContext;
import dev.weft.api.spi.ExecutionSettings;
import dev.weft.conformance.EngineRuns;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Memory is bounded by design, not by the data: a grouped aggregation whose input (6M rows, ~300 MB as heap rows) is
 * larger than the host's whole heap (256m) and whose groups (1M) are far beyond the stage's memory budget (8 MB)
 * answers right: the aggregators take their input as it streams and spill their groups beyond the budget (the host log
 * says so). The former translation held every input row of a subtask on the heap and died of OutOfMemoryError.
 */
class TestFlinkBoundedMemory {
    private static final long ROWS = 6_000_000;
    private static final long KEYS = 1_000_000;

    @TempDir
    Path directory;

    private RootAllocator root;
    private BufferAllocator allocator;

    @BeforeEach
    void createAllocator() {
        root = new RootAllocator(Long.MAX_VALUE);
        allocator = root.newChildAllocator("flink", 0, Long.MAX_VALUE);
    }

    @AfterEach
    void closeAllocator() {
        assertThat(allocator.getAllocatedMemory()).as("Arrow memory left allocated").isZero();
        allocator.close();
        root.close();
    }

    @Test
    void anAggregationLargerThanTheHeapAndTheBudgetAnswersRight() throws IOException {
        Path work = Files.createDirectories(directory.resolve("host"));
        ExecutionSettings settings = new ExecutionSettings(2, 8L << 20, Files.createDirectories(directory.resolve("spill")), 4096);
        Map<String, String> properties = Map.of("weft.flink.host.memory", "256m", "weft.flink.host.work-dir", work.toString());
        Pipeline pipeline = Pipeline.create("bounded");
        pipeline.generate(ROWS, 0)
                .groupBy(col("value").mod(KEYS).as("k"))
                .aggregate(count().as("n"), sum(col("value")).as("s"))
                .collect();
        List<Object[]> rows;
        try (Engine flink = new FlinkEngineProvider().create(new EngineContext(allocator, settings, properties))) {
            rows = EngineRuns.rows(flink, pipeline, allocator, settings);
        }

        assertThat(rows).hasSize((int) KEYS);
        long groups = ROWS / KEYS;
        long offsets = KEYS * (groups * (groups - 1) / 2);
        for (Object[] row : rows) {
            long k = (Long) row[0];
            assertThat(row).as("group %d", k).containsExactly(k, groups, groups * k + offsets);
        }
        assertThat(hostLog(work)).as("the host log says the aggregators spilled").contains("bytes spilled to");
    }

    private static String hostLog(Path work) throws IOException {
        try (Stream<Path> files = Files.walk(work)) {
            return files.filter(path -> path.getFileName().toString().equals("host.log")).map(path -> {
                try {
                    return Files.readString(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).reduce("", String::concat);
        }
    }
}
