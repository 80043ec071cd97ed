package dev.weft.kernels.ops;

import static dev.weft.kernels.ops.TestData.field;
import static dev.weft.kernels.ops.TestData.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.plan.JoinType;
import dev.weft.api.types.DataTypes;
import dev.weft.kernels.memory.MemoryBudget;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TestHashJoiner {
    private static final long BIG_BUDGET = 1L << 30;
    private static final Schema PROBE = TestData.schema(field("id", DataTypes.INT32), field("k", DataTypes.INT64), field("p", DataTypes.STRING));
    private static final Schema BUILD = TestData.schema(field("k", DataTypes.INT64), field("b", DataTypes.STRING), field("amount", DataTypes.decimal(10, 2)));

    private BufferAllocator allocator;

    @BeforeEach
    void setUp() {
        allocator = new RootAllocator();
    }

    @AfterEach
    void tearDown() {
        assertThat(allocator.getAllocatedMemory()).as("leaked Arrow memory").isZero();
        allocator.close();
    }

    @Test
    void everyJoinTypeWithDuplicatesAndNullKeys() {
        List<List<Object>> probe = List.of(
                row(1, 10L, "a"), row(2, 10L, "b"), row(3, 20L, "c"), row(4, null, "d"), row(5, 30L, "e"), row(6, 40L, null));
        List<List<Object>> build = List.of(
                row(10L, "x", new BigDecimal("1.00")), row(10L, "y", new BigDecimal("2.00")), row(20L, "z", null),
                row(null, "n", new BigDecimal("3.00")), row(40L, null, new BigDecimal("4.00")));
        assertThat(join(JoinType.INNER, probe, build, 100)).containsExactlyInAnyOrder(
                row(1, 10L, "a", "x", new BigDecimal("1.00")), row(1, 10L, "a", "y", new BigDecimal("2.00")),
                row(2, 10L, "b", "x", new BigDecimal("1.00")), row(2, 10L, "b", "y", new BigDecimal("2.00")),
                row(3, 20L, "c", "z", null), row(6, 40L, null, null, new BigDecimal("4.00")));
        assertThat(join(JoinType.LEFT, probe, build, 100)).containsExactlyInAnyOrder(
                row(1, 10L, "a", "x", new BigDecimal("1.00")), row(1, 10L, "a", "y", new BigDecimal("2.00")),
                row(2, 10L, "b", "x", new BigDecimal("1.00")), row(2, 10L, "b", "y", new BigDecimal("2.00")),
                row(3, 20L, "c", "z", null), row(4, null, "d", null, null), row(5, 30L, "e", null, null),
                row(6, 40L, null, null, new BigDecimal("4.00")));
        assertThat(join(JoinType.SEMI, probe, build, 100)).containsExactly(
                row(1, 10L, "a"), row(2, 10L, "b"), row(3, 20L, "c"), row(6, 40L, null));
        assertThat(join(JoinType.ANTI, probe, build, 100)).containsExactly(row(4, null, "d"), row(5, 30L, "e"));
    }

    @Test
    void emptySides() {
        List<List<Object>> probe = List.of(row(1, 10L, "a"), row(2, null, "b"));
        assertThat(join(JoinType.INNER, probe, List.of(), 10)).isEmpty();
        assertThat(join(JoinType.SEMI, probe, List.of(), 10)).isEmpty();
        assertThat(join(JoinType.LEFT, probe, List.of(), 10)).containsExactly(row(1, 10L, "a", null, null), row(2, null, "b", null, null));
        assertThat(join(JoinType.ANTI, probe, List.of(), 10)).containsExactly(row(1, 10L, "a"), row(2, null, "b"));
        List<List<Object>> build = List.of(row(10L, "x", null));
        for (JoinType type : JoinType.values()) {
            assertThat(join(type, List.of(), build, 10)).as(type.name()).isEmpty();
        }
    }

    @Test
    void randomJoinsMatchANestedLoopReference() {
        Random random = new Random(11);
        List<List<Object>> probe = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            probe.add(row(i, random.nextInt(10) == 0 ? null : (long) random.nextInt(500), "p" + i));
        }
        List<List<Object>> build = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            build.add(row(random.nextInt(10) == 0 ? null : (long) random.nextInt(700), "b" + i, BigDecimal.valueOf(i, 2)));
        }
        for (JoinType type : JoinType.values()) {
            List<List<Object>> expected = ReferenceJoin.join(type, probe, new int[] {1}, build, new int[] {0}, outputColumns(type));
            assertThat(TestData.multiset(join(type, probe, build, 333))).as(type.name()).isEqualTo(TestData.multiset(expected));
        }
    }

    @Test
    void multiColumnKeysOfMixedTypes() {
        Schema probeSchema = TestData.schema(field("s", DataTypes.STRING), field("d", DataTypes.DATE), field("dec", DataTypes.decimal(9, 2)),
                field("flag", DataTypes.BOOLEAN), field("i", DataTypes.INT32), field("f", DataTypes.FLOAT32));
        Schema buildSchema = TestData.schema(field("i", DataTypes.INT64), field("flag", DataTypes.BOOLEAN), field("dec", DataTypes.decimal(20, 2)),
                field("d", DataTypes.DATE), field("s", DataTypes.STRING), field("f", DataTypes.FLOAT64), field("payload", DataTypes.INT32));
        Random random = new Random(12);
        List<List<Object>> probe = new ArrayList<>();
        List<List<Object>> build = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            String s = random.nextInt(20) == 0 ? null : "s" + random.nextInt(3);
            LocalDate d = LocalDate.of(2024, 1, 1 + random.nextInt(2));
            BigDecimal dec = BigDecimal.valueOf(random.nextInt(2), 2);
            Boolean flag = random.nextBoolean();
            int n = random.nextInt(3);
            float f = random.nextInt(2) / 2.0f;
            probe.add(row(s, d, dec, flag, n, f));
            String bs = random.nextInt(20) == 0 ? null : "s" + random.nextInt(3);
            build.add(row((long) random.nextInt(3), random.nextBoolean(), BigDecimal.valueOf(random.nextInt(2), 2),
                    LocalDate.of(2024, 1, 1 + random.nextInt(2)), bs, random.nextInt(2) / 2.0, i));
        }
        int[] probeKeys = {0, 1, 2, 3, 4, 5};
        int[] buildKeys = {4, 3, 2, 1, 0, 5};
        for (JoinType type : JoinType.values()) {
            int[] outputs = type == JoinType.INNER || type == JoinType.LEFT ? new int[] {6, 0} : new int[0];
            List<List<Object>> actual = join(type, probeSchema, probeKeys, probe, buildSchema, buildKeys, build, outputs, 500, BIG_BUDGET);
            List<List<Object>> expected = ReferenceJoin.join(type, probe, probeKeys, build, buildKeys, outputs);
            assertThat(expected).isNotEmpty();
            assertThat(TestData.multiset(actual)).as(type.name()).isEqualTo(TestData.multiset(expected));
        }
    }

    @Test
    void stringAndNormalizedFloatKeys() {
        Schema strings = TestData.schema(field("s", DataTypes.STRING));
        List<List<Object>> probe = List.of(row("a"), row(""), row((Object) null), row("ü"), row("b"));
        List<List<Object>> build = List.of(row("ü"), row(""), row((Object) null), row("a"), row("a"));
        assertThat(join(JoinType.INNER, strings, new int[] {0}, probe, strings, new int[] {0}, build, new int[] {0}, 10, BIG_BUDGET))
                .containsExactlyInAnyOrder(row("a", "a"), row("a", "a"), row("", ""), row("ü", "ü"));
        Schema doubles = TestData.schema(field("f", DataTypes.FLOAT64));
        assertThat(join(JoinType.SEMI, doubles, new int[] {0}, List.of(row(-0.0), row(Double.NaN), row(1.0)), doubles, new int[] {0},
                List.of(row(0.0), row(Double.NaN)), new int[0], 10, BIG_BUDGET)).containsExactly(row(-0.0), row(Double.NaN));
    }

    @Test
    void outputBatchesNeverExceedTheBatchSize() {
        List<List<Object>> probe = List.of(row(1, 7L, "a"), row(2, 7L, "b"), row(3, 8L, "c"));
        List<List<Object>> build = new ArrayList<>();
        for (int i = 0; i < 2500; i++) {
            build.add(row(7L, "b" + i, null));
        }
        TestData.Collector collector = new TestData.Collector();
        try (HashJoiner joiner = joiner(JoinType.LEFT, PROBE, new int[] {1}, BUILD, new int[] {0}, new int[] {1, 2}, 1000, BIG_BUDGET)) {
            buildAll(joiner, BUILD, build, 700);
            joiner.finishBuild();
            probeAll(joiner, PROBE, probe, collector);
        }
        assertThat(collector.rows).hasSize(5001);
        assertThat(collector.largestBatch).isEqualTo(1000);
        assertThat(collector.batches).isEqualTo(6);
    }

    @Test
    void concurrentProbesFromFourThreads() throws Exception {
        Random random = new Random(13);
        List<List<Object>> build = new ArrayList<>();
        for (int i = 0; i < 50_000; i++) {
            build.add(row((long) random.nextInt(20_000), "b" + i, BigDecimal.valueOf(i, 2)));
        }
        List<List<List<Object>>> probes = new ArrayList<>();
        List<List<Object>> allProbe = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            List<List<Object>> probe = new ArrayList<>();
            for (int i = 0; i < 20_000; i++) {
                probe.add(row(t * 100_000 + i, (long) random.nextInt(25_000), "p" + i));
            }
            probes.add(probe);
            allProbe.addAll(probe);
        }
        List<List<Object>> results = Collections.synchronizedList(new ArrayList<>());
        ExecutorService executor = Executors.newFixedThreadPool(4);
        try (HashJoiner joiner = joiner(JoinType.INNER, PROBE, new int[] {1}, BUILD, new int[] {0}, new int[] {1, 2}, 4096, BIG_BUDGET)) {
            buildAll(joiner, BUILD, build, 4096);
            joiner.finishBuild();
            List<Future<?>> futures = new ArrayList<>();
            for (List<List<Object>> probe : probes) {
                futures.add(executor.submit(() -> {
                    TestData.Collector collector = new TestData.Collector();
                    probeAll(joiner, PROBE, probe, collector);
                    results.addAll(collector.rows);
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            executor.shutdownNow();
        }
        List<List<Object>> expected = ReferenceJoin.join(JoinType.INNER, allProbe, new int[] {1}, build, new int[] {0}, new int[] {1, 2});
        assertThat(results).hasSize(expected.size());
        assertThat(TestData.multiset(results)).isEqualTo(TestData.multiset(expected));
    }

    @Test
    void aBuildSideBeyondTheBudgetFailsWithTheSettingToRaise() {
        List<List<Object>> build = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            build.add(row((long) i, "a build row with a long string payload " + i, null));
        }
        MemoryBudget budget = new MemoryBudget(256 * 1024);
        try (HashJoiner joiner = new HashJoiner(JoinType.INNER, PROBE, new int[] {1}, BUILD, new int[] {0}, new int[] {1, 2},
                output(JoinType.INNER, PROBE, BUILD, new int[] {1, 2}), allocator, budget, 1024)) {
            assertThatThrownBy(() -> buildAll(joiner, BUILD, build, 2000))
                    .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.EXCEEDED_MEMORY_LIMIT))
                    .hasMessageContaining("weft.memory.budget").hasMessageContaining("bytes");
        }
        assertThat(budget.reserved()).isZero();
    }

    @Test
    void rejectsMismatchedKeysAndOutputSchemas() {
        assertThatThrownBy(() -> joiner(JoinType.INNER, PROBE, new int[] {2}, BUILD, new int[] {0}, new int[0], 10, BIG_BUDGET))
                .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.TYPE_MISMATCH))
                .hasMessageContaining("string 'p'").hasMessageContaining("bigint 'k'");
        assertThatThrownBy(() -> joiner(JoinType.INNER, PROBE, new int[] {1, 2}, BUILD, new int[] {0}, new int[0], 10, BIG_BUDGET))
                .isInstanceOf(WeftException.class).hasMessageContaining("as many probe keys as build keys");
        assertThatThrownBy(() -> new HashJoiner(JoinType.INNER, PROBE, new int[] {1}, BUILD, new int[] {0}, new int[] {1}, PROBE,
                allocator, new MemoryBudget(BIG_BUDGET), 10))
                .isInstanceOf(WeftException.class).hasMessageContaining("output schema");
        try (HashJoiner joiner = joiner(JoinType.SEMI, PROBE, new int[] {1}, BUILD, new int[] {0}, new int[0], 10, BIG_BUDGET);
             VectorSchemaRoot batch = TestData.batch(allocator, PROBE, List.of(row(1, 1L, "a")))) {
            assertThatThrownBy(() -> joiner.probe(batch, VectorSchemaRoot::close)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("finishBuild");
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    private List<List<Object>> join(JoinType type, List<List<Object>> probe, List<List<Object>> build, int batchSize) {
        return join(type, PROBE, new int[] {1}, probe, BUILD, new int[] {0}, build, outputColumns(type), batchSize, BIG_BUDGET);
    }

    private static int[] outputColumns(JoinType type) {
        return type == JoinType.INNER || type == JoinType.LEFT ? new int[] {1, 2} : new int[0];
    }

    private List<List<Object>> join(JoinType type, Schema probeSchema, int[] probeKeys, List<List<Object>> probe, Schema buildSchema,
                                    int[] buildKeys, List<List<Object>> build, int[] outputs, int batchSize, long budget) {
        TestData.Collector collector = new TestData.Collector();
        try (HashJoiner joiner = joiner(type, probeSchema, probeKeys, buildSchema, buildKeys, outputs, batchSize, budget)) {
            buildAll(joiner, buildSchema, build, 300);
            joiner.finishBuild();
            probeAll(joiner, probeSchema, probe, collector);
        }
        assertThat(collector.largestBatch).isLessThanOrEqualTo(batchSize);
        return collector.rows;
    }

    private HashJoiner joiner(JoinType type, Schema probeSchema, int[] probeKeys, Schema buildSchema, int[] buildKeys, int[] outputs,
                              int batchSize, long budget) {
        return new HashJoiner(type, probeSchema, probeKeys, buildSchema, buildKeys, outputs, output(type, probeSchema, buildSchema, outputs),
                allocator, new MemoryBudget(budget), batchSize);
    }

    private static Schema output(JoinType type, Schema probeSchema, Schema buildSchema, int[] outputs) {
        List<Field> fields = new ArrayList<>(probeSchema.getFields());
        for (int column : outputs) {
            Field field = buildSchema.getFields().get(column);
            fields.add(DataTypes.field("right_" + field.getName(), field.getType(), true));
        }
        return new Schema(fields);
    }

    private void buildAll(HashJoiner joiner, Schema schema, List<List<Object>> rows, int batchSize) {
        for (int from = 0; from < rows.size(); from += batchSize) {
            try (VectorSchemaRoot batch = TestData.batch(allocator, schema, rows.subList(from, Math.min(rows.size(), from + batchSize)))) {
                joiner.build(batch);
            }
        }
    }

    private void probeAll(HashJoiner joiner, Schema schema, List<List<Object>> rows, TestData.Collector collector) {
        for (int from = 0; from < rows.size(); from += 1000) {
            try (VectorSchemaRoot batch = TestData.batch(allocator, schema, rows.subList(from, Math.min(rows.size(), from + 1000)))) {
                joiner.probe(batch, collector);
            }
        }
    }

    /** A nested-loop join over Java rows with SQL key equality (NULL never matches; integers by value; -0.0 = 0.0). */
    static final class ReferenceJoin {
        static List<List<Object>> join(JoinType type, List<List<Object>> probe, int[] probeKeys, List<List<Object>> build, int[] buildKeys, int[] outputs) {
            Map<List<Object>, List<List<Object>>> index = new HashMap<>();
            for (List<Object> row : build) {
                List<Object> key = key(row, buildKeys);
                if (key != null) {
                    index.computeIfAbsent(key, ignored -> new ArrayList<>()).add(row);
                }
            }
            List<List<Object>> result = new ArrayList<>();
            for (List<Object> row : probe) {
                List<Object> key = key(row, probeKeys);
                List<List<Object>> matches = key == null ? List.of() : index.getOrDefault(key, List.of());
                switch (type) {
                    case SEMI -> {
                        if (!matches.isEmpty()) {
                            result.add(row);
                        }
                    }
                    case ANTI -> {
                        if (matches.isEmpty()) {
                            result.add(row);
                        }
                    }
                    case INNER, LEFT -> {
                        for (List<Object> match : matches) {
                            List<Object> out = new ArrayList<>(row);
                            for (int column : outputs) {
                                out.add(match.get(column));
                            }
                            result.add(out);
                        }
                        if (matches.isEmpty() && type == JoinType.LEFT) {
                            List<Object> out = new ArrayList<>(row);
                            for (int ignored : outputs) {
                                out.add(null);
                            }
                            result.add(out);
                        }
                    }
                }
            }
            return result;
        }

        private static List<Object> key(List<Object> row, int[] columns) {
            List<Object> key = new ArrayList<>();
            for (int column : columns) {
                Object value = row.get(column);
                if (value == null) {
                    return null;
                }
                if (value instanceof Float || value instanceof Double) {
                    double d = ((Number) value).doubleValue();
                    value = d == 0.0 ? 0.0 : d;
                } else if (value instanceof Number number && !(value instanceof BigDecimal)) {
                    value = number.longValue();
                }
                key.add(value);
            }
            return key;
        }
    }
}
