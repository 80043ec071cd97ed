package dev.weft.engine.java;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.api.Collected;
import dev.weft.api.Dataset;
import dev.weft.api.ErrorCode;
import dev.weft.api.Pipeline;
import dev.weft.api.WeftException;
import dev.weft.api.function.Emitter;
import dev.weft.api.spi.ExecutionSettings;
import dev.weft.engine.java.exec.SpillableBatchBuffer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * With a 2 MiB memory budget, reduceByKey and coGroup with hundreds of thousands of keys hash-split their groups into
 * buckets that spill instead of holding them all as Java objects. Spilling is observed by the user lambdas (the reducer,
 * the coGroup function), which run while buckets wait to be read, listing the spill directory.
 */
class TestObjectGroupSpill extends EngineTestBase {
    record Entry(long key, long value) {}

    record Label(long key, String label) {}

    record Summary(long key, long count, long sum, String label) {}

    record Padded(long key, String padding) {}

    private final AtomicInteger mostBufferFilesSeen = new AtomicInteger();

    @Override
    ExecutionSettings settings() {
        return new ExecutionSettings(2, 2L << 20, temp.resolve("spill"), 1024);
    }

    @Test
    void reduceByKeyWithManyKeysSpills() {
        int groups = 300_000;
        Path spill = settings().spillDirectory();
        AtomicLong calls = new AtomicLong();
        Pipeline pipeline = Pipeline.create();
        Collected<Entry> out = pipeline.generate(2L * groups, 0)
                .map(v -> new Entry(v % groups, v), Entry.class)
                .reduceByKey(Entry::key, (a, b) -> {
                    if (calls.incrementAndGet() % 2_000 == 0) {
                        observeBufferFiles(spill);
                    }
                    return new Entry(a.key(), a.value() + b.value());
                })
                .collect();

        List<Entry> entries = collect(pipeline, out);

        assertThat(entries).hasSize(groups);
        long checksum = 0;
        for (Entry entry : entries) {
            assertThat(entry.value()).as("sum of key %d", entry.key()).isEqualTo(2 * entry.key() + groups);
            checksum += entry.key();
        }
        assertThat(checksum).as("every key once").isEqualTo((long) groups * (groups - 1) / 2);
        assertThat(mostBufferFilesSeen.get()).as("spill files seen while the reduction ran").isPositive();
        assertThat(bufferFiles(spill)).as("spill files left after the run").isZero();
    }

    @Test
    void coGroupWithManyKeysSpills() {
        int keys = 200_000;
        Path spill = settings().spillDirectory();
        Pipeline pipeline = Pipeline.create();
        Dataset<Entry> values = pipeline.generate(2L * keys, 0).map(v -> new Entry(v % keys, v), Entry.class);
        Dataset<Label> labels = pipeline.generate(keys, 0)
                .filter(k -> k % 3 != 0)
                .map(k -> new Label(k, "label-" + k), Label.class);
        Collected<Summary> out = values.coGroup(labels, Entry::key, Label::key, (Long key, Iterable<Entry> left, Iterable<Label> right,
                                                                                 Emitter<Summary> emitter) -> {
            if (key % 5_000 == 0) {
                observeBufferFiles(spill);
            }
            long count = 0;
            long sum = 0;
            for (Entry entry : left) {
                count++;
                sum += entry.value();
            }
            String label = "none";
            for (Label l : right) {
                label = l.label();
            }
            emitter.emit(new Summary(key, count, sum, label));
        }, Summary.class).collect();

        List<Summary> summaries = collect(pipeline, out);

        assertThat(summaries).hasSize(keys);
        long checksum = 0;
        for (Summary summary : summaries) {
            long key = summary.key();
            assertThat(summary.count()).as("left elements of key %d", key).isEqualTo(2);
            assertThat(summary.sum()).as("sum of key %d", key).isEqualTo(2 * key + keys);
            assertThat(summary.label()).as("label of key %d", key).isEqualTo(key % 3 != 0 ? "label-" + key : "none");
            checksum += key;
        }
        assertThat(checksum).as("every key once").isEqualTo((long) keys * (keys - 1) / 2);
        assertThat(mostBufferFilesSeen.get()).as("spill files seen while the groups were called").isPositive();
        assertThat(bufferFiles(spill)).as("spill files left after the run").isZero();
    }

    @Test
    void fewKeysStayInMemory() {
        int groups = 1_000;
        Path spill = settings().spillDirectory();
        Pipeline pipeline = Pipeline.create();
        Dataset<Entry> entries = pipeline.generate(10L * groups, 0).map(v -> new Entry(v % groups, v), Entry.class);
        Collected<Entry> sums = entries.reduceByKey(Entry::key, (a, b) -> {
            observeBufferFiles(spill);
            return new Entry(a.key(), a.value() + b.value());
        }).collect();
        Collected<Long> counts = entries.coGroup(entries, Entry::key, Entry::key, (Long key, Iterable<Entry> left, Iterable<Entry> right,
                                                                                  Emitter<Long> emitter) -> {
            observeBufferFiles(spill);
            long count = 0;
            for (Entry entry : left) {
                count++;
            }
            emitter.emit(count);
        }, Long.class).collect();

        run(pipeline);

        List<Entry> reduced = context.elements(sums.sink(), sums.elementType());
        assertThat(reduced).hasSize(groups);
        assertThat(reduced).allSatisfy(e -> assertThat(e.value()).isEqualTo(10 * e.key() + 45L * groups));
        assertThat(context.elements(counts.sink(), counts.elementType())).hasSize(groups).containsOnly(10L);
        assertThat(mostBufferFilesSeen.get()).as("spill files seen although everything fits").isZero();
    }

    @Test
    void coGroupKeyTooLargeForTheBudgetFailsNamingTheSetting() {
        Path spill = settings().spillDirectory();
        Pipeline pipeline = Pipeline.create();
        Dataset<Padded> big = pipeline.generate(40_000, 0)
                .map(v -> new Padded(7, "padding-to-take-some-memory-%08d".formatted(v)), Padded.class);
        Dataset<Long> small = pipeline.generate(10, 0);
        Collected<Long> out = big.coGroup(small, Padded::key, (Long v) -> v, (Long key, Iterable<Padded> left, Iterable<Long> right,
                                                                             Emitter<Long> emitter) -> emitter.emit(key),
                Long.class).collect();

        assertThatThrownBy(() -> run(pipeline))
                .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.EXCEEDED_MEMORY_LIMIT))
                .hasMessageContaining("weft.memory.budget")
                .hasMessageContaining("key 7");
        assertThat(bufferFiles(spill)).as("spill files left after the failure").isZero();
    }

    private void observeBufferFiles(Path directory) {
        mostBufferFilesSeen.accumulateAndGet(bufferFiles(directory), Math::max);
    }

    private static int bufferFiles(Path directory) {
        if (!Files.isDirectory(directory)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(directory)) {
            return (int) files.filter(f -> f.getFileName().toString().startsWith(SpillableBatchBuffer.FILE_PREFIX)).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
