package dev.weft.flight.store;

import static dev.weft.flight.store.StoreFixtures.SCHEMA;
import static dev.weft.flight.store.StoreFixtures.partition;
import static dev.weft.flight.store.StoreFixtures.range;
import static dev.weft.flight.store.StoreFixtures.readAll;
import static dev.weft.flight.store.StoreFixtures.stream;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.channels.Batches;
import dev.weft.channels.flight.FlightStreamId;
import java.util.Optional;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The store holds what it charges: exactly sized copies, even where Arrow's default rounding would double them. */
class TestStoredBatchMemory {
    /** One row past a power of two: Arrow's default rounding charges such a body as twice its size. */
    private static final int AWKWARD_ROWS = 65_537;

    private RootAllocator allocator;
    private BufferAllocator storeAllocator;

    @BeforeEach
    void setUp() {
        allocator = new RootAllocator(Long.MAX_VALUE);
        storeAllocator = allocator.newChildAllocator("store", 0, Long.MAX_VALUE);
    }

    @AfterEach
    void tearDown() {
        assertThat(storeAllocator.getAllocatedMemory()).as("store allocator leak").isZero();
        storeAllocator.close();
        assertThat(allocator.getAllocatedMemory()).as("allocator leak").isZero();
        allocator.close();
    }

    @Test
    void memoryHeldPerByteStoredIsAtMostOnePointOneForAwkwardBatchSizes() {
        FlightStreamId id = stream("job", "out");
        long stored = 0;
        try (StreamStore store = new StreamStore(storeAllocator, new StoreSettings(1L << 30, Optional.empty()))) {
            try (PartitionWriter writer = store.openWriter(partition(id, 0), 1, SCHEMA)) {
                for (int b = 0; b < 10; b++) {
                    int rows = AWKWARD_ROWS + b * 1_003;
                    try (VectorSchemaRoot batch = StoreFixtures.batch(allocator, (long) b * 1_000_000, rows)) {
                        stored += Batches.sizeInBytes(batch);
                        writer.append(batch, StoreFixtures.NOT_CANCELLED);
                    }
                }
                writer.complete();
            }
            long held = storeAllocator.getAllocatedMemory();
            double ratio = (double) held / stored;
            assertThat((double) roundedByDefault(AWKWARD_ROWS) / stored)
                    .as("what Arrow's default rounding would hold for the same batches: the case this test is about")
                    .isGreaterThan(1.1);
            assertThat(ratio).as("allocator memory %d / bytes stored %d", held, stored).isLessThanOrEqualTo(1.1).isGreaterThanOrEqualTo(1.0);
            assertThat(store.memoryUsed()).as("the budget is charged exactly what the allocator holds").isEqualTo(held);
            assertThat(store.info(id).orElseThrow().bytes()).isEqualTo(held);

            try (PartitionReader reader = store.openReader(partition(id, 0))) {
                long rows = 0;
                for (int b = 0; b < 10; b++) {
                    rows += AWKWARD_ROWS + b * 1_003;
                }
                assertThat(readAll(reader, allocator)).hasSize((int) rows);
            }
            assertThat(storeAllocator.getAllocatedMemory()).as("reading from memory shares the stored buffers").isEqualTo(held);
        }
    }

    /** Allocator memory the default rounding policy would hold for the ten batches of the ratio test. */
    private long roundedByDefault(int firstRows) {
        long total = 0;
        for (int b = 0; b < 10; b++) {
            try (VectorSchemaRoot batch = StoreFixtures.batch(allocator, (long) b * 1_000_000, firstRows + b * 1_003);
                 ArrowRecordBatch unloaded = new VectorUnloader(batch).getRecordBatch()) {
                total += allocator.getRoundingPolicy().getRoundedSize(StoredBatch.bodyBytes(unloaded));
            }
        }
        return total;
    }

    @Test
    void exactMemoryIsChargedWithoutRounding() {
        long awkward = (1L << 19) + 8;
        try (ArrowBuf rounded = storeAllocator.buffer(awkward)) {
            assertThat(storeAllocator.getAllocatedMemory()).as("Arrow's default rounding").isEqualTo(1L << 20);
        }
        try (ArrowBuf exact = ExactMemory.allocate(storeAllocator, awkward)) {
            exact.setLong(awkward - 8, 42);
            assertThat(exact.getLong(awkward - 8)).isEqualTo(42);
            assertThat(storeAllocator.getAllocatedMemory()).isEqualTo(awkward);
        }
        assertThat(storeAllocator.getAllocatedMemory()).isZero();
    }

    @Test
    void storedBatchIsACopyThatOutlivesItsSource() {
        FlightStreamId id = stream("job", "out");
        try (StreamStore store = new StreamStore(storeAllocator, new StoreSettings(1L << 30, Optional.empty()))) {
            try (PartitionWriter writer = store.openWriter(partition(id, 0), 1, SCHEMA)) {
                try (VectorSchemaRoot batch = StoreFixtures.batch(allocator, 0, 1000)) {
                    writer.append(batch, StoreFixtures.NOT_CANCELLED);
                    assertThat(batch.getRowCount()).as("the caller's batch is left as it was").isEqualTo(1000);
                }
                writer.complete();
            }
            assertThat(allocator.getAllocatedMemory()).isEqualTo(storeAllocator.getAllocatedMemory());
            try (PartitionReader reader = store.openReader(partition(id, 0))) {
                assertThat(readAll(reader, allocator)).isEqualTo(range(0, 1000));
            }
        }
    }
}
