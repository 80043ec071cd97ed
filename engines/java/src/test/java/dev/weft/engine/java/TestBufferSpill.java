package dev.weft.engine.java;

import static dev.weft.api.expr.Expressions.sum;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.api.Collected;
import dev.weft.api.Dataset;
import dev.weft.api.JoinKeys;
import dev.weft.api.Pipeline;
import dev.weft.api.plan.JoinType;
import dev.weft.api.spi.ExecutionSettings;
import dev.weft.api.types.Row;
import dev.weft.engine.java.exec.SpillableBatchBuffer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * With a 2 MiB memory budget, data the engine buffers between operators (aggregation states waiting for their output
 * partition, an operator read by two consumers) spills to files in the spill directory, and the results are right.
 * Spilling is observed by a lambda that runs while the buffered data is still waiting to be read and lists the spill
 * directory.
 */
class TestBufferSpill extends EngineTestBase {
    record Entry(long key, long value) {}

    record Label(long key, String label) {}

    record Padded(long value, String padding) {}

    private final AtomicInteger mostBufferFilesSeen = new AtomicInteger();

    @Override
    ExecutionSettings settings() {
        return new ExecutionSettings(2, 2L << 20, temp.resolve("spill"), 1024);
    }

    @Test
    void highCardinalityAggregationSpillsItsWaitingStates() throws IOException {
        int groups = 250_000;
        Path spill = settings().spillDirectory();
        Pipeline pipeline = Pipeline.create();
        Dataset<Row> totals = pipeline.generate(2L * groups, 0)
                .map(v -> new Entry(v % groups, v), Entry.class)
                .groupBy("key")
                .aggregate(sum("value").as("total"));
        // The join builds its table from the labels after the aggregation has repartitioned its partial states and
        // before any output partition merged them: the states wait in their buffers while this lambda runs.
        Dataset<Label> labels = pipeline.fromCollection(LongStream.range(0, 10).boxed().toList(), Long.class)
                .map(k -> {
                    observeBufferFiles(spill);
                    return new Label(k, "label-" + k);
                }, Label.class);
        Collected<Row> out = totals.join(labels, JoinType.LEFT, JoinKeys.using("key")).collect();

        List<Row> rows = collect(pipeline, out);

        assertThat(rows).hasSize(groups);
        long checksum = 0;
        for (Row row : rows) {
            long key = row.getLong("key");
            assertThat(row.getLong("total")).isEqualTo(2 * key + groups);
            checksum += key;
            if (key < 10) {
                assertThat(row.getString("label")).isEqualTo("label-" + key);
            }
        }
        assertThat(checksum).isEqualTo((long) groups * (groups - 1) / 2);
        assertThat(mostBufferFilesSeen.get()).as("buffer spill files seen while the states waited").isPositive();
        assertThat(bufferFiles(spill)).as("buffer spill files left after the run").isZero();
    }

    @Test
    void sharedSubPlanReadTwiceSpills() throws IOException {
        int count = 200_000;
        Path spill = settings().spillDirectory();
        Pipeline pipeline = Pipeline.create();
        Dataset<Padded> shared = pipeline.generate(count, 0)
                .map(v -> new Padded(v, "padding-to-take-some-memory-%08d".formatted(v)), Padded.class);
        // Whichever consumer runs first reads copies while the materialized data waits for the second one.
        Collected<Long> values = shared.map(p -> {
            if (p.value() % 10_000 == 0) {
                observeBufferFiles(spill);
            }
            return p.value();
        }, Long.class).collect();
        Collected<Long> evens = shared.filter(p -> {
            if (p.value() % 10_000 == 0) {
                observeBufferFiles(spill);
            }
            return p.padding().endsWith("%08d".formatted(p.value())) && p.value() % 2 == 0;
        }).count().collect();

        run(pipeline);

        List<Long> all = context.elements(values.sink(), values.elementType());
        assertThat(all).hasSize(count);
        assertThat(all.stream().sorted().toList()).isEqualTo(LongStream.range(0, count).boxed().toList());
        assertThat(context.elements(evens.sink(), evens.elementType())).containsExactly((long) count / 2);
        assertThat(mostBufferFilesSeen.get()).as("buffer spill files seen while the shared data waited").isPositive();
        assertThat(bufferFiles(spill)).as("buffer spill files left after the run").isZero();
    }

    private void observeBufferFiles(Path directory) {
        int files = bufferFiles(directory);
        mostBufferFilesSeen.accumulateAndGet(files, Math::max);
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
