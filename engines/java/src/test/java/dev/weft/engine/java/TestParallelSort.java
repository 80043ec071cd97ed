package dev.weft.engine.java;

import static dev.weft.api.expr.Expressions.asc;
import static dev.weft.api.expr.Expressions.desc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.api.Collected;
import dev.weft.api.Dataset;
import dev.weft.api.Pipeline;
import dev.weft.api.WeftException;
import dev.weft.api.spi.ExecutionSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Sort and top-k over 4 input partitions (a collection source splits its elements into contiguous ranges, one per
 * partition) under a 2 MiB budget: each partition sorts and spills on its own, the merge gives the total order, and
 * ties come in input order (within a partition, then by partition), so the result is Java's stable sort of the input.
 */
class TestParallelSort extends EngineTestBase {
    private static final int ROWS = 60_000;

    record Item(long key, int seq, String padding) {}

    @Override
    ExecutionSettings settings() {
        return new ExecutionSettings(4, 2L << 20, temp.resolve("spill"), 512);
    }

    private static List<Item> items() {
        return IntStream.range(0, ROWS)
                .mapToObj(i -> new Item((i * 7919L) % 101, i, "padding-to-take-memory-%08d-%s".formatted(i, "x".repeat(i % 40))))
                .toList();
    }

    @Test
    void sortSpillsPerPartitionAndMergesStably() {
        Pipeline pipeline = Pipeline.create();
        AtomicLong spillFilesSeen = new AtomicLong();
        Collected<Item> out = pipeline.fromCollection(items(), Item.class)
                .sort(asc("key"))
                .map(item -> {
                    if (item.seq() == 0 || spillFilesSeen.get() == 0) {
                        spillFilesSeen.accumulateAndGet(sortSpillFiles(), Math::max);
                    }
                    return item;
                }, Item.class)
                .collect();

        List<Item> rows = collect(pipeline, out);

        List<Item> expected = new ArrayList<>(items());
        expected.sort(Comparator.comparingLong(Item::key));
        assertThat(rows).containsExactlyElementsOf(expected);
        assertThat(spillFilesSeen.get()).as("sorted runs spilled by the partitions' sorters").isGreaterThan(1);
        assertThat(sortSpillFiles()).as("spill files deleted").isZero();
    }

    @Test
    void topKPerPartitionThenMergeKeepsTiesInInputOrder() {
        Pipeline pipeline = Pipeline.create();
        Collected<Item> out = pipeline.fromCollection(items(), Item.class).topK(2500, desc("key")).collect();

        List<Item> rows = collect(pipeline, out);

        List<Item> expected = new ArrayList<>(items());
        expected.sort(Comparator.comparingLong(Item::key).reversed());
        assertThat(rows).containsExactlyElementsOf(expected.subList(0, 2500));
    }

    @Test
    void failureInOnePartitionReleasesEverySorter() {
        Pipeline pipeline = Pipeline.create();
        Dataset<Item> items = pipeline.fromCollection(items(), Item.class);
        items.map(item -> {
            if (item.seq() == ROWS * 3 / 4 - 1) {
                throw new IllegalStateException("partition 2 is broken");
            }
            return item;
        }, Item.class).sort(asc("key")).collect();

        assertThatThrownBy(() -> run(pipeline)).isInstanceOf(WeftException.class).hasMessageContaining("partition 2 is broken");
        assertThat(sortSpillFiles()).as("spill files deleted").isZero();
        // the leak check (allocator back to 0) runs in @AfterEach
    }

    @Test
    void failureWhileMergingReleasesEverySorter() {
        Pipeline pipeline = Pipeline.create();
        pipeline.fromCollection(items(), Item.class).sort(desc("key")).map(item -> {
            if (item.key() == 50) {
                throw new IllegalStateException("consumer of the merge is broken");
            }
            return item;
        }, Item.class).collect();

        assertThatThrownBy(() -> run(pipeline)).isInstanceOf(WeftException.class).hasMessageContaining("consumer of the merge is broken");
        assertThat(sortSpillFiles()).as("spill files deleted").isZero();
    }

    private long sortSpillFiles() {
        Path directory = temp.resolve("spill");
        if (!Files.exists(directory)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(file -> file.getFileName().toString().startsWith("weft-sort-")).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
