package dev.weft.flight.store;

import static dev.weft.flight.store.StoreFixtures.SCHEMA;
import static dev.weft.flight.store.StoreFixtures.partition;
import static dev.weft.flight.store.StoreFixtures.range;
import static dev.weft.flight.store.StoreFixtures.readAll;
import static dev.weft.flight.store.StoreFixtures.stream;
import static dev.weft.flight.store.StoreFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.channels.flight.FlightStreamId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class TestStreamStoreConcurrency {
    private static final int WRITERS = 16;
    private static final int BATCHES = 20;
    private static final int ROWS = 2048;

    @TempDir
    Path spillDirectory;

    private RootAllocator allocator;
    private BufferAllocator storeAllocator;
    private ExecutorService executor;

    @BeforeEach
    void setUp() {
        allocator = new RootAllocator(Long.MAX_VALUE);
        storeAllocator = allocator.newChildAllocator("store", 0, Long.MAX_VALUE);
        executor = Executors.newFixedThreadPool(2 * WRITERS);
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        executor.shutdownNow();
        assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        assertThat(storeAllocator.getAllocatedMemory()).as("store allocator leak").isZero();
        storeAllocator.close();
        assertThat(allocator.getAllocatedMemory()).as("allocator leak").isZero();
        allocator.close();
    }

    /**
     * 16 writers, on partitions of two streams, with four times the budget in flight. Half the partitions are read while
     * they are written (streaming: back-pressure and spill of passed batches), half only after their writer completed
     * (spill of unread partitions). Every reader gets exactly its partition's rows, in order.
     */
    @Test
    void sixteenWritersAndReadersWithFourTimesTheBudgetInFlightLoseAndDuplicateNothing() throws Exception {
        long dataBytes = 0;
        for (int p = 0; p < WRITERS; p++) {
            dataBytes += BATCHES * StoreFixtures.storedBytes(allocator, firstId(p), ROWS);
        }
        long budget = dataBytes / 4;
        AtomicLong peakMemory = new AtomicLong();
        try (StreamStore store = new StreamStore(storeAllocator, new StoreSettings(budget, Optional.of(spillDirectory)))) {
            List<FlightStreamId> streams = List.of(stream("job", "even"), stream("job", "odd"));
            CountDownLatch start = new CountDownLatch(1);
            List<CompletableFuture<?>> tasks = new ArrayList<>();
            List<PartitionWriter> writers = new ArrayList<>();
            List<PartitionReader> streamingReaders = new ArrayList<>();
            for (int p = 0; p < WRITERS; p++) {
                writers.add(store.openWriter(partition(streams.get(p % 2), p / 2), WRITERS / 2, SCHEMA));
                if (p % 2 == 0) {
                    streamingReaders.add(store.openReader(partition(streams.get(0), p / 2)));
                }
            }
            for (int p = 0; p < WRITERS; p++) {
                int index = p;
                PartitionWriter writer = writers.get(p);
                tasks.add(CompletableFuture.runAsync(() -> {
                    awaitStart(start);
                    try (writer) {
                        for (int b = 0; b < BATCHES; b++) {
                            write(writer, allocator, firstId(index) + (long) b * ROWS, 1, ROWS);
                            peakMemory.accumulateAndGet(store.memoryUsed(), Math::max);
                        }
                        writer.complete();
                    }
                }, executor));
                if (index % 2 == 0) {
                    PartitionReader reader = streamingReaders.get(index / 2);
                    tasks.add(CompletableFuture.runAsync(() -> {
                        awaitStart(start);
                        try (reader) {
                            assertThat(readAll(reader, allocator)).isEqualTo(range(firstId(index), (long) BATCHES * ROWS));
                        }
                    }, executor));
                }
            }
            start.countDown();
            CompletableFuture.allOf(tasks.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

            List<CompletableFuture<?>> laterReads = new ArrayList<>();
            for (int p = 0; p < WRITERS; p++) {
                int index = p;
                laterReads.add(CompletableFuture.runAsync(() -> {
                    try (PartitionReader reader = store.openReader(partition(streams.get(index % 2), index / 2))) {
                        assertThat(readAll(reader, allocator)).isEqualTo(range(firstId(index), (long) BATCHES * ROWS));
                    }
                }, executor));
            }
            CompletableFuture.allOf(laterReads.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

            assertThat(peakMemory.get()).isLessThanOrEqualTo(budget);
            assertThat(store.spilledBytes()).isPositive();
            for (FlightStreamId id : streams) {
                StreamInfo info = store.info(id).orElseThrow();
                assertThat(info.complete()).isTrue();
                assertThat(info.rows()).isEqualTo((long) WRITERS / 2 * BATCHES * ROWS);
            }
        }
        assertThat(spillFiles()).isEmpty();
    }

    private static long firstId(int partition) {
        return partition * 100_000_000L;
    }

    private static void awaitStart(CountDownLatch start) {
        try {
            assertThat(start.await(30, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private List<Path> spillFiles() throws IOException {
        try (Stream<Path> files = Files.list(spillDirectory)) {
            return files.toList();
        }
    }
}
