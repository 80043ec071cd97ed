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
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.channels.flight.FlightStreamId;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
class TestStreamStore {
    private static final long BUDGET = 64L << 20;

    private RootAllocator allocator;
    private BufferAllocator storeAllocator;
    private StreamStore store;
    private ExecutorService executor;

    @BeforeEach
    void setUp() {
        allocator = new RootAllocator(Long.MAX_VALUE);
        storeAllocator = allocator.newChildAllocator("store", 0, Long.MAX_VALUE);
        store = new StreamStore(storeAllocator, new StoreSettings(BUDGET, Optional.empty()));
        executor = Executors.newCachedThreadPool();
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        executor.shutdownNow();
        assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        store.close();
        assertThat(store.memoryUsed()).isZero();
        assertThat(storeAllocator.getAllocatedMemory()).as("store allocator leak").isZero();
        storeAllocator.close();
        assertThat(allocator.getAllocatedMemory()).as("allocator leak").isZero();
        allocator.close();
    }

    @Test
    void roundTripKeepsEveryRowInOrder() {
        FlightStreamId id = stream("job", "out");
        try (PartitionWriter writer = store.openWriter(partition(id, 0), 1, SCHEMA)) {
            write(writer, allocator, 0, 5, 1000);
            writer.complete();
        }
        try (PartitionReader reader = store.openReader(partition(id, 0))) {
            assertThat(reader.schema()).isEqualTo(SCHEMA);
            assertThat(readAll(reader, allocator)).isEqualTo(range(0, 5000));
            assertThat(reader.next(NOT_CANCELLED)).as("still at the end").isNull();
        }
        StreamInfo info = store.info(id).orElseThrow();
        assertThat(info.partitionCount()).isEqualTo(1);
        assertThat(info.partitions()).singleElement().satisfies(partition -> {
            assertThat(partition.state()).isEqualTo(PartitionState.COMPLETE);
            assertThat(partition.rows()).isEqualTo(5000);
            assertThat(partition.bytes()).isPositive().isEqualTo(store.memoryUsed());
            assertThat(partition.spilled()).isFalse();
        });
        assertThat(info.complete()).isTrue();
    }

    @Test
    void aStreamCanBeReadManyTimes() {
        FlightStreamId id = stream("job", "out");
        try (PartitionWriter writer = store.openWriter(partition(id, 0), 1, SCHEMA)) {
            write(writer, allocator, 0, 3, 100);
            writer.complete();
        }
        for (int i = 0; i < 3; i++) {
            try (PartitionReader reader = store.openReader(partition(id, 0))) {
                assertThat(readAll(reader, allocator)).isEqualTo(range(0, 300));
            }
        }
    }

    @Test
    void readerAttachedBeforeTheWriterGetsBatchesAsTheyArrive() throws Exception {
        FlightStreamId id = stream("job", "out");
        PartitionWriter writer = store.openWriter(partition(id, 0), 2, SCHEMA);
        try (PartitionReader reader = store.openReader(partition(id, 0))) {
            CompletableFuture<ArrowRecordBatch> first = CompletableFuture.supplyAsync(() -> reader.next(NOT_CANCELLED), executor);
            assertThat(first).as("nothing written yet").isNotDone();

            try (VectorSchemaRoot batch = batch(allocator, 0, 10)) {
                writer.append(batch, NOT_CANCELLED);
            }
            assertThat(ids(first.get(10, TimeUnit.SECONDS), allocator)).isEqualTo(range(0, 10));
            assertThat(store.info(id).orElseThrow().partitions().get(0).state()).isEqualTo(PartitionState.OPEN);

            CompletableFuture<ArrowRecordBatch> second = CompletableFuture.supplyAsync(() -> reader.next(NOT_CANCELLED), executor);
            try (VectorSchemaRoot batch = batch(allocator, 10, 10)) {
                writer.append(batch, NOT_CANCELLED);
            }
            assertThat(ids(second.get(10, TimeUnit.SECONDS), allocator)).isEqualTo(range(10, 10));

            CompletableFuture<ArrowRecordBatch> end = CompletableFuture.supplyAsync(() -> reader.next(NOT_CANCELLED), executor);
            writer.complete();
            assertThat(end.get(10, TimeUnit.SECONDS)).isNull();
        } finally {
            writer.close();
        }
    }

