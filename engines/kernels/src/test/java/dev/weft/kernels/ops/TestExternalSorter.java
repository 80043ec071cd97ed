package dev.weft.kernels.ops;

import static dev.weft.kernels.ops.TestData.field;
import static dev.weft.kernels.ops.TestData.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.types.DataTypes;
import dev.weft.kernels.memory.MemoryBudget;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.impl.UnionListWriter;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestExternalSorter {
    private static final long BIG_BUDGET = 1L << 30;
    private static final String[] WORDS = {"", "a", "ab", "b", "Z", "é", "ü", "中", "\uD83D\uDE00", "\uFFFD", "a\u0000"};
    private static final Schema ALL_KINDS = TestData.schema(
            field("i8", DataTypes.INT8), field("i16", DataTypes.INT16), field("i32", DataTypes.INT32), field("i64", DataTypes.INT64),
            field("f32", DataTypes.FLOAT32), field("f64", DataTypes.FLOAT64), field("dec", DataTypes.decimal(20, 3)),
            field("s", DataTypes.STRING), field("bin", DataTypes.BINARY), field("flag", DataTypes.BOOLEAN),
            field("day", DataTypes.DATE), field("ts", DataTypes.TIMESTAMP), field("seq", DataTypes.INT32));

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
    void everyKeyKindInEveryDirectionAndNullOrder() {
        List<List<Object>> rows = randomRows(new Random(21), 1500);
        for (int column = 0; column < 12; column++) {
            for (boolean descending : new boolean[] {false, true}) {
                for (boolean nullsFirst : new boolean[] {false, true}) {
                    List<SortSpec> keys = List.of(new SortSpec(column, descending, nullsFirst));
                    assertThat(sort(rows, keys, Long.MAX_VALUE, BIG_BUDGET, 256))
                            .as("%s", keys.get(0) + " on " + ALL_KINDS.getFields().get(column).getName())
                            .containsExactlyElementsOf(reference(rows, keys, Long.MAX_VALUE));
                }
            }
        }
    }

    @Test
    void largeSortsTakeTheRadixPathAndAgree() {
        List<List<Object>> rows = randomRows(new Random(31), 33_000);
        List<List<SortSpec>> keyLists = List.of(
                List.of(SortSpec.descending(7), SortSpec.ascending(3)),
                List.of(new SortSpec(6, true, false), SortSpec.ascending(9), SortSpec.ascending(8)),
                List.of(SortSpec.ascending(11)));
        assertThat(rows.size()).isGreaterThan(1 << 15);
        for (List<SortSpec> keys : keyLists) {
            assertThat(sort(rows, keys, Long.MAX_VALUE, BIG_BUDGET, 4096)).as("%s", keys).containsExactlyElementsOf(reference(rows, keys, Long.MAX_VALUE));
        }
    }

    @Test
    void severalKeysAreStable() {
        List<List<Object>> rows = randomRows(new Random(22), 5000);
        List<SortSpec> keys = List.of(SortSpec.descending(9), new SortSpec(7, false, true), SortSpec.ascending(0));
        List<List<Object>> sorted = sort(rows, keys, Long.MAX_VALUE, BIG_BUDGET, 1000);
        assertThat(sorted).containsExactlyElementsOf(reference(rows, keys, Long.MAX_VALUE));
        List<List<Object>> byFlagOnly = sort(rows, List.of(SortSpec.ascending(9)), Long.MAX_VALUE, BIG_BUDGET, 1000);
        for (int i = 1; i < byFlagOnly.size(); i++) {
            if (Objects.equals(byFlagOnly.get(i).get(9), byFlagOnly.get(i - 1).get(9))) {
                assertThat((Integer) byFlagOnly.get(i).get(12)).as("input order kept for equal keys").isGreaterThan((Integer) byFlagOnly.get(i - 1).get(12));
            }
        }
    }

    @Test
    void emitsBatchesOfAtMostTheBatchSize() {
        List<List<Object>> rows = randomRows(new Random(23), 2500);
        TestData.Collector collector = new TestData.Collector();
        try (ExternalSorter sorter = sorter(List.of(SortSpec.ascending(3)), Long.MAX_VALUE, new MemoryBudget(BIG_BUDGET), 1000)) {
            addAll(sorter, rows, 300);
            sorter.finish(collector);
        }
        assertThat(collector.rows).hasSize(2500);
        assertThat(collector.batches).isEqualTo(3);
        assertThat(collector.largestBatch).isEqualTo(1000);
    }

    @Test
    void withoutKeysKeepsTheInputOrder() {
        List<List<Object>> rows = randomRows(new Random(32), 3000);
        assertThat(sort(rows, List.of(), Long.MAX_VALUE, BIG_BUDGET, 1000)).containsExactlyElementsOf(TestData.bytesAsLists(rows));
        assertThat(sort(rows, List.of(), 10, BIG_BUDGET, 1000)).containsExactlyElementsOf(TestData.bytesAsLists(rows.subList(0, 10)));
    }

    @Test
    void emptyInputAndZeroLimit() {
        TestData.Collector collector = new TestData.Collector();
        try (ExternalSorter sorter = sorter(List.of(SortSpec.ascending(0)), Long.MAX_VALUE, new MemoryBudget(BIG_BUDGET), 100)) {
            sorter.finish(collector);
        }
        assertThat(collector.batches).isZero();
        assertThat(sort(randomRows(new Random(24), 100), List.of(SortSpec.ascending(0)), 0, BIG_BUDGET, 10)).isEmpty();
    }

    @Test
    void topKKeepsOnlyAboutKRows() {
        List<List<Object>> rows = randomRows(new Random(25), 60_000);
        List<SortSpec> keys = List.of(SortSpec.ascending(9), SortSpec.descending(3));
        MemoryBudget budget = new MemoryBudget(BIG_BUDGET);
        TestData.Collector collector = new TestData.Collector();
        long maxReserved = 0;
        try (ExternalSorter sorter = sorter(keys, 25, budget, 10)) {
            for (int from = 0; from < rows.size(); from += 2000) {
                try (VectorSchemaRoot batch = TestData.batch(allocator, ALL_KINDS, rows.subList(from, from + 2000))) {
                    sorter.add(batch);
                }
                maxReserved = Math.max(maxReserved, budget.reserved());
            }
            sorter.finish(collector);
            assertThat(sorter.spillCount()).isZero();
        }
        assertThat(collector.rows).containsExactlyElementsOf(reference(rows, keys, 25));
        assertThat(collector.largestBatch).isEqualTo(10);
        long oneBatch;
        try (VectorSchemaRoot batch = TestData.batch(allocator, ALL_KINDS, rows.subList(0, 2000))) {
            oneBatch = BatchCopies.bytes(batch);
        }
        assertThat(maxReserved).as("top-k holds about one batch, not the input").isLessThan(3 * oneBatch);
    }

    @Test
    void topKWithTiesKeepsTheEarliestRows() {
        List<List<Object>> rows = randomRows(new Random(26), 10_000);
        List<SortSpec> keys = List.of(SortSpec.ascending(9));
        assertThat(sort(rows, keys, 1000, BIG_BUDGET, 300)).containsExactlyElementsOf(reference(rows, keys, 1000));
    }

    @Test
    void spillsSortedRunsAndMergesThem() throws IOException {
        List<List<Object>> rows = randomRows(new Random(27), 25_000);
        List<SortSpec> keys = List.of(new SortSpec(7, false, true), SortSpec.descending(6), SortSpec.ascending(1));
        MemoryBudget budget = new MemoryBudget(1 << 20);
        TestData.Collector collector = new TestData.Collector();
        try (ExternalSorter sorter = sorter(keys, Long.MAX_VALUE, budget, 1024)) {
            addAll(sorter, rows, 1000);
            assertThat(sorter.spillCount()).isGreaterThan(1);
            assertThat(listFiles()).isNotEmpty();
            sorter.finish(collector);
            assertThat(sorter.spilledBytes()).isGreaterThan(1L << 20);
        }
        assertThat(collector.rows).containsExactlyElementsOf(reference(rows, keys, Long.MAX_VALUE));
        assertThat(listFiles()).isEmpty();
        assertThat(budget.reserved()).isZero();
    }

    @Test
    void mergesInSeveralPassesBeyondTheMergeWidth() throws IOException {
        List<List<Object>> rows = randomRows(new Random(28), 30_000);
        List<SortSpec> keys = List.of(SortSpec.ascending(9), SortSpec.ascending(2));
        TestData.Collector collector = new TestData.Collector();
        try (ExternalSorter sorter = sorter(keys, Long.MAX_VALUE, new MemoryBudget(64 * 1024), 100)) {
            addAll(sorter, rows, 150);
            assertThat(sorter.spillCount()).isGreaterThan(ExternalSorter.MAX_MERGE_WIDTH);
            sorter.finish(collector);
        }
        assertThat(collector.rows).containsExactlyElementsOf(reference(rows, keys, Long.MAX_VALUE));
        assertThat(listFiles()).isEmpty();
    }

    @Test
    void topKWithSpill() {
        List<List<Object>> rows = randomRows(new Random(29), 20_000);
        List<SortSpec> keys = List.of(SortSpec.ascending(7), SortSpec.ascending(12));
        assertThat(sort(rows, keys, 5000, 256 * 1024, 700)).containsExactlyElementsOf(reference(rows, keys, 5000));
    }

    @Test
    void spillFilesAreDeletedWhenClosedWithoutFinishing() throws IOException {
        try (ExternalSorter sorter = sorter(List.of(SortSpec.ascending(0)), Long.MAX_VALUE, new MemoryBudget(64 * 1024), 100)) {
            addAll(sorter, randomRows(new Random(30), 5000), 500);
            assertThat(listFiles()).isNotEmpty();
        }
        assertThat(listFiles()).isEmpty();
    }

    @Test
    void carriesNestedColumnsAlong() {
        Field list = new Field("l", FieldType.nullable(DataTypes.LIST), List.of(field("item", DataTypes.INT32)));
        Schema schema = new Schema(List.of(field("k", DataTypes.INT32), list));
        List<List<Object>> expected = new ArrayList<>();
        try (ExternalSorter sorter = new ExternalSorter(schema, List.of(SortSpec.descending(0)), Long.MAX_VALUE, allocator,
                new MemoryBudget(BIG_BUDGET), spillDirectory, 3)) {
            for (int b = 0; b < 3; b++) {
                try (VectorSchemaRoot batch = VectorSchemaRoot.create(schema, allocator)) {
                    IntVector keys = (IntVector) batch.getVector(0);
                    ListVector lists = (ListVector) batch.getVector(1);
                    keys.allocateNew(4);
                    UnionListWriter writer = lists.getWriter();
                    for (int i = 0; i < 4; i++) {
                        int key = b * 4 + i;
                        keys.set(i, key);
                        writer.setPosition(i);
                        writer.startList();
                        for (int item = 0; item < key % 3; item++) {
                            writer.integer().writeInt(key * 10 + item);
                        }
                        writer.endList();
                    }
                    writer.setValueCount(4);
                    batch.setRowCount(4);
                    expected.addAll(TestData.rows(batch));
                    sorter.add(batch);
                }
            }
            TestData.Collector collector = new TestData.Collector();
            sorter.finish(collector);
            Collections.reverse(expected);
            assertThat(collector.rows).containsExactlyElementsOf(expected);
            assertThat(collector.rows.get(0)).containsExactly(11, List.of(110, 111));
        }
    }

    @Test
    void rejectsBadKeys() {
        assertThatThrownBy(() -> sorter(List.of(SortSpec.ascending(13)), Long.MAX_VALUE, new MemoryBudget(BIG_BUDGET), 10))
                .isInstanceOf(WeftException.class).hasMessageContaining("sort column 13");
        Field list = new Field("l", FieldType.nullable(DataTypes.LIST), List.of(field("item", DataTypes.INT32)));
        assertThatThrownBy(() -> new ExternalSorter(new Schema(List.of(list)), List.of(SortSpec.ascending(0)), Long.MAX_VALUE, allocator,
                new MemoryBudget(BIG_BUDGET), spillDirectory, 10))
                .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.UNSUPPORTED_TYPE))
                .hasMessageContaining("sort key 'l'");
    }

    // ---------------------------------------------------------------------------------------------------------------

    private List<List<Object>> sort(List<List<Object>> rows, List<SortSpec> keys, long limit, long budget, int batchSize) {
        TestData.Collector collector = new TestData.Collector();
        try (ExternalSorter sorter = sorter(keys, limit, new MemoryBudget(budget), batchSize)) {
            addAll(sorter, rows, 400);
            sorter.finish(collector);
        }
        assertThat(collector.largestBatch).isLessThanOrEqualTo(batchSize);
        return collector.rows;
    }

    private ExternalSorter sorter(List<SortSpec> keys, long limit, MemoryBudget budget, int batchSize) {
        return new ExternalSorter(ALL_KINDS, keys, limit, allocator, budget, spillDirectory, batchSize);
    }

    private void addAll(ExternalSorter sorter, List<List<Object>> rows, int batchSize) {
        for (int from = 0; from < rows.size(); from += batchSize) {
            try (VectorSchemaRoot batch = TestData.batch(allocator, ALL_KINDS, rows.subList(from, Math.min(rows.size(), from + batchSize)))) {
                sorter.add(batch);
            }
        }
    }

    private List<Path> listFiles() throws IOException {
        try (Stream<Path> files = Files.list(spillDirectory)) {
            return files.toList();
        }
    }

    /** The rows stably sorted by a plain Java comparator, the first {@code limit}, binaries as lists. */
    private static List<List<Object>> reference(List<List<Object>> rows, List<SortSpec> keys, long limit) {
        Comparator<List<Object>> comparator = (a, b) -> 0;
        for (SortSpec key : keys) {
            comparator = comparator.thenComparing((a, b) -> {
                Object x = a.get(key.column());
                Object y = b.get(key.column());
                if (x == null || y == null) {
                    return x == y ? 0 : (x == null) == key.nullsFirst() ? -1 : 1;
                }
                int c = compareValues(x, y);
                return key.descending() ? -c : c;
            });
        }
        List<List<Object>> sorted = new ArrayList<>(rows);
        sorted.sort(comparator);
        return TestData.bytesAsLists(sorted.subList(0, (int) Math.min(limit, sorted.size())));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compareValues(Object x, Object y) {
        if (x instanceof String s) {
            return Arrays.compare(s.codePoints().toArray(), ((String) y).codePoints().toArray());
        }
        if (x instanceof byte[] bytes) {
            return Arrays.compareUnsigned(bytes, (byte[]) y);
        }
        if (x instanceof Float || x instanceof Double) {
            double a = ((Number) x).doubleValue();
            double b = ((Number) y).doubleValue();
            return Double.compare(a == 0.0 ? 0.0 : a, b == 0.0 ? 0.0 : b);
        }
        return ((Comparable) x).compareTo(y);
    }

    private static List<List<Object>> randomRows(Random random, int count) {
        List<List<Object>> rows = new ArrayList<>();
        double[] specials = {0.0, -0.0, Double.NaN, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, -1.5, 2.25};
        for (int i = 0; i < count; i++) {
            int v = random.nextInt(40) - 20;
            double d = random.nextInt(4) == 0 ? specials[random.nextInt(specials.length)] : v / 4.0;
            rows.add(row(
                    maybeNull(random, (byte) v),
                    maybeNull(random, (short) (v * 1000)),
                    maybeNull(random, v * 100_000),
                    maybeNull(random, v * 10_000_000_000L + random.nextInt(3)),
                    maybeNull(random, (float) d),
                    maybeNull(random, d),
                    maybeNull(random, BigDecimal.valueOf(v * 123_456_789_012L + random.nextInt(3), 3)),
                    maybeNull(random, WORDS[random.nextInt(WORDS.length)] + (random.nextBoolean() ? "" : WORDS[random.nextInt(WORDS.length)])),
                    maybeNull(random, new byte[] {(byte) (random.nextInt(5) * 60 - 120), (byte) random.nextInt(2)}),
                    maybeNull(random, random.nextBoolean()),
                    maybeNull(random, LocalDate.of(1960, 1, 1).plusDays(random.nextInt(30_000))),
                    maybeNull(random, Instant.ofEpochSecond(random.nextInt(2_000_000) - 1_000_000L, random.nextInt(1000) * 1000L)),
                    i));
        }
        return rows;
    }

    private static Object maybeNull(Random random, Object value) {
        return random.nextInt(6) == 0 ? null : value;
    }
}
