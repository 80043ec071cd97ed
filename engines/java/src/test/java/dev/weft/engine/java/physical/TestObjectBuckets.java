package dev.weft.engine.java.physical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.api.plan.CollectSink;
import dev.weft.api.plan.LogicalOperator;
import dev.weft.api.plan.StageInputSource;
import dev.weft.api.plan.StageOutputSink;
import dev.weft.api.spi.BatchWriter;
import dev.weft.api.spi.ExecutionSettings;
import dev.weft.api.spi.OperatorMetrics;
import dev.weft.api.spi.StageContext;
import dev.weft.api.spi.StageInput;
import dev.weft.api.spi.StageOutput;
import dev.weft.api.types.ElementType;
import dev.weft.engine.java.exec.ExecutionContext;
import dev.weft.engine.java.exec.KeyPartitioner;
import dev.weft.engine.java.exec.SpillableBatchBuffer;
import dev.weft.kernels.memory.MemoryBudget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hash-splitting Java elements into spillable buckets, and the heap accounting of group tables. */
class TestObjectBuckets {
    record Entry(long key, String text) {}

    @TempDir
    Path temp;

    private RootAllocator allocator;
    private ExecutorService workers;
    private ExecutionContext context;

    @BeforeEach
    void start() {
        allocator = new RootAllocator();
        workers = Executors.newFixedThreadPool(2);
        ExecutionSettings settings = new ExecutionSettings(2, 1L << 20, temp.resolve("spill"), 256);
        context = new ExecutionContext("stage", new MinimalStageContext(allocator, settings), workers);
    }

    @AfterEach
    void stop() {
        workers.shutdownNow();
        assertThat(allocator.getAllocatedMemory()).as("bytes left allocated").isZero();
        allocator.close();
    }

    @Test
    void levelZeroIsTheOutputPartitioning() {
        for (long key = -1_000; key < 1_000; key++) {
            assertThat(ObjectBuckets.bucketOf(key, 0, 3)).isEqualTo(KeyPartitioner.partitionOf(key, 3));
        }
        assertThat(ObjectBuckets.bucketOf(null, 0, 3)).isZero();
        assertThat(ObjectBuckets.bucketOf(null, 2, 16)).isBetween(0, 15);
    }

    @Test
    void keysOfOneBucketSpreadOverEveryBucketOfTheNextLevel() {
        // The keys of output partition 1 (of 2), then of its level-1 bucket 5: each level spreads them evenly.
        List<Long> partition = new ArrayList<>();
        for (long key = 0; key < 400_000; key++) {
            if (ObjectBuckets.bucketOf(key, 0, 2) == 1) {
                partition.add(key);
            }
        }
        int[] level1 = counts(partition, 1);
        assertThat(Arrays.stream(level1).boxed().toList()).allSatisfy(c -> assertThat(c).isBetween(partition.size() / 16 * 9 / 10, partition.size() / 16 * 11 / 10));
        List<Long> bucket = partition.stream().filter(k -> ObjectBuckets.bucketOf(k, 1, 16) == 5).toList();
        int[] level2 = counts(bucket, 2);
        assertThat(Arrays.stream(level2).boxed().toList()).allSatisfy(c -> assertThat(c).isBetween(bucket.size() / 16 * 8 / 10, bucket.size() / 16 * 12 / 10));
    }

    @Test
    void bucketsKeepTheirElementsInOrderAndSpillBeyondTheBudget() throws IOException {
        int count = 60_000;
        ElementType<Object> type = elementType(Entry.class);
        try (ObjectBuckets buckets = new ObjectBuckets(context, type, ObjectBuckets.FAN_OUT)) {
            for (long i = 0; i < count; i++) {
                Entry entry = new Entry(i, "text-to-take-some-memory-" + i);
                buckets.add(ObjectBuckets.bucketOf(entry.key(), 1, ObjectBuckets.FAN_OUT), entry);
            }
            buckets.finishWriting();
            assertThat(buckets.spillCount()).as("spills under a 1 MiB budget").isPositive();
            assertThat(spillFiles()).isPositive();
            long total = 0;
            for (int b = 0; b < buckets.count(); b++) {
                int bucket = b;
                List<Entry> read = new ArrayList<>();
                assertThat(buckets.forEach(b, element -> read.add((Entry) element))).isTrue();
                assertThat(read).hasSize((int) buckets.rowCount(b));
                assertThat(read).allSatisfy(e -> {
                    assertThat(ObjectBuckets.bucketOf(e.key(), 1, ObjectBuckets.FAN_OUT)).isEqualTo(bucket);
                    assertThat(e.text()).isEqualTo("text-to-take-some-memory-" + e.key());
                });
                assertThat(read).isSortedAccordingTo((x, y) -> Long.compare(x.key(), y.key()));
                total += read.size();
            }
            assertThat(total).isEqualTo(count);
            assertThatThrownBy(() -> buckets.add(0, new Entry(1, "late"))).isInstanceOf(IllegalStateException.class);
        }
        assertThat(spillFiles()).as("spill files left after close").isZero();
        assertThat(context.bufferMemory().reserved()).isZero();
    }

