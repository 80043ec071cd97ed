package dev.weft.engine.java;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.api.Collected;
import dev.weft.api.Dataset;
import dev.weft.api.ErrorCode;
import dev.weft.api.JoinKeys;
import dev.weft.api.Pipeline;
import dev.weft.api.WeftException;
import dev.weft.api.plan.JoinType;
import dev.weft.api.spi.ExecutionSettings;
import dev.weft.api.types.Row;
import dev.weft.engine.java.exec.SpillableBatchBuffer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * With a 2 MiB memory budget, a join whose right (build) side is several times larger than the budget hash-splits both
 * sides into spilled bucket pairs and joins them one at a time, with the same result as an in-memory join. Spilling is
 * observed by a lambda of the left input, which runs after the build side was split into its buckets.
 */
class TestGraceHashJoin extends EngineTestBase {
    record Probe(Long key, long id) {}

    record Build(Long rkey, String payload) {}

    private static final int BUILD_ROWS = 300_000;
    private static final int PROBE_ROWS = 120_000;

    private final AtomicInteger mostBufferFilesSeen = new AtomicInteger();

    @Override
    ExecutionSettings settings() {
        return new ExecutionSettings(2, 2L << 20, temp.resolve("spill"), 1024);
    }

    /** Build keys 0..99,999 three times each (payload differs), every 1000th row a NULL key. */
    private static Build build(long i) {
        return new Build(i % 1_000 == 0 ? null : i % 100_000, "payload-%08d".formatted(i));
    }

    /** Probe keys 0..149,999 (some without a match, some twice), every 997th row a NULL key. */
    private static Probe probe(long id) {
        return new Probe(id % 997 == 0 ? null : id % 150_000, id);
    }

    @ParameterizedTest
    @EnumSource(JoinType.class)
    void buildSideLargerThanTheBudgetSpillsAndJoinsExactly(JoinType type) {
        Path spill = settings().spillDirectory();
        Pipeline pipeline = Pipeline.create();
        Dataset<Probe> left = pipeline.generate(PROBE_ROWS, 0).map(id -> {
            if (id % 4_000 == 0) {
                observeBufferFiles(spill);
            }
            return probe(id);
        }, Probe.class);
        Dataset<Build> right = pipeline.generate(BUILD_ROWS, 0).map(TestGraceHashJoin::build, Build.class);
        Collected<Row> out = left.join(right, type, JoinKeys.on("key", "rkey")).collect();

        List<Row> rows = collect(pipeline, out);

        assertThat(rows).hasSize(expected(type).size());
        assertThat(rows.stream().map(row -> describe(type, row)).sorted().toList()).isEqualTo(expected(type));
        assertThat(mostBufferFilesSeen.get()).as("spill files seen while the probe side was split").isPositive();
        assertThat(bufferFiles(spill)).as("spill files left after the run").isZero();
    }

    @Test
    void smallBuildSideStaysInMemory() {
        Path spill = settings().spillDirectory();
        Pipeline pipeline = Pipeline.create();
        Dataset<Probe> left = pipeline.generate(PROBE_ROWS, 0).map(id -> {
            observeBufferFiles(spill);
            return probe(id);
        }, Probe.class);
        Dataset<Build> right = pipeline.generate(3_000, 0).map(TestGraceHashJoin::build, Build.class);
        Collected<Row> out = left.join(right, JoinType.INNER, JoinKeys.on("key", "rkey")).collect();

        List<Row> rows = collect(pipeline, out);

        // build keys 1..2999 except multiples of 1000; each probe key 0..149,999 occurs for ids k and k + 150,000 (< 120,000: once)
        long expected = 0;
        for (long id = 0; id < PROBE_ROWS; id++) {
            Probe p = probe(id);
            if (p.key() != null && p.key() < 3_000 && p.key() % 1_000 != 0) {
                expected++;
            }
        }
        assertThat(rows).hasSize((int) expected);
        assertThat(mostBufferFilesSeen.get()).as("spill files seen although the build side fits").isZero();
    }

