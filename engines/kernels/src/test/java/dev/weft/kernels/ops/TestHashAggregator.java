package dev.weft.kernels.ops;

import static dev.weft.kernels.ops.TestData.field;
import static dev.weft.kernels.ops.TestData.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.expr.AggregateCall;
import dev.weft.api.expr.AggregateCall.Function;
import dev.weft.api.expr.ColumnRef;
import dev.weft.api.expr.ExpressionTyper;
import dev.weft.api.types.DataTypes;
import dev.weft.kernels.memory.MemoryBudget;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestHashAggregator {
    private static final long BIG_BUDGET = 1L << 30;
    private static final Schema NUMBERS = TestData.schema(
            field("k", DataTypes.INT32),
            field("i8", DataTypes.INT8),
            field("i16", DataTypes.INT16),
            field("i32", DataTypes.INT32),
            field("i64", DataTypes.INT64),
            field("f32", DataTypes.FLOAT32),
            field("f64", DataTypes.FLOAT64),
            field("dec", DataTypes.decimal(10, 2)));

    @TempDir
    Path spillDirectory;

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
    void everyAggregateOfEveryNumericTypeMatchesTheReference() {
        List<List<Object>> rows = numberRows(new Random(1), 3000, 40);
        List<AggregateSpec> specs = allAggregates(NUMBERS, 1, 7, false);
        List<List<Object>> actual = run(NUMBERS, new int[] {0}, specs, AggregationMode.SINGLE, BIG_BUDGET, rows, 700);
        assertThat(actual).containsExactlyInAnyOrderElementsOf(ReferenceAggregation.aggregate(NUMBERS, rows, new int[] {0}, specs));
    }

    @Test
    void handWrittenGroupsWithNullsAndAnAllNullGroup() {
        Schema schema = TestData.schema(field("k", DataTypes.STRING), field("v", DataTypes.INT32), field("d", DataTypes.decimal(10, 2)));
        List<List<Object>> rows = List.of(
                row("a", 1, new BigDecimal("1.25")),
                row("a", null, null),
                row("a", 4, new BigDecimal("2.50")),
                row("b", null, null),
                row(null, 7, new BigDecimal("0.05")),
                row(null, null, new BigDecimal("0.10")));
        List<AggregateSpec> specs = List.of(
                spec(schema, Function.SUM, 1, false), spec(schema, Function.COUNT, 1, false), countStar(),
                spec(schema, Function.MIN, 1, false), spec(schema, Function.MAX, 1, false), spec(schema, Function.AVG, 1, false),
                spec(schema, Function.SUM, 2, false), spec(schema, Function.AVG, 2, false));
        List<List<Object>> actual = run(schema, new int[] {0}, specs, AggregationMode.SINGLE, BIG_BUDGET, rows, 4096);
        assertThat(actual).containsExactlyInAnyOrder(
                row("a", 5L, 2L, 3L, 1, 4, 2.5, new BigDecimal("3.75"), new BigDecimal("1.875000")),
                row("b", null, 0L, 1L, null, null, null, null, null),
                row(null, 7L, 1L, 2L, 7, 7, 7.0, new BigDecimal("0.15"), new BigDecimal("0.075000")));
    }

    @Test
    void globalAggregationOfNoRowsEmitsOneRow() {
        List<AggregateSpec> specs = allAggregates(NUMBERS, 1, 7, false);
        for (AggregationMode mode : List.of(AggregationMode.SINGLE, AggregationMode.FINAL)) {
            List<List<Object>> actual = run(NUMBERS, new int[0], specs, mode, BIG_BUDGET, List.of(), 4096);
            assertThat(actual).as(mode.name()).containsExactlyElementsOf(ReferenceAggregation.aggregate(NUMBERS, List.of(), new int[0], specs));
            assertThat(actual.get(0)).startsWith(0L).containsNull();
        }
        assertThat(run(NUMBERS, new int[0], specs, AggregationMode.PARTIAL, BIG_BUDGET, List.of(), 4096)).isEmpty();
    }

    @Test
    void globalAggregationOverEveryNumericType() {
        List<List<Object>> rows = numberRows(new Random(2), 500, 5);
        List<AggregateSpec> specs = allAggregates(NUMBERS, 1, 7, false);
        assertThat(run(NUMBERS, new int[0], specs, AggregationMode.SINGLE, BIG_BUDGET, rows, 128))
                .containsExactlyElementsOf(ReferenceAggregation.aggregate(NUMBERS, rows, new int[0], specs));
    }

    @Test
    void groupedAggregationOfNoRowsEmitsNothing() {
        assertThat(run(NUMBERS, new int[] {0}, allAggregates(NUMBERS, 1, 7, false), AggregationMode.SINGLE, BIG_BUDGET, List.of(), 4096)).isEmpty();
    }

    @Test
    void keysOfEveryTypeWithNullsGroupTogether() {
        Schema schema = TestData.schema(
                field("s", DataTypes.STRING), field("b", DataTypes.BINARY), field("flag", DataTypes.BOOLEAN),
                field("day", DataTypes.DATE), field("ts", DataTypes.TIMESTAMP), field("dec", DataTypes.decimal(12, 3)),
                field("f", DataTypes.FLOAT64), field("i16", DataTypes.INT16), field("v", DataTypes.INT64));
        Random random = new Random(3);
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < 4000; i++) {
            rows.add(row(
                    maybeNull(random, "s" + random.nextInt(4)),
                    maybeNull(random, new byte[] {(byte) random.nextInt(3)}),
                    maybeNull(random, random.nextBoolean()),
                    maybeNull(random, LocalDate.of(2024, 1, 1).plusDays(random.nextInt(3))),
                    maybeNull(random, Instant.parse("2024-01-01T00:00:00Z").plusSeconds(random.nextInt(3))),
                    maybeNull(random, BigDecimal.valueOf(random.nextInt(3), 3)),
                    maybeNull(random, (double) random.nextInt(3)),
                    maybeNull(random, (short) random.nextInt(3)),
                    (long) random.nextInt(100)));
        }
        List<AggregateSpec> specs = List.of(countStar(), spec(schema, Function.SUM, 8, false));
        for (int key = 0; key < 8; key++) {
            int[] keys = {key};
            assertThat(run(schema, keys, specs, AggregationMode.SINGLE, BIG_BUDGET, rows, 1000))
                    .as("key %s", schema.getFields().get(key))
                    .containsExactlyInAnyOrderElementsOf(ReferenceAggregation.aggregate(schema, TestData.bytesAsLists(rows), keys, specs));
        }
        int[] allKeys = {0, 1, 2, 3, 4, 5, 6, 7};
        assertThat(run(schema, allKeys, specs, AggregationMode.SINGLE, BIG_BUDGET, rows, 1000))
                .containsExactlyInAnyOrderElementsOf(ReferenceAggregation.aggregate(schema, TestData.bytesAsLists(rows), allKeys, specs));
        int[] twoKeys = {3, 0};
        assertThat(run(schema, twoKeys, specs, AggregationMode.SINGLE, BIG_BUDGET, rows, 1000))
                .containsExactlyInAnyOrderElementsOf(ReferenceAggregation.aggregate(schema, TestData.bytesAsLists(rows), twoKeys, specs));
    }

    @Test
    void negativeZeroAndNanFloatKeysGroupAsInSql() {
        Schema schema = TestData.schema(field("f", DataTypes.FLOAT64));
        List<List<Object>> rows = List.of(row(0.0), row(-0.0), row(Double.NaN), row(Double.longBitsToDouble(0x7ff8000000000001L)), row(1.0));
        List<List<Object>> actual = run(schema, new int[] {0}, List.of(countStar()), AggregationMode.SINGLE, BIG_BUDGET, rows, 10);
        assertThat(actual).hasSize(3);
        assertThat(actual).extracting(r -> r.get(1)).containsExactlyInAnyOrder(2L, 2L, 1L);
    }

    @Test
    void minAndMaxOfStringsDatesBooleansAndDecimals() {
        Schema schema = TestData.schema(field("k", DataTypes.INT32), field("s", DataTypes.STRING), field("d", DataTypes.DATE),
                field("b", DataTypes.BOOLEAN), field("dec", DataTypes.decimal(38, 0)), field("ts", DataTypes.TIMESTAMP));
        List<List<Object>> rows = List.of(
                row(1, "b", LocalDate.of(2024, 5, 1), false, new BigDecimal("-99999999999999999999999999999999999999"), Instant.ofEpochSecond(5)),
                row(1, "ab", LocalDate.of(2023, 5, 1), true, new BigDecimal("99999999999999999999999999999999999999"), Instant.ofEpochSecond(-5)),
                row(1, "é", null, null, new BigDecimal("3"), null),
                row(1, "", LocalDate.of(2025, 5, 1), false, null, Instant.ofEpochSecond(0)));
        List<AggregateSpec> specs = new ArrayList<>();
        for (int column = 1; column <= 5; column++) {
            specs.add(spec(schema, Function.MIN, column, false));
            specs.add(spec(schema, Function.MAX, column, false));
        }
        assertThat(run(schema, new int[] {0}, specs, AggregationMode.SINGLE, BIG_BUDGET, rows, 10)).containsExactly(row(1,
                "", "é", LocalDate.of(2023, 5, 1), LocalDate.of(2025, 5, 1), false, true,
                new BigDecimal("-99999999999999999999999999999999999999"), new BigDecimal("99999999999999999999999999999999999999"),
                Instant.ofEpochSecond(-5), Instant.ofEpochSecond(5)));
    }

    @Test
    void partialThenFinalAcrossThreePartialsEqualsSingle() {
        List<List<Object>> rows = numberRows(new Random(4), 6000, 300);
        List<AggregateSpec> specs = allAggregates(NUMBERS, 1, 7, false);
        int[] keys = {0};
        Schema intermediate = HashAggregator.intermediateSchema(NUMBERS, keys, specs);
        assertThat(intermediate.getFields()).first().isEqualTo(NUMBERS.getFields().get(0));
        List<VectorSchemaRoot> partialOutputs = new ArrayList<>();
        try {
            for (int p = 0; p < 3; p++) {
                List<List<Object>> slice = rows.subList(p * 2000, (p + 1) * 2000);
                try (HashAggregator partial = new HashAggregator(NUMBERS, keys, specs, AggregationMode.PARTIAL, allocator,
                        new MemoryBudget(BIG_BUDGET), spillDirectory, 512)) {
                    addInBatches(partial, NUMBERS, slice, 500);
                    partial.finish(batch -> {
                        assertThat(batch.getSchema()).isEqualTo(intermediate);
                        partialOutputs.add(batch);
                    });
                }
            }
            List<List<Object>> finalRows;
            try (HashAggregator aggregator = new HashAggregator(NUMBERS, keys, specs, AggregationMode.FINAL, allocator,
                    new MemoryBudget(BIG_BUDGET), spillDirectory, 100)) {
                for (VectorSchemaRoot batch : partialOutputs) {
                    aggregator.add(batch);
                }
                TestData.Collector collector = new TestData.Collector();
                aggregator.finish(collector);
                assertThat(collector.largestBatch).isLessThanOrEqualTo(100);
                finalRows = collector.rows;
            }
            assertThat(finalRows).containsExactlyInAnyOrderElementsOf(run(NUMBERS, keys, specs, AggregationMode.SINGLE, BIG_BUDGET, rows, 1000));
        } finally {
            partialOutputs.forEach(VectorSchemaRoot::close);
        }
    }

    @Test
    void globalPartialThenFinal() {
        List<List<Object>> rows = numberRows(new Random(5), 900, 3);
        List<AggregateSpec> specs = allAggregates(NUMBERS, 1, 7, false);
        List<VectorSchemaRoot> partialOutputs = new ArrayList<>();
        try {
            for (int p = 0; p < 3; p++) {
                try (HashAggregator partial = new HashAggregator(NUMBERS, new int[0], specs, AggregationMode.PARTIAL, allocator,
                        new MemoryBudget(BIG_BUDGET), spillDirectory)) {
                    addInBatches(partial, NUMBERS, rows.subList(p * 300, (p + 1) * 300), 100);
                    partial.finish(partialOutputs::add);
                }
            }
            try (HashAggregator aggregator = new HashAggregator(NUMBERS, new int[0], specs, AggregationMode.FINAL, allocator,
                    new MemoryBudget(BIG_BUDGET), spillDirectory)) {
                partialOutputs.forEach(aggregator::add);
                TestData.Collector collector = new TestData.Collector();
                aggregator.finish(collector);
                assertThat(collector.rows).containsExactlyElementsOf(ReferenceAggregation.aggregate(NUMBERS, rows, new int[0], specs));
            }
        } finally {
            partialOutputs.forEach(VectorSchemaRoot::close);
        }
    }

    @Test
    void distinctAggregates() {
        List<List<Object>> rows = numberRows(new Random(6), 3000, 20);
        List<AggregateSpec> specs = new ArrayList<>();
        for (int column = 1; column <= 7; column++) {
            for (Function function : Function.values()) {
                specs.add(spec(NUMBERS, function, column, true));
            }
        }
        specs.add(countStar());
        assertThat(run(NUMBERS, new int[] {0}, specs, AggregationMode.SINGLE, BIG_BUDGET, rows, 256))
                .containsExactlyInAnyOrderElementsOf(ReferenceAggregation.aggregate(NUMBERS, rows, new int[] {0}, specs));
        assertThat(run(NUMBERS, new int[0], specs, AggregationMode.SINGLE, BIG_BUDGET, rows, 256))
                .containsExactlyInAnyOrderElementsOf(ReferenceAggregation.aggregate(NUMBERS, rows, new int[0], specs));
    }

    @Test
    void distinctOfStringsAndADistinctOperatorWithoutAggregates() {
        Schema schema = TestData.schema(field("k", DataTypes.STRING), field("s", DataTypes.STRING));
        List<List<Object>> rows = List.of(row("a", "x"), row("a", "x"), row("a", null), row("a", "y"), row("b", "x"), row(null, "x"), row(null, "x"));
        AggregateSpec countDistinct = spec(schema, Function.COUNT, 1, true);
        assertThat(run(schema, new int[] {0}, List.of(countDistinct), AggregationMode.SINGLE, BIG_BUDGET, rows, 10))
                .containsExactlyInAnyOrder(row("a", 2L), row("b", 1L), row(null, 1L));
        assertThat(run(schema, new int[] {0, 1}, List.of(), AggregationMode.SINGLE, BIG_BUDGET, rows, 10))
                .containsExactlyInAnyOrder(row("a", "x"), row("a", null), row("a", "y"), row("b", "x"), row(null, "x"));
    }

    @Test
    void distinctIsRejectedInPartialAndFinalModes() {
        List<AggregateSpec> specs = List.of(spec(NUMBERS, Function.COUNT, 1, true));
        for (AggregationMode mode : List.of(AggregationMode.PARTIAL, AggregationMode.FINAL)) {
            assertThatThrownBy(() -> new HashAggregator(NUMBERS, new int[] {0}, specs, mode, allocator, new MemoryBudget(BIG_BUDGET), spillDirectory))
                    .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.GENERIC_INTERNAL_ERROR))
                    .hasMessageContaining("SINGLE");
        }
        assertThatThrownBy(() -> HashAggregator.intermediateSchema(NUMBERS, new int[] {0}, specs)).isInstanceOf(WeftException.class);
    }

    @Test
    void spillsWithATinyBudgetAndGivesTheInMemoryAnswer() throws IOException {
        Schema schema = TestData.schema(field("key", DataTypes.STRING), field("n", DataTypes.INT64), field("x", DataTypes.FLOAT64),
                field("d", DataTypes.decimal(18, 4)));
        Random random = new Random(7);
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < 120_000; i++) {
            int key = random.nextInt(60_000);
            rows.add(row("customer-with-a-long-name-" + key, (long) random.nextInt(1000), random.nextInt(100) / 4.0,
                    BigDecimal.valueOf(random.nextInt(100_000), 4)));
        }
        List<AggregateSpec> specs = List.of(countStar(), spec(schema, Function.SUM, 1, false), spec(schema, Function.AVG, 2, false),
                spec(schema, Function.MAX, 0, false), spec(schema, Function.AVG, 3, false), spec(schema, Function.MIN, 1, false));
        List<List<Object>> inMemory = run(schema, new int[] {0}, specs, AggregationMode.SINGLE, BIG_BUDGET, rows, 4096);
        assertThat(inMemory).hasSizeGreaterThan(50_000);

        MemoryBudget budget = new MemoryBudget(1 << 20);
        TestData.Collector collector = new TestData.Collector();
        try (HashAggregator aggregator = new HashAggregator(schema, new int[] {0}, specs, AggregationMode.SINGLE, allocator, budget, spillDirectory)) {
            addInBatches(aggregator, schema, rows, 4096);
            assertThat(aggregator.spillCount()).isPositive();
            assertThat(listFiles()).isNotEmpty();
            aggregator.finish(collector);
            assertThat(aggregator.spilledBytes()).isGreaterThan(5L << 20);
        }
        assertThat(TestData.multiset(collector.rows)).isEqualTo(TestData.multiset(inMemory));
        assertThat(listFiles()).isEmpty();
        assertThat(budget.reserved()).isZero();
    }

    @Test
    void spillsDistinctAggregatesAndPartialState() throws IOException {
        Schema schema = TestData.schema(field("k", DataTypes.INT64), field("v", DataTypes.INT32));
        Random random = new Random(8);
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            rows.add(row((long) random.nextInt(20_000), random.nextInt(50)));
        }
        List<AggregateSpec> distinct = List.of(spec(schema, Function.COUNT, 1, true), spec(schema, Function.SUM, 1, true),
                spec(schema, Function.AVG, 1, false), countStar());
        List<List<Object>> expected = ReferenceAggregation.aggregate(schema, rows, new int[] {0}, distinct);
        assertThat(TestData.multiset(runCountingSpills(schema, distinct, AggregationMode.SINGLE, rows))).isEqualTo(TestData.multiset(expected));

        List<AggregateSpec> plain = List.of(spec(schema, Function.SUM, 1, false), spec(schema, Function.AVG, 1, false), countStar());
        List<List<Object>> partialRows = runCountingSpills(schema, plain, AggregationMode.PARTIAL, rows);
        List<List<Object>> plainExpected = ReferenceAggregation.aggregate(schema, rows, new int[] {0}, plain);
        assertThat(partialRows).hasSize(plainExpected.size());
        Schema intermediate = HashAggregator.intermediateSchema(schema, new int[] {0}, plain);
        TestData.Collector collector = new TestData.Collector();
        try (HashAggregator aggregator = new HashAggregator(schema, new int[] {0}, plain, AggregationMode.FINAL, allocator,
                new MemoryBudget(1 << 20), spillDirectory)) {
            for (int from = 0; from < partialRows.size(); from += 4096) {
                try (VectorSchemaRoot batch = TestData.batch(allocator, intermediate, partialRows.subList(from, Math.min(partialRows.size(), from + 4096)))) {
                    aggregator.add(batch);
                }
            }
            aggregator.finish(collector);
            assertThat(aggregator.spillCount()).isPositive();
        }
        assertThat(TestData.multiset(collector.rows)).isEqualTo(TestData.multiset(plainExpected));
        assertThat(listFiles()).isEmpty();
    }

    @Test
    void repartitionsAPartitionThatStillDoesNotFit() throws IOException {
        Schema schema = TestData.schema(field("k", DataTypes.INT64), field("v", DataTypes.INT64));
        List<List<Object>> rows = new ArrayList<>();
        for (long i = 0; i < 300_000; i++) {
            rows.add(row(i, i));
        }
        List<AggregateSpec> specs = List.of(spec(schema, Function.SUM, 1, false));
        MemoryBudget budget = new MemoryBudget(1 << 20);
        TestData.Collector collector = new TestData.Collector();
        try (HashAggregator aggregator = new HashAggregator(schema, new int[] {0}, specs, AggregationMode.SINGLE, allocator, budget, spillDirectory, 8192)) {
            addInBatches(aggregator, schema, rows, 8192);
            aggregator.finish(collector);
            assertThat(aggregator.spillCount()).isGreaterThan(16);
        }
        assertThat(collector.rows).hasSize(300_000);
        assertThat(collector.rows).allSatisfy(r -> assertThat(r.get(1)).isEqualTo(r.get(0)));
        assertThat(listFiles()).isEmpty();
    }

    @Test
    void spillFilesAreDeletedWhenClosedWithoutFinishing() throws IOException {
        Schema schema = TestData.schema(field("k", DataTypes.INT64));
        List<List<Object>> rows = new ArrayList<>();
        for (long i = 0; i < 200_000; i++) {
            rows.add(row(i));
        }
        try (HashAggregator aggregator = new HashAggregator(schema, new int[] {0}, List.of(countStar()), AggregationMode.SINGLE, allocator,
                new MemoryBudget(1 << 20), spillDirectory)) {
            addInBatches(aggregator, schema, rows, 10_000);
            assertThat(listFiles()).isNotEmpty();
        }
        assertThat(listFiles()).isEmpty();
    }

    @Test
    void sumOverflowIsAnError() {
        Schema schema = TestData.schema(field("v", DataTypes.INT64));
        List<List<Object>> rows = List.of(row(Long.MAX_VALUE), row(1L));
        assertThatThrownBy(() -> run(schema, new int[0], List.of(spec(schema, Function.SUM, 0, false)), AggregationMode.SINGLE, BIG_BUDGET, rows, 10))
                .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("overflowed bigint");
        Schema decimals = TestData.schema(field("d", DataTypes.decimal(38, 0)));
        BigDecimal big = new BigDecimal("99999999999999999999999999999999999999");
        assertThatThrownBy(() -> run(decimals, new int[0], List.of(spec(decimals, Function.SUM, 0, false)), AggregationMode.SINGLE, BIG_BUDGET,
                List.of(row(big), row(big)), 10))
                .isInstanceOf(WeftException.class).hasMessageContaining("decimal(38)");
    }

    @Test
    void rejectsAnOutputTypeThatDiffersFromTheTyper() {
        Field wrong = DataTypes.field("s", DataTypes.INT32, true);
        List<AggregateSpec> specs = List.of(new AggregateSpec(Function.SUM, 3, false, wrong));
        assertThatThrownBy(() -> new HashAggregator(NUMBERS, new int[] {0}, specs, AggregationMode.SINGLE, allocator, new MemoryBudget(BIG_BUDGET), spillDirectory))
                .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.TYPE_MISMATCH))
                .hasMessageContaining("bigint");
        Schema strings = TestData.schema(field("s", DataTypes.STRING));
        List<AggregateSpec> sumOfString = List.of(new AggregateSpec(Function.SUM, 0, false, DataTypes.field("x", DataTypes.INT64, true)));
        assertThatThrownBy(() -> new HashAggregator(strings, new int[0], sumOfString, AggregationMode.SINGLE, allocator, new MemoryBudget(BIG_BUDGET), spillDirectory))
                .isInstanceOf(WeftException.class).hasMessageContaining("needs a number");
        assertThatThrownBy(() -> new HashAggregator(NUMBERS, new int[] {9}, List.of(), AggregationMode.SINGLE, allocator, new MemoryBudget(BIG_BUDGET), spillDirectory))
                .isInstanceOf(WeftException.class).hasMessageContaining("key column 9");
    }

    @Test
    void rejectsABatchOfAnotherSchema() {
        Schema other = TestData.schema(field("k", DataTypes.STRING));
        try (HashAggregator aggregator = new HashAggregator(NUMBERS, new int[] {0}, List.of(countStar()), AggregationMode.SINGLE, allocator,
                new MemoryBudget(BIG_BUDGET), spillDirectory);
             VectorSchemaRoot batch = TestData.batch(allocator, other, List.of(row("x")))) {
            assertThatThrownBy(() -> aggregator.add(batch)).isInstanceOf(WeftException.class).hasMessageContaining("expected");
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    private List<List<Object>> runCountingSpills(Schema schema, List<AggregateSpec> specs, AggregationMode mode, List<List<Object>> rows) {
        TestData.Collector collector = new TestData.Collector();
        try (HashAggregator aggregator = new HashAggregator(schema, new int[] {0}, specs, mode, allocator, new MemoryBudget(1 << 20), spillDirectory)) {
            addInBatches(aggregator, schema, rows, 4096);
            aggregator.finish(collector);
            assertThat(aggregator.spillCount()).isPositive();
        }
        return collector.rows;
    }

    private List<List<Object>> run(Schema schema, int[] keys, List<AggregateSpec> specs, AggregationMode mode, long budget,
                                   List<List<Object>> rows, int batchSize) {
        TestData.Collector collector = new TestData.Collector();
        try (HashAggregator aggregator = new HashAggregator(schema, keys, specs, mode, allocator, new MemoryBudget(budget), spillDirectory)) {
            if (mode == AggregationMode.FINAL) {
                // FINAL takes state: feed it the PARTIAL state of the rows
                try (HashAggregator partial = new HashAggregator(schema, keys, specs, AggregationMode.PARTIAL, allocator, new MemoryBudget(budget), spillDirectory)) {
                    addInBatches(partial, schema, rows, batchSize);
                    partial.finish(batch -> {
                        try (batch) {
                            aggregator.add(batch);
                        }
                    });
                }
            } else {
                addInBatches(aggregator, schema, rows, batchSize);
            }
            aggregator.finish(collector);
        }
        return collector.rows;
    }

    private void addInBatches(HashAggregator aggregator, Schema schema, List<List<Object>> rows, int batchSize) {
        for (int from = 0; from < rows.size(); from += batchSize) {
            try (VectorSchemaRoot batch = TestData.batch(allocator, schema, rows.subList(from, Math.min(rows.size(), from + batchSize)))) {
                aggregator.add(batch);
            }
        }
    }

    private List<Path> listFiles() throws IOException {
        try (Stream<Path> files = Files.list(spillDirectory)) {
            return files.toList();
        }
    }

    static AggregateSpec spec(Schema schema, Function function, int column, boolean distinct) {
        String name = schema.getFields().get(column).getName();
        AggregateCall call = new AggregateCall(function, Optional.of(new ColumnRef(name)), distinct);
        return new AggregateSpec(function, column, distinct, ExpressionTyper.resolve(call, schema));
    }

    static AggregateSpec countStar() {
        return new AggregateSpec(Function.COUNT, -1, false, ExpressionTyper.resolve(new AggregateCall(Function.COUNT, Optional.empty(), false), new Schema(List.of())));
    }

    private static List<AggregateSpec> allAggregates(Schema schema, int fromColumn, int toColumn, boolean distinct) {
        List<AggregateSpec> specs = new ArrayList<>();
        specs.add(countStar());
        for (int column = fromColumn; column <= toColumn; column++) {
            for (Function function : Function.values()) {
                specs.add(spec(schema, function, column, distinct));
            }
        }
        return specs;
    }

    /** Rows of NUMBERS with about 20% NULLs; float values are quarters so that sums are exact in any order. */
    private static List<List<Object>> numberRows(Random random, int count, int keys) {
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int v = random.nextInt(200) - 100;
            rows.add(row(
                    maybeNull(random, random.nextInt(keys)),
                    maybeNull(random, (byte) v),
                    maybeNull(random, (short) (v * 300)),
                    maybeNull(random, v * 1_000_000),
                    maybeNull(random, v * 1_000_000_000_000L),
                    maybeNull(random, v / 4.0f),
                    maybeNull(random, v / 4.0),
                    maybeNull(random, BigDecimal.valueOf(v * 1234L, 2))));
        }
        return rows;
    }

    private static Object maybeNull(Random random, Object value) {
        return random.nextInt(5) == 0 ? null : value;
    }
}