    @Test
    void readerOfAPartitionNoProducerOpenedYetWaitsForIt() throws Exception {
        FlightStreamId id = stream("job", "out");
        try (PartitionWriter writer = store.openWriter(partition(id, 0), 2, SCHEMA)) {
            writer.complete();
        }
        try (PartitionReader reader = store.openReader(partition(id, 1))) {
            CompletableFuture<List<Long>> all = CompletableFuture.supplyAsync(() -> readAll(reader, allocator), executor);
            assertThat(store.info(id).orElseThrow().partitions().get(1).state()).isEqualTo(PartitionState.OPEN);
            try (PartitionWriter writer = store.openWriter(partition(id, 1), 2, SCHEMA)) {
                write(writer, allocator, 0, 2, 50);
                writer.complete();
            }
            assertThat(all.get(10, TimeUnit.SECONDS)).isEqualTo(range(0, 100));
        }
    }

    @Test
    void unboundedStreamStaysOpenUntilItsProducerCompletesIt() throws Exception {
        FlightStreamId id = stream("job", "events");
        PartitionWriter writer = store.openWriter(partition(id, 0), 1, SCHEMA);
        try (PartitionReader reader = store.openReader(partition(id, 0))) {
            for (int i = 0; i < 20; i++) {
                try (VectorSchemaRoot batch = batch(allocator, i * 5L, 5)) {
                    writer.append(batch, NOT_CANCELLED);
                }
                assertThat(ids(reader.next(NOT_CANCELLED), allocator)).isEqualTo(range(i * 5L, 5));
            }
            CompletableFuture<ArrowRecordBatch> waiting = CompletableFuture.supplyAsync(() -> reader.next(NOT_CANCELLED), executor);
            assertThat(store.info(id).orElseThrow().partitions().get(0).state()).isEqualTo(PartitionState.OPEN);
            writer.complete();
            assertThat(waiting.get(10, TimeUnit.SECONDS)).isNull();
        } finally {
            writer.close();
        }
    }

    @Test
    void readerAttachedAfterCompleteGetsEverything() {
        FlightStreamId id = stream("job", "out");
        try (PartitionWriter writer = store.openWriter(partition(id, 0), 1, SCHEMA)) {
            write(writer, allocator, 100, 4, 25);
            writer.complete();
        }
        try (PartitionReader reader = store.openReader(partition(id, 0))) {
            assertThat(readAll(reader, allocator)).isEqualTo(range(100, 100));
        }
    }

    @Test
    void twoReadersOfOnePartitionEachGetEveryBatch() throws Exception {
        FlightStreamId id = stream("job", "out");
        PartitionWriter writer = store.openWriter(partition(id, 0), 1, SCHEMA);
        try (PartitionReader first = store.openReader(partition(id, 0));
             PartitionReader second = store.openReader(partition(id, 0))) {
            CompletableFuture<List<Long>> firstAll = CompletableFuture.supplyAsync(() -> readAll(first, allocator), executor);
            CompletableFuture<List<Long>> secondAll = CompletableFuture.supplyAsync(() -> readAll(second, allocator), executor);
            write(writer, allocator, 0, 10, 100);
            writer.complete();
            assertThat(firstAll.get(10, TimeUnit.SECONDS)).isEqualTo(range(0, 1000));
            assertThat(secondAll.get(10, TimeUnit.SECONDS)).isEqualTo(range(0, 1000));
        } finally {
            writer.close();
        }
    }