    @Test
    void skewedKeyTooLargeForTheBudgetFailsNamingTheSetting() {
        Path spill = settings().spillDirectory();
        Pipeline pipeline = Pipeline.create();
        Dataset<Probe> left = pipeline.generate(1_000, 0).map(TestGraceHashJoin::probe, Probe.class);
        Dataset<Build> right = pipeline.generate(150_000, 0)
                .map(i -> new Build(7L, "padding-to-take-some-memory-%08d".formatted(i)), Build.class);
        Collected<Row> out = left.join(right, JoinType.INNER, JoinKeys.on("key", "rkey")).collect();

        assertThatThrownBy(() -> run(pipeline))
                .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.EXCEEDED_MEMORY_LIMIT))
                .hasMessageContaining("weft.memory.budget")
                .hasMessageContaining("skewed");
        assertThat(bufferFiles(spill)).as("spill files left after the failure").isZero();
    }

    @Test
    void failureWhileJoiningBucketsLeavesNothingBehind() {
        Path spill = settings().spillDirectory();
        Pipeline pipeline = Pipeline.create();
        Dataset<Probe> left = pipeline.generate(PROBE_ROWS, 0).map(id -> {
            if (id == PROBE_ROWS / 2) {
                observeBufferFiles(spill);
                throw new IllegalStateException("probe lambda failed");
            }
            return probe(id);
        }, Probe.class);
        Dataset<Build> right = pipeline.generate(BUILD_ROWS, 0).map(TestGraceHashJoin::build, Build.class);
        Collected<Row> out = left.join(right, JoinType.LEFT, JoinKeys.on("key", "rkey")).collect();

        assertThatThrownBy(() -> run(pipeline)).hasStackTraceContaining("probe lambda failed");
        assertThat(mostBufferFilesSeen.get()).as("spill files seen before the failure").isPositive();
        assertThat(bufferFiles(spill)).as("spill files left after the failure").isZero();
    }

    /** The joined rows a plain Java join gives, described as by {@link #describe}, sorted. */
    private static List<String> expected(JoinType type) {
        Map<Long, List<String>> payloads = new HashMap<>();
        for (long i = 0; i < BUILD_ROWS; i++) {
            Build b = build(i);
            if (b.rkey() != null) {
                payloads.computeIfAbsent(b.rkey(), k -> new ArrayList<>()).add(b.payload());
            }
        }
        List<String> rows = new ArrayList<>();
        for (long i = 0; i < PROBE_ROWS; i++) {
            long id = i;
            Probe p = probe(id);
            List<String> matches = p.key() == null ? List.of() : payloads.getOrDefault(p.key(), List.of());
            switch (type) {
                case INNER -> matches.forEach(payload -> rows.add(id + "|" + p.key() + "|" + payload));
                case LEFT -> {
                    if (matches.isEmpty()) {
                        rows.add(id + "|null|null");
                    } else {
                        matches.forEach(payload -> rows.add(id + "|" + p.key() + "|" + payload));
                    }
                }
                case SEMI -> {
                    if (!matches.isEmpty()) {
                        rows.add(id + "|" + p.key());
                    }
                }
                case ANTI -> {
                    if (matches.isEmpty()) {
                        rows.add(id + "|" + p.key());
                    }
                }
                default -> throw new IllegalArgumentException(type.toString());
            }
        }
        return rows.stream().sorted().toList();
    }

    private static String describe(JoinType type, Row row) {
        long id = row.getLong("id");
        if (type == JoinType.SEMI || type == JoinType.ANTI) {
            return id + "|" + row.get("key");
        }
        assertThat(row.get("key")).as("left key of row %d", id).isEqualTo(row.get("rkey") == null ? row.get("key") : row.get("rkey"));
        return id + "|" + row.get("rkey") + "|" + row.get("payload");
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