    @Test
    void closingUnreadBucketsReleasesEverything() throws IOException {
        ObjectBuckets buckets = new ObjectBuckets(context, elementType(Long.class), 4);
        for (long i = 0; i < 100_000; i++) {
            buckets.add((int) (i % 4), i);
        }
        buckets.close();
        assertThat(spillFiles()).isZero();
        assertThat(context.memoryBudget().reserved()).isZero();
    }

    @Test
    void objectMemoryStaysUnderItsShareAndChargesTheBudget() {
        MemoryBudget budget = new MemoryBudget(1L << 20);
        ObjectMemory memory = new ObjectMemory(budget, 100_000);
        assertThat(memory.tryGrow(60_000)).isTrue();
        assertThat(budget.reserved()).isGreaterThanOrEqualTo(60_000);
        assertThat(memory.tryGrow(50_000)).as("beyond the share").isFalse();
        assertThat(memory.used()).isEqualTo(60_000);
        memory.reset();
        assertThat(budget.reserved()).isZero();

        MemoryBudget full = new MemoryBudget(10_000);
        ObjectMemory starved = new ObjectMemory(full, 100_000);
        assertThat(starved.tryGrow(20_000)).as("the budget cannot grant it").isFalse();
        starved.grow(20_000);
        assertThat(starved.used()).isEqualTo(20_000);
        starved.close();
        assertThat(full.reserved()).isZero();
    }

    @Test
    void elementSizeIsEstimatedFromAnEncodedSample() {
        try (ObjectMemory.ElementSizer sizer = new ObjectMemory.ElementSizer(elementType(Entry.class), allocator)) {
            for (int i = 0; i < ObjectMemory.ElementSizer.SAMPLE - 1; i++) {
                assertThat(sizer.bytesOf(new Entry(i, "x"))).isEqualTo(ObjectMemory.ElementSizer.DEFAULT_BYTES);
            }
            sizer.bytesOf(new Entry(0, "x"));
            long estimate = sizer.bytesOf(new Entry(1, "y"));
            assertThat(estimate).isGreaterThan(ObjectMemory.ElementSizer.OBJECT_OVERHEAD).isLessThan(ObjectMemory.ElementSizer.DEFAULT_BYTES);
        }
    }

    @Test
    void rejectsABadBucketCount() {
        assertThatThrownBy(() -> new ObjectBuckets(context, elementType(Long.class), 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @SuppressWarnings("unchecked")
    private static ElementType<Object> elementType(Class<?> type) {
        return (ElementType<Object>) ElementType.of(type);
    }

    private static int[] counts(List<Long> keys, int level) {
        int[] counts = new int[ObjectBuckets.FAN_OUT];
        for (long key : keys) {
            counts[ObjectBuckets.bucketOf(key, level, ObjectBuckets.FAN_OUT)]++;
        }
        return counts;
    }

    private int spillFiles() throws IOException {
        Path directory = temp.resolve("spill");
        if (!Files.isDirectory(directory)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(directory)) {
            return (int) files.filter(f -> f.getFileName().toString().startsWith(SpillableBatchBuffer.FILE_PREFIX)).count();
        }
    }

    private record MinimalStageContext(BufferAllocator allocator, ExecutionSettings settings) implements StageContext {
        @Override
        public BatchWriter collectWriter(CollectSink sink) {
            throw new UnsupportedOperationException("no sinks in this test");
        }

        @Override
        public StageInput input(StageInputSource source) {
            throw new UnsupportedOperationException("no stage inputs in this test");
        }

        @Override
        public StageOutput output(StageOutputSink sink) {
            throw new UnsupportedOperationException("no stage outputs in this test");
        }

        @Override
        public OperatorMetrics metrics(LogicalOperator operator) {
            return OperatorMetrics.NONE;
        }

        @Override
        public boolean isCancelled() {
            return false;
        }
    }
}