    @Test
    void emptyPartitionReadsAsNoBatches() {
        FlightStreamId id = stream("job", "out");
        try (PartitionWriter writer = store.openWriter(partition(id, 0), 1, SCHEMA)) {
            try (VectorSchemaRoot empty = batch(allocator, 0, 0)) {
                writer.append(empty, NOT_CANCELLED);
            }
            writer.complete();
        }
        try (PartitionReader reader = store.openReader(partition(id, 0))) {
            assertThat(readAll(reader, allocator)).isEmpty();
        }
    }

    @Test
    void emptyBatchesOfNestedTypesAreStoredEvenWhenABufferIsShorterThanItsLayout() throws IOException {
        Schema nested = new Schema(List.of(
                Field.nullable("id", new ArrowType.Int(64, true)),
                Field.nullable("text", ArrowType.Utf8.INSTANCE),
                new Field("list", FieldType.nullable(ArrowType.List.INSTANCE), List.of(Field.nullable("item", new ArrowType.Int(32, true)))),
                new Field("struct", FieldType.nullable(ArrowType.Struct.INSTANCE), List.of(Field.nullable("a", ArrowType.Utf8.INSTANCE)))));
        FlightStreamId id = stream("job", "nested");
        ByteArrayOutputStream ipc = new ByteArrayOutputStream();
        try (PartitionWriter writer = store.openWriter(partition(id, 0), 1, nested)) {
            try (VectorSchemaRoot unallocated = VectorSchemaRoot.create(nested, allocator)) {
                writer.append(unallocated, NOT_CANCELLED);
            }
            try (VectorSchemaRoot allocated = VectorSchemaRoot.create(nested, allocator)) {
                allocated.allocateNew();
                allocated.setRowCount(0);
                writer.append(allocated, NOT_CANCELLED);
            }
            // as Flight hands them to the server: loaded into one reused root from IPC messages, some with empty buffers
            try (VectorSchemaRoot oneRow = VectorSchemaRoot.create(nested, allocator);
                 VectorSchemaRoot unallocated = VectorSchemaRoot.create(nested, allocator);
                 ArrowStreamWriter ipcWriter = new ArrowStreamWriter(oneRow, null, Channels.newChannel(ipc))) {
                oneRow.allocateNew();
                oneRow.setRowCount(1);
                ipcWriter.writeBatch();
                try (ArrowRecordBatch empty = new VectorUnloader(unallocated).getRecordBatch()) {
                    new VectorLoader(oneRow).load(empty);
                }
                ipcWriter.writeBatch();
                ipcWriter.end();
            }
            try (ArrowStreamReader ipcReader = new ArrowStreamReader(new ByteArrayInputStream(ipc.toByteArray()), allocator)) {
                while (ipcReader.loadNextBatch()) {
                    writer.append(ipcReader.getVectorSchemaRoot(), NOT_CANCELLED);
                }
            }
            writer.complete();
        }
        try (PartitionReader reader = store.openReader(partition(id, 0))) {
            assertThat(rowCount(reader.next(NOT_CANCELLED), nested)).isZero();
            assertThat(rowCount(reader.next(NOT_CANCELLED), nested)).isZero();
            assertThat(rowCount(reader.next(NOT_CANCELLED), nested)).isEqualTo(1);
            assertThat(rowCount(reader.next(NOT_CANCELLED), nested)).as("empty list offsets read back as one zero offset").isZero();
            assertThat(reader.next(NOT_CANCELLED)).isNull();
        }
    }

