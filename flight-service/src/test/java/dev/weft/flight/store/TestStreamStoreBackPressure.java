package dev.weft.flight.store;

import static dev.weft.flight.store.StoreFixtures.NOT_CANCELLED;
import static dev.weft.flight.store.StoreFixtures.SCHEMA;
import static dev.weft.flight.store.StoreFixtures.await;
import static dev.weft.flight.store.StoreFixtures.batch;
import static dev.weft.flight.store.StoreFixtures.ids;
import static dev.weft.flight.store.StoreFixtures.partition;
import static dev.weft.flight.store.StoreFixtures.range;
import static dev.weft.flight.store.StoreFixtures.readAll;
import static dev.weft.flight.store.StoreFixtures.stream;
import static dev.weft.flight.store.StoreFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.channels.flight.FlightStreamId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class TestStreamStoreBackPressure {
    private static final int ROWS = 4096;
    /** The stall timeout is an hour: writers wait for lagging readers and never spill what those did not read. */
    private static final Duration NO_STALL = Duration.ofHours(1);

    @TempDir
    Path spillDirectory;

    private RootAllocator allocator;
    private BufferAllocator storeAllocator;
    private StreamStore store;
    private ExecutorService executor;
    private long batchBytes;

    @BeforeEach
    void setUp() {
        allocator = new RootAllocator(Long.MAX_VALUE);
        storeAllocator = allocator.newChildAllocator("store", 0, Long.MAX_VALUE);
        executor = Executors.newCachedThreadPool();
        batchBytes = StoreFixtures.storedBytes(allocator, 0, ROWS);
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        executor.shutdownNow();
        assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        if (store != null) {
            store.close();
        }
        assertThat(storeAllocator.getAllocatedMemory()).as("store allocator leak").isZero();
        storeAllocator.close();
        assertThat(allocator.getAllocatedMemory()).as("allocator leak").isZero();
        allocator.close();
    }

    /** Room for {@code batches} batches but not one more (batches differ by a few bytes: nulls fall differently). */
    private long budgetOf(int batches) {
        return batches * batchBytes + batchBytes / 2;
    }

    private void open(long budget, Duration stallTimeout) {
        store = new StreamStore(storeAllocator, new StoreSettings(budget, Optional.of(spillDirectory)), stallTimeout);
    }

    @Test
    void writerWaitsWhileAReaderLagsAndResumesWhenItReads() throws Exception {
        open(budgetOf(3), NO_STALL);
        FlightStreamId id = stream("job", "out");
        AtomicInteger appended = new AtomicInteger();
        PartitionWriter writer = store.openWriter(partition(id, 0), 1, SCHEMA);
        try (writer; PartitionReader reader = store.openReader(partition(id, 0))) {
            CompletableFuture<Void> producer = CompletableFuture.runAsync(() -> {
                for (int b = 0; b < 8; b++) {
                    try (VectorSchemaRoot batch = batch(allocator, (long) b * ROWS, ROWS)) {
                        writer.append(batch, NOT_CANCELLED);
                    }
                    appended.incrementAndGet();
                }
                writer.complete();
            }, executor);

            await(() -> store.blockedWriters() == 1, "the writer blocks on the full budget");
            assertThat(appended.get()).as("three batches fit the budget").isEqualTo(3);
            assertThat(store.memoryUsed()).isLessThanOrEqualTo(budgetOf(3));
            assertThat(producer).isNotDone();

            List<Long> read = new ArrayList<>(ids(reader.next(NOT_CANCELLED), allocator));
            await(() -> appended.get() == 4 && store.blockedWriters() == 1, "one read lets exactly one more batch in");
            assertThat(store.info(id).orElseThrow().partitions().get(0).spilled()).as("the batch the reader passed spilled").isTrue();

            read.addAll(readAll(reader, allocator));
            producer.get(30, TimeUnit.SECONDS);
            assertThat(read).isEqualTo(range(0, 8L * ROWS));
            assertThat(store.memoryUsed()).isLessThanOrEqualTo(budgetOf(3));
        }
    }

    @Test
    void blockedWriterStopsWhenCancelled() throws Exception {
        open(budgetOf(2), NO_STALL);
        FlightStreamId id = stream("job", "out");
        AtomicBoolean cancelled = new AtomicBoolean();
        try (PartitionWriter writer = store.openWriter(partition(id, 0), 1, SCHEMA);
             PartitionReader reader = store.openReader(partition(id, 0))) {
            write(writer, allocator, 0, 2, ROWS);
            CompletableFuture<Void> blocked = CompletableFuture.runAsync(() -> {
                try (VectorSchemaRoot batch = batch(allocator, 2L * ROWS, ROWS)) {
                    writer.append(batch, cancelled::get);
                }
            }, executor);
            await(() -> store.blockedWriters() == 1, "the writer blocks");
            cancelled.set(true);
            assertThat(blocked).failsWithin(10, TimeUnit.SECONDS).withThrowableOfType(Exception.class)
                    .havingRootCause()
                    .isInstanceOfSatisfying(StoreException.class, e -> {
                        assertThat(e.kind()).isEqualTo(StoreException.Kind.CANCELLED);
                        assertThat(e.getMessage()).contains("'job/stage-1/out'");
                    });
            assertThat(store.memoryUsed()).as("the cancelled batch's reservation is released")
                    .isEqualTo(store.info(id).orElseThrow().bytes());
            assertThat(reader).isNotNull();
        }
    }

    @Test
    void dropJobWakesABlockedWriterAndReader() throws Exception {
        open(budgetOf(2), NO_STALL);
        FlightStreamId id = stream("job", "out");
        FlightStreamId other = stream("job", "other");
        try (PartitionWriter writer = store.openWriter(partition(id, 0), 1, SCHEMA);
             PartitionReader lagging = store.openReader(partition(id, 0));
             PartitionWriter otherWriter = store.openWriter(partition(other, 0), 1, SCHEMA);
             PartitionReader waiting = store.openReader(partition(other, 0))) {
            write(writer, allocator, 0, 2, ROWS);
            CompletableFuture<Void> blockedWriter = CompletableFuture.runAsync(() -> write(writer, allocator, 2L * ROWS, 1, ROWS), executor);
            CompletableFuture<Void> blockedReader = CompletableFuture.runAsync(() -> readAll(waiting, allocator), executor);
            await(() -> store.blockedWriters() == 1, "the writer blocks");

            assertThat(store.dropJob("job")).isEqualTo(2);

            for (CompletableFuture<Void> blocked : List.of(blockedWriter, blockedReader)) {
                assertThat(blocked).failsWithin(10, TimeUnit.SECONDS).withThrowableOfType(Exception.class)
                        .havingRootCause()
                        .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.CANCELLED));
            }
            assertThat(store.memoryUsed()).isZero();
            assertThat(lagging).isNotNull();
            assertThat(otherWriter).isNotNull();
        }
    }

    @Test
    void stalledReadersAreSpilledRatherThanDeadlocked() throws Exception {
        // A consumer attached to both streams reads 'left' only after all of 'right' (e.g. a hash join that builds from
        // right, then probes with left): left's unread batches hold the whole budget and right's writer waits for a
        // reader that waits for right. After the stall timeout (zero here) left's batches go to disk instead.
        open(budgetOf(3), Duration.ZERO);
        FlightStreamId left = stream("job", "left");
        FlightStreamId right = stream("job", "right");
        try (PartitionWriter leftWriter = store.openWriter(partition(left, 0), 1, SCHEMA);
             PartitionReader leftReader = store.openReader(partition(left, 0));
             PartitionWriter rightWriter = store.openWriter(partition(right, 0), 1, SCHEMA);
             PartitionReader rightReader = store.openReader(partition(right, 0))) {
            write(leftWriter, allocator, 0, 3, ROWS);
            CompletableFuture<List<Long>> rightAll = CompletableFuture.supplyAsync(() -> readAll(rightReader, allocator), executor);
            write(rightWriter, allocator, 1_000_000, 6, ROWS);
            rightWriter.complete();
            assertThat(rightAll.get(30, TimeUnit.SECONDS)).isEqualTo(range(1_000_000, 6L * ROWS));
            assertThat(store.info(left).orElseThrow().partitions().get(0).spilled()).isTrue();
            write(leftWriter, allocator, 3L * ROWS, 1, ROWS);
            leftWriter.complete();
            assertThat(readAll(leftReader, allocator)).isEqualTo(range(0, 4L * ROWS));
        }
    }
}
