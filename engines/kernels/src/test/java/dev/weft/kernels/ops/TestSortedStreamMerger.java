package dev.weft.kernels.ops;

import static dev.weft.kernels.ops.TestData.field;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.api.WeftException;
import dev.weft.api.types.DataTypes;
import dev.weft.kernels.memory.MemoryBudget;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestSortedStreamMerger {
    /** key (with NULLs and many ties), the stream it came from, its position in that stream. */
    private static final Schema SCHEMA = TestData.schema(field("key", DataTypes.INT64), field("stream", DataTypes.INT32),
            field("seq", DataTypes.INT32));
    private static final List<SortSpec> KEYS = List.of(new SortSpec(0, true, true));

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

    /** A stream over given batches; closes the ones not taken. */
    private static final class ListStream implements SortedBatchStream {
        private final Deque<VectorSchemaRoot> batches;
        boolean closed;

        ListStream(List<VectorSchemaRoot> batches) {
            this.batches = new ArrayDeque<>(batches);
        }

        @Override
        public VectorSchemaRoot next() {
            return batches.poll();
        }

        @Override
        public void close() {
            closed = true;
            batches.forEach(VectorSchemaRoot::close);
            batches.clear();
        }
    }

    @Test
    void mergesSortersThatSpilledAndBreaksTiesByStreamOrder() {
        Random random = new Random(7);
        List<List<List<Object>>> inputs = new ArrayList<>();
        for (int s = 0; s < 4; s++) {
            inputs.add(rows(random, s, 4000 + 1000 * s));
        }
        MemoryBudget budget = new MemoryBudget(256 << 10);
        List<ExternalSorter> sorters = new ArrayList<>();
        List<List<Object>> merged = new ArrayList<>();
        int spills = 0;
        try {
            List<SortedBatchStream> streams = new ArrayList<>();
            for (List<List<Object>> input : inputs) {
                ExternalSorter sorter = new ExternalSorter(SCHEMA, KEYS, Long.MAX_VALUE, allocator, budget, spillDirectory, 500);
                sorters.add(sorter);
                for (int from = 0; from < input.size(); from += 700) {
                    try (VectorSchemaRoot batch = TestData.batch(allocator, SCHEMA, input.subList(from, Math.min(input.size(), from + 700)))) {
                        sorter.add(batch);
                    }
                }
                streams.add(sorter.sortedStream());
                spills += sorter.spillCount();
            }
            try (SortedStreamMerger merger = new SortedStreamMerger(streams, SCHEMA, KEYS, Long.MAX_VALUE, allocator, 300)) {
                drain(merger, merged, 300);
            }
        } finally {
            BatchCopies.closeAll(sorters);
        }
        assertThat(spills).as("the small budget makes the sorters spill").isGreaterThan(0);
        assertThat(budget.reserved()).isZero();
        assertThat(merged).containsExactlyElementsOf(reference(inputs, Long.MAX_VALUE));
    }

    @Test
    void stopsAtTheLimitAndSkipsEmptyBatchesAndStreams() {
        Random random = new Random(8);
        List<List<List<Object>>> inputs = List.of(rows(random, 0, 50), List.of(), rows(random, 2, 80));
        List<SortedBatchStream> streams = new ArrayList<>();
        for (List<List<Object>> input : inputs) {
            List<List<Object>> sorted = new ArrayList<>(input);
            sorted.sort(comparator());
            List<VectorSchemaRoot> batches = new ArrayList<>();
            batches.add(TestData.batch(allocator, SCHEMA, List.of()));
            for (int from = 0; from < sorted.size(); from += 30) {
                batches.add(TestData.batch(allocator, SCHEMA, sorted.subList(from, Math.min(sorted.size(), from + 30))));
            }
            streams.add(new ListStream(batches));
        }
        List<List<Object>> merged = new ArrayList<>();
        try (SortedStreamMerger merger = new SortedStreamMerger(streams, SCHEMA, KEYS, 77, allocator, 20)) {
            drain(merger, merged, 20);
            assertThat(merger.next()).isNull();
        }
        assertThat(merged).containsExactlyElementsOf(reference(inputs, 77));
        assertThat(streams).allMatch(stream -> ((ListStream) stream).closed);
    }

    @Test
    void noStreamsAndZeroLimitGiveNothing() {
        try (SortedStreamMerger merger = new SortedStreamMerger(List.of(), SCHEMA, KEYS, Long.MAX_VALUE, allocator, 10)) {
            assertThat(merger.next()).isNull();
        }
        ListStream stream = new ListStream(List.of(TestData.batch(allocator, SCHEMA, rows(new Random(9), 0, 10))));
        try (SortedStreamMerger merger = new SortedStreamMerger(List.of(stream), SCHEMA, KEYS, 0, allocator, 10)) {
            assertThat(merger.next()).isNull();
        }
        assertThat(stream.closed).isTrue();
    }

    @Test
    void badArgumentsCloseTheSources() {
        ListStream stream = new ListStream(List.of(TestData.batch(allocator, SCHEMA, rows(new Random(10), 0, 10))));
        assertThatThrownBy(() -> new SortedStreamMerger(List.of(stream), SCHEMA, List.of(SortSpec.ascending(5)), 10, allocator, 10))
                .isInstanceOf(WeftException.class)
                .hasMessageContaining("sort column 5 is outside the 3 columns");
        assertThat(stream.closed).isTrue();
        ListStream other = new ListStream(List.of());
        assertThatThrownBy(() -> new SortedStreamMerger(List.of(other), SCHEMA, KEYS, 10, allocator, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("batchSize");
        assertThat(other.closed).isTrue();
    }

    @Test
    void rejectsABatchOfAnotherSchema() {
        Schema wrong = TestData.schema(field("key", DataTypes.STRING));
        ListStream stream = new ListStream(List.of(TestData.batch(allocator, wrong, List.of(List.of("x")))));
        try (SortedStreamMerger merger = new SortedStreamMerger(List.of(stream), SCHEMA, KEYS, 10, allocator, 10)) {
            assertThatThrownBy(merger::next).isInstanceOf(RuntimeException.class).hasMessageContaining("merge input 0");
        }
    }

    private static void drain(SortedBatchStream stream, List<List<Object>> rows, int batchSize) {
        for (VectorSchemaRoot next = stream.next(); next != null; next = stream.next()) {
            try (VectorSchemaRoot batch = next) {
                assertThat(batch.getRowCount()).isBetween(1, batchSize);
                rows.addAll(TestData.rows(batch));
            }
        }
    }

    private static List<List<Object>> rows(Random random, int stream, int count) {
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            rows.add(TestData.row(random.nextInt(10) == 0 ? null : (long) random.nextInt(300), stream, i));
        }
        return rows;
    }

    /** Descending keys, NULLs first. */
    private static Comparator<List<Object>> comparator() {
        return Comparator.comparing(row -> (Long) row.get(0), Comparator.nullsFirst(Comparator.<Long>reverseOrder()));
    }

    /** The streams concatenated in order, stably sorted: ties by stream, then by position in the stream. */
    private static List<List<Object>> reference(List<List<List<Object>>> inputs, long limit) {
        List<List<Object>> all = new ArrayList<>();
        inputs.forEach(all::addAll);
        all.sort(comparator());
        return all.subList(0, (int) Math.min(limit, all.size()));
    }
}