    @Test
    void writeRejectsAnotherSchemaAPartitionOutOfRangeAndASecondProducer() {
        FlightStreamId id = stream("job", "out");
        Schema other = new Schema(List.of(Field.nullable("x", new ArrowType.Int(32, true))));
        try (PartitionWriter writer = store.openWriter(partition(id, 0), 2, SCHEMA)) {
            assertKind(() -> store.openWriter(partition(id, 1), 2, other), StoreException.Kind.INVALID_ARGUMENT, "schema");
            assertKind(() -> store.openWriter(partition(id, 1), 3, SCHEMA), StoreException.Kind.INVALID_ARGUMENT, "partition count");
            assertKind(() -> store.openWriter(partition(id, 2), 2, SCHEMA), StoreException.Kind.INVALID_ARGUMENT, "outside");
            assertKind(() -> store.openWriter(partition(id, 0), 2, SCHEMA), StoreException.Kind.INVALID_ARGUMENT, "already written");
            assertKind(() -> store.openWriter(partition(stream("job", "x"), 0), 0, SCHEMA), StoreException.Kind.INVALID_ARGUMENT, "partition count");
            assertKind(() -> store.openWriter(partition(stream("job", "x"), 0), HostedStream.MAX_PARTITIONS + 1, SCHEMA),
                    StoreException.Kind.INVALID_ARGUMENT, "partition count");
            try (VectorSchemaRoot wrong = VectorSchemaRoot.create(other, allocator)) {
                assertKind(() -> writer.append(wrong, NOT_CANCELLED), StoreException.Kind.INVALID_ARGUMENT, "schema");
            }
            writer.complete();
            try (VectorSchemaRoot batch = batch(allocator, 0, 1)) {
                assertKind(() -> writer.append(batch, NOT_CANCELLED), StoreException.Kind.INVALID_ARGUMENT, "complete");
            }
        }
        assertKind(() -> store.openWriter(partition(id, 0), 2, SCHEMA), StoreException.Kind.INVALID_ARGUMENT, "already written");
    }

    @Test
    void readOfAnUnknownStreamOrPartitionIsNotFound() {
        FlightStreamId id = stream("job", "out");
        assertKind(() -> store.openReader(partition(id, 0)), StoreException.Kind.NOT_FOUND, "'job/stage-1/out'");
        try (PartitionWriter writer = store.openWriter(partition(id, 0), 2, SCHEMA)) {
            assertKind(() -> store.openReader(partition(id, 2)), StoreException.Kind.NOT_FOUND, "no partition 2");
            writer.complete();
        }
        assertThat(store.info(stream("job", "nothing"))).isEmpty();
    }

    @Test
    void writerClosedWithoutCompleteFailsThePartitionForPresentAndFutureReaders() throws Exception {
        FlightStreamId id = stream("job", "out");
        PartitionWriter writer = store.openWriter(partition(id, 0), 1, SCHEMA);
        try (PartitionReader present = store.openReader(partition(id, 0))) {
            write(writer, allocator, 0, 3, 10);
            assertThat(ids(present.next(NOT_CANCELLED), allocator)).isEqualTo(range(0, 10));
            CompletableFuture<ArrowRecordBatch> rest = CompletableFuture.supplyAsync(() -> {
                readAll(present, allocator);
                return null;
            }, executor);
            writer.close();
            assertThat(rest).failsWithin(10, TimeUnit.SECONDS).withThrowableOfType(Exception.class)
                    .havingRootCause()
                    .isInstanceOfSatisfying(StoreException.class, e -> {
                        assertThat(e.kind()).isEqualTo(StoreException.Kind.FAILED);
                        assertThat(e.getMessage()).contains("'job/stage-1/out'", "went away");
                    });
        }
        try (PartitionReader future = store.openReader(partition(id, 0))) {
            assertKind(() -> future.next(NOT_CANCELLED), StoreException.Kind.FAILED, "went away");
        }
        assertThat(store.info(id).orElseThrow().partitions().get(0).state()).isEqualTo(PartitionState.FAILED);
        assertThat(store.memoryUsed()).as("a failed partition's memory is freed").isZero();
    }

    @Test
    void failedProducerReasonReachesReaders() {
        FlightStreamId id = stream("job", "out");
        try (PartitionWriter writer = store.openWriter(partition(id, 0), 1, SCHEMA)) {
            write(writer, allocator, 0, 1, 10);
            writer.fail("disk on fire");
        }
        try (PartitionReader reader = store.openReader(partition(id, 0))) {
            assertKind(() -> reader.next(NOT_CANCELLED), StoreException.Kind.FAILED, "disk on fire");
        }
    }

