package dev.weft.flight.store;

import static dev.weft.flight.store.StoreFixtures.NOT_CANCELLED;
import static dev.weft.flight.store.StoreFixtures.SCHEMA;
import static dev.weft.flight.store.StoreFixtures.batch;
import static dev.weft.flight.store.StoreFixtures.ids;
import static dev.weft.flight.store.StoreFixtures.partition;
import static dev.weft.flight.store.StoreFixtures.range;
import static dev.weft.flight.store.StoreFixtures.readAll;
import static dev.weft.flight.store.StoreFixtures.stream;
import static dev.weft.flight.store.StoreFixtures.write;
import static dev.weft.flight.store.TestStreamStore.assertKind;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.channels.flight.FlightStreamId;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class TestStreamStoreSpill {
    /** Rows per batch: 4096 rows of (BIGINT, short VARCHAR) are about 90 KB. */
    private static final int ROWS = 4096;

    @TempDir
    Path spillDirectory;

    private RootAllocator allocator;
    private BufferAllocator storeAllocator;
    private StreamStore store;

    @BeforeEach
    void setUp() {
        allocator = new RootAllocator(Long.MAX_VALUE);
        storeAllocator = allocator.newChildAllocator("store", 0, Long.MAX_VALUE);
    }

    @AfterEach
    void tearDown() {
        if (store != null) {
            store.close();
            assertThat(store.memoryUsed()).isZero();
            assertThat(store.spilledBytes()).isZero();
        }
        assertThat(storeAllocator.getAllocatedMemory()).as("store allocator leak").isZero();
        storeAllocator.close();
        assertThat(allocator.getAllocatedMemory()).as("allocator leak").isZero();
        allocator.close();
    }

    private StreamStore open(long budget, boolean spill) {
        store = new StreamStore(storeAllocator, new StoreSettings(budget, spill ? Optional.of(spillDirectory) : Optional.empty()));
        return store;
    }


    @Test
    void completeUnreadPartitionSpillsAndIsServedFromDisk() throws IOException {
        open(1L << 20, true);
        FlightStreamId first = stream("job", "first");
        FlightStreamId second = stream("job", "second");
        try (PartitionWriter writer = store.openWriter(partition(first, 0), 1, SCHEMA)) {
            write(writer, allocator, 0, 8, ROWS);
            writer.complete();
        }
        assertThat(store.memoryUsed()).isLessThanOrEqualTo(1L << 20);
        try (PartitionWriter writer = store.openWriter(partition(second, 0), 1, SCHEMA)) {
            write(writer, allocator, 1_000_000, 8, ROWS);
            writer.complete();
        }
        assertThat(store.memoryUsed()).isLessThanOrEqualTo(1L << 20);
        assertThat(store.spilledBytes()).isPositive();
        assertThat(store.info(first).orElseThrow().partitions().get(0).spilled()).isTrue();
        assertThat(spillFiles()).isNotEmpty();

        try (PartitionReader reader = store.openReader(partition(first, 0))) {
            assertThat(readAll(reader, allocator)).isEqualTo(range(0, 8L * ROWS));
        }
        try (PartitionReader reader = store.openReader(partition(second, 0))) {
            assertThat(readAll(reader, allocator)).isEqualTo(range(1_000_000, 8L * ROWS));
        }

        assertThat(store.dropJob("job")).isEqualTo(2);
        assertThat(store.spilledBytes()).isZero();
        assertThat(store.memoryUsed()).isZero();
        assertThat(spillFiles()).as("spill files are deleted on drop").isEmpty();
    }

    @Test
    void spillFileOfACompletePartitionIsAValidArrowIpcFile() throws IOException {
        open(1L << 20, true);
        FlightStreamId id = stream("job", "out");
        try (PartitionWriter writer = store.openWriter(partition(id, 0), 1, SCHEMA)) {
            write(writer, allocator, 0, 3, ROWS);
            writer.complete();
        }
        try (PartitionWriter writer = store.openWriter(partition(stream("job", "other"), 0), 1, SCHEMA)) {
            write(writer, allocator, 0, 12, ROWS);
            writer.complete();
        }
        assertThat(store.info(id).orElseThrow().partitions().get(0).spilled()).isTrue();
        Path file = spillFiles().stream().filter(path -> path.getFileName().toString().contains("-out-p0-")).findFirst().orElseThrow();
        List<Long> ids = new ArrayList<>();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
             ArrowFileReader reader = new ArrowFileReader(channel, allocator)) {
            assertThat(reader.getVectorSchemaRoot().getSchema()).isEqualTo(SCHEMA);
            while (reader.loadNextBatch()) {
                VectorSchemaRoot root = reader.getVectorSchemaRoot();
                for (int i = 0; i < root.getRowCount(); i++) {
                    ids.add(((BigIntVector) root.getVector(0)).get(i));
                }
            }
        }
        assertThat(ids).isEqualTo(range(0, 3L * ROWS));
    }

    @Test
    void budgetFarBelowTheDataWithSequentialWriteThenReadLosesNothing() throws IOException {
        open(256 << 10, true);
        FlightStreamId id = stream("job", "big");
        int partitions = 4;
        int batches = 25;
        for (int p = 0; p < partitions; p++) {
            try (PartitionWriter writer = store.openWriter(partition(id, p), partitions, SCHEMA)) {
                write(writer, allocator, p * 10_000_000L, batches, ROWS);
                writer.complete();
            }
            assertThat(store.memoryUsed()).isLessThanOrEqualTo(256 << 10);
        }
        StreamInfo info = store.info(id).orElseThrow();
        assertThat(info.bytes()).as("data is about 35x the budget").isGreaterThan(30L * (256 << 10));
        assertThat(store.spilledBytes()).isGreaterThanOrEqualTo(info.bytes() - (256 << 10));
        for (int p = 0; p < partitions; p++) {
            try (PartitionReader reader = store.openReader(partition(id, p))) {
                assertThat(readAll(reader, allocator)).isEqualTo(range(p * 10_000_000L, (long) batches * ROWS));
            }
        }
        store.close();
        assertThat(spillFiles()).isEmpty();
    }

    @Test
    void readerKeepsItsPositionWhenItsPartitionSpills() {
        open(1L << 20, true);
        FlightStreamId id = stream("job", "out");
        try (PartitionWriter writer = store.openWriter(partition(id, 0), 1, SCHEMA)) {
            write(writer, allocator, 0, 6, ROWS);
            writer.complete();
        }
        try (PartitionReader reader = store.openReader(partition(id, 0))) {
            List<Long> read = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                read.addAll(ids(reader.next(NOT_CANCELLED), allocator));
            }
            assertThat(store.info(id).orElseThrow().partitions().get(0).spilled()).isFalse();
            try (PartitionWriter writer = store.openWriter(partition(stream("job", "pressure"), 0), 1, SCHEMA)) {
                write(writer, allocator, 0, 12, ROWS);
                writer.complete();
            }
            assertThat(store.info(id).orElseThrow().partitions().get(0).spilled()).as("the complete partition spilled").isTrue();
            read.addAll(readAll(reader, allocator));
            assertThat(read).isEqualTo(range(0, 6L * ROWS));
        }
    }

    @Test
    void batchesEveryReaderPassedSpillWhileThePartitionIsStillOpen() {
        open(1L << 20, true);
        FlightStreamId id = stream("job", "out");
        try (PartitionWriter writer = store.openWriter(partition(id, 0), 1, SCHEMA);
             PartitionReader reader = store.openReader(partition(id, 0))) {
            List<Long> read = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                write(writer, allocator, (long) i * ROWS, 1, ROWS);
                read.addAll(ids(reader.next(NOT_CANCELLED), allocator));
                assertThat(store.memoryUsed()).isLessThanOrEqualTo(1L << 20);
            }
            writer.complete();
            assertThat(reader.next(NOT_CANCELLED)).isNull();
            assertThat(read).isEqualTo(range(0, 30L * ROWS));
            assertThat(store.spilledBytes()).as("passed batches spilled").isPositive();
        }
        try (PartitionReader again = store.openReader(partition(id, 0))) {
            assertThat(readAll(again, allocator)).as("a second read gets everything, from disk and memory").isEqualTo(range(0, 30L * ROWS));
        }
    }

    @Test
    void spillDisabledAndBudgetFullIsResourceExhaustedNamingBudgetStreamAndWhatToDo() {
        open(256 << 10, false);
        FlightStreamId id = stream("job", "out");
        try (PartitionWriter writer = store.openWriter(partition(id, 0), 1, SCHEMA)) {
            write(writer, allocator, 0, 2, ROWS);
            try (VectorSchemaRoot batch = batch(allocator, 0, ROWS)) {
                assertKind(() -> writer.append(batch, NOT_CANCELLED), StoreException.Kind.RESOURCE_EXHAUSTED,
                        "memory budget of 262144 bytes");
                assertKind(() -> writer.append(batch, NOT_CANCELLED), StoreException.Kind.RESOURCE_EXHAUSTED, "'job/stage-1/out'");
                assertKind(() -> writer.append(batch, NOT_CANCELLED), StoreException.Kind.RESOURCE_EXHAUSTED, "--memory");
                assertKind(() -> writer.append(batch, NOT_CANCELLED), StoreException.Kind.RESOURCE_EXHAUSTED, "spill directory");
            }
            assertThat(store.memoryUsed()).isLessThanOrEqualTo(256 << 10);
            writer.complete();
        }
        try (PartitionReader reader = store.openReader(partition(id, 0))) {
            assertThat(readAll(reader, allocator)).as("what was stored is intact").isEqualTo(range(0, 2L * ROWS));
        }
    }

    @Test
    void batchLargerThanTheWholeBudget() {
        open(16 << 10, false);
        FlightStreamId id = stream("job", "out");
        try (PartitionWriter writer = store.openWriter(partition(id, 0), 1, SCHEMA);
             VectorSchemaRoot batch = batch(allocator, 0, ROWS)) {
            assertKind(() -> writer.append(batch, NOT_CANCELLED), StoreException.Kind.RESOURCE_EXHAUSTED, "larger than the whole memory budget");
        }
        store.close();

        store = new StreamStore(storeAllocator, new StoreSettings(16 << 10, Optional.of(spillDirectory)));
        try (PartitionWriter writer = store.openWriter(partition(id, 0), 1, SCHEMA)) {
            write(writer, allocator, 0, 3, ROWS);
            writer.complete();
        }
        try (PartitionReader reader = store.openReader(partition(id, 0))) {
            assertThat(readAll(reader, allocator)).as("with spilling, oversized batches go through one at a time").isEqualTo(range(0, 3L * ROWS));
        }
    }

    @Test
    void failedPartitionDeletesItsSpillFile() throws IOException {
        open(256 << 10, true);
        FlightStreamId id = stream("job", "out");
        try (PartitionWriter writer = store.openWriter(partition(id, 0), 1, SCHEMA)) {
            write(writer, allocator, 0, 10, ROWS);
            assertThat(spillFiles()).isNotEmpty();
            writer.fail("task crashed");
        }
        assertThat(spillFiles()).isEmpty();
        assertThat(store.spilledBytes()).isZero();
        assertThat(store.memoryUsed()).isZero();
    }

    private List<Path> spillFiles() throws IOException {
        try (Stream<Path> files = Files.list(spillDirectory)) {
            return files.toList();
        }
    }
}