    @Test
    void waitingReaderStopsWhenCancelled() throws Exception {
        FlightStreamId id = stream("job", "out");
        AtomicBoolean cancelled = new AtomicBoolean();
        try (PartitionWriter writer = store.openWriter(partition(id, 0), 1, SCHEMA);
             PartitionReader reader = store.openReader(partition(id, 0))) {
            CompletableFuture<ArrowRecordBatch> waiting = CompletableFuture.supplyAsync(() -> reader.next(cancelled::get), executor);
            cancelled.set(true);
            assertThat(waiting).failsWithin(10, TimeUnit.SECONDS).withThrowableOfType(Exception.class)
                    .havingRootCause()
                    .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.CANCELLED));
            writer.complete();
        }
    }

    @Test
    void dropJobFreesMemoryWakesReadersAndForgetsTheStreams() throws Exception {
        FlightStreamId dropped = stream("job-a", "out");
        FlightStreamId kept = stream("job-b", "out");
        try (PartitionWriter writer = store.openWriter(partition(kept, 0), 1, SCHEMA)) {
            write(writer, allocator, 0, 2, 100);
            writer.complete();
        }
        long keptBytes = store.memoryUsed();
        PartitionWriter writer = store.openWriter(partition(dropped, 0), 2, SCHEMA);
        PartitionReader reader = store.openReader(partition(dropped, 0));
        try {
            write(writer, allocator, 0, 2, 100);
            readBatches(reader, 2, allocator);
            CompletableFuture<ArrowRecordBatch> waiting = CompletableFuture.supplyAsync(() -> reader.next(NOT_CANCELLED), executor);
            assertThat(store.jobs()).containsExactlyInAnyOrder("job-a", "job-b");

            assertThat(store.dropJob("job-a")).isEqualTo(1);

            assertThat(waiting).failsWithin(10, TimeUnit.SECONDS).withThrowableOfType(Exception.class)
                    .havingRootCause()
                    .isInstanceOfSatisfying(StoreException.class, e -> {
                        assertThat(e.kind()).isEqualTo(StoreException.Kind.CANCELLED);
                        assertThat(e.getMessage()).contains("job-a", "dropped");
                    });
            try (VectorSchemaRoot batch = batch(allocator, 0, 1)) {
                assertKind(() -> writer.append(batch, NOT_CANCELLED), StoreException.Kind.CANCELLED, "dropped");
            }
            assertKind(() -> store.openReader(partition(dropped, 0)), StoreException.Kind.NOT_FOUND, "not hosted");
            assertThat(store.info(dropped)).isEmpty();
            assertThat(store.jobs()).containsExactly("job-b");
            assertThat(store.memoryUsed()).isEqualTo(keptBytes);
            assertThat(store.dropJob("job-a")).isZero();
        } finally {
            reader.close();
            writer.close();
        }
        try (PartitionReader keptReader = store.openReader(partition(kept, 0))) {
            assertThat(readAll(keptReader, allocator)).isEqualTo(range(0, 200));
        }
    }

    @Test
    void closedStoreRefusesWork() {
        store.close();
        assertKind(() -> store.openWriter(partition(stream("job", "out"), 0), 1, SCHEMA), StoreException.Kind.CANCELLED, "closed");
        assertThat(store.streams()).isEmpty();
    }

    @Test
    void settingsRejectANonPositiveBudget() {
        assertThatThrownBy(() -> new StoreSettings(0, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("budget");
    }

    /** Rows of a read batch of the schema; closes the batch. */
    private int rowCount(ArrowRecordBatch batch, Schema schema) {
        try (batch; VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
            new VectorLoader(root).load(batch);
            return root.getRowCount();
        }
    }

    private static void readBatches(PartitionReader reader, int batches, BufferAllocator allocator) {
        for (int i = 0; i < batches; i++) {
            ids(reader.next(NOT_CANCELLED), allocator);
        }
    }

    static void assertKind(Runnable action, StoreException.Kind kind, String messagePart) {
        assertThatThrownBy(action::run)
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.kind()).isEqualTo(kind))
                .hasMessageContaining(messagePart);
    }
}
