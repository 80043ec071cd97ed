package dev.weft.channels.flight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TestFlightChannelWriterAndReader extends FlightTest {
    private static final FlightStreamId STREAM = new FlightStreamId("job 1", "stage/2", "out");

    private LoopbackStreamsProducer server;
    private FlightClientPool clients;
    private BufferAllocator writerAllocator;
    private BufferAllocator readerAllocator;

    @BeforeEach
    void startServer() {
        server = LoopbackStreamsProducer.start(allocator);
        clients = new FlightClientPool(allocator.newChildAllocator("clients", 0, Long.MAX_VALUE), FlightCredentials.none());
        writerAllocator = allocator.newChildAllocator("writer", 0, Long.MAX_VALUE);
        readerAllocator = allocator.newChildAllocator("reader", 0, Long.MAX_VALUE);
    }

    @AfterEach
    void stopServer() {
        BufferAllocator clientAllocator = clients.allocator();
        clients.close();
        clientAllocator.close();
        server.close();
        readerAllocator.close();
        writerAllocator.close();
    }

    @Test
    void roundTripsSeveralBatchesWithNullsAndAnEmptyBatch() {
        FlightPartitionId partition = new FlightPartitionId(STREAM, 1);
        List<List<List<Object>>> sent = List.of(rows(0, 100), List.of(), rows(100, 1_000), rows(1_000, 1_001));
        long expectedBytes = 0;
        try (FlightChannelWriter writer = FlightChannelWriter.open(clients, server.location(), partition, 3, SCHEMA, writerAllocator)) {
            for (List<List<Object>> rows : sent) {
                VectorSchemaRoot batch = batch(writerAllocator, rows);
                expectedBytes += dev.weft.channels.Batches.sizeInBytes(batch);
                writer.write(batch);
            }
            writer.complete();
            assertThat(writer.rowsWritten()).isEqualTo(1_001);
            assertThat(writer.bytesWritten()).isEqualTo(expectedBytes);
        }
        assertThat(writerAllocator.getAllocatedMemory()).as("the writer released every batch").isZero();
        assertThat(server.state(partition)).contains("COMPLETE");

        List<List<List<Object>>> received = new ArrayList<>();
        try (FlightChannelReader reader = FlightChannelReader.open(clients, server.location(), partition, readerAllocator)) {
            assertThat(reader.schema()).isEqualTo(SCHEMA);
            VectorSchemaRoot batch;
            while ((batch = reader.next()) != null) {
                try (VectorSchemaRoot owned = batch) {
                    assertThat(readerAllocator.getAllocatedMemory()).as("batches are charged to the reader's allocator").isPositive();
                    assertThat(owned.getSchema()).isEqualTo(SCHEMA);
                    received.add(rowsOf(owned));
                }
            }
            assertThat(reader.next()).as("the end stays the end").isNull();
        }
        assertThat(received).isEqualTo(sent);
        assertThat(readerAllocator.getAllocatedMemory()).isZero();
    }

    @Test
    void anEmptyPartitionHasTheSchemaAndNoBatches() {
        FlightPartitionId partition = new FlightPartitionId(STREAM, 0);
        try (FlightChannelWriter writer = FlightChannelWriter.open(clients, server.location(), partition, 1, SCHEMA, writerAllocator)) {
            writer.complete();
            writer.complete();  // idempotent
            assertThat(writer.rowsWritten()).isZero();
        }
        try (FlightChannelReader reader = FlightChannelReader.open(clients, server.location(), partition, readerAllocator)) {
            assertThat(reader.schema()).isEqualTo(SCHEMA);
            assertThat(reader.next()).isNull();
        }
    }

    @Test
    void manyBatchesPassTheBackPressurePolling() {
        Schema longs = new Schema(List.of(new Field("v", FieldType.notNullable(new ArrowType.Int(64, true)), null)));
        FlightPartitionId partition = new FlightPartitionId(STREAM, 0);
        int batches = 64;
        int rowsPerBatch = 32_768;
        try (FlightChannelWriter writer = FlightChannelWriter.open(clients, server.location(), partition, 1, longs, writerAllocator)) {
            for (int b = 0; b < batches; b++) {
                VectorSchemaRoot batch = VectorSchemaRoot.create(longs, writerAllocator);
                BigIntVector vector = (BigIntVector) batch.getVector(0);
                vector.allocateNew(rowsPerBatch);
                for (int i = 0; i < rowsPerBatch; i++) {
                    vector.set(i, (long) b * rowsPerBatch + i);
                }
                batch.setRowCount(rowsPerBatch);
                writer.write(batch);
            }
            writer.complete();
        }
        long sum = 0;
        long rows = 0;
        try (FlightChannelReader reader = FlightChannelReader.open(clients, server.location(), partition, readerAllocator)) {
            VectorSchemaRoot batch;
            while ((batch = reader.next()) != null) {
                try (VectorSchemaRoot owned = batch) {
                    BigIntVector vector = (BigIntVector) owned.getVector(0);
                    for (int i = 0; i < owned.getRowCount(); i++) {
                        sum += vector.get(i);
                    }
                    rows += owned.getRowCount();
                }
            }
        }
        long n = (long) batches * rowsPerBatch;
        assertThat(rows).isEqualTo(n);
        assertThat(sum).isEqualTo(n * (n - 1) / 2);
    }

    @Test
    void writesFromSeveralThreadsAreSerialized() throws Exception {
        FlightPartitionId partition = new FlightPartitionId(STREAM, 0);
        int threads = 4;
        int batchesPerThread = 25;
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try (FlightChannelWriter writer = FlightChannelWriter.open(clients, server.location(), partition, 1, SCHEMA, writerAllocator)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                long base = t * 1_000_000L;
                futures.add(executor.submit(() -> {
                    for (int b = 0; b < batchesPerThread; b++) {
                        writer.write(batch(writerAllocator, rows(base + b * 10L, base + b * 10L + 10)));
                    }
                }));
            }
            for (Future<?> future : futures) {
                future.get(30, TimeUnit.SECONDS);
            }
            writer.complete();
            assertThat(writer.rowsWritten()).isEqualTo(threads * batchesPerThread * 10L);
        } finally {
            executor.shutdownNow();
        }
        List<List<Object>> received = new ArrayList<>();
        try (FlightChannelReader reader = FlightChannelReader.open(clients, server.location(), partition, readerAllocator)) {
            VectorSchemaRoot batch;
            while ((batch = reader.next()) != null) {
                try (VectorSchemaRoot owned = batch) {
                    assertThat(owned.getRowCount()).isEqualTo(10);
                    received.addAll(rowsOf(owned));
                }
            }
        }
        List<List<Object>> expected = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            expected.addAll(rows(t * 1_000_000L, t * 1_000_000L + batchesPerThread * 10L));
        }
        assertThat(received).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void aFailedWriterMakesTheReaderFailNamingTheStream() {
        FlightPartitionId partition = new FlightPartitionId(STREAM, 2);
        try (FlightChannelWriter writer = FlightChannelWriter.open(clients, server.location(), partition, 3, SCHEMA, writerAllocator)) {
            writer.write(batch(writerAllocator, rows(0, 10)));
            server.awaitRows(partition, 10);
            writer.fail(new IllegalStateException("the engine crashed"));
            writer.fail(new IllegalStateException("again"));  // a second fail is a no-op

            assertThatThrownBy(() -> writer.write(batch(writerAllocator, rows(10, 20))))
                    .isInstanceOf(WeftException.class)
                    .hasMessageContaining(partition.ticketText())
                    .hasMessageContaining("the engine crashed");
            assertThatThrownBy(writer::complete)
                    .isInstanceOf(WeftException.class)
                    .hasMessageContaining(partition.ticketText());
        }
        assertThat(server.awaitFinished(partition)).isEqualTo("FAILED");

        try (FlightChannelReader reader = FlightChannelReader.open(clients, server.location(), partition, readerAllocator)) {
            assertThatThrownBy(reader::next)
                    .isInstanceOf(WeftException.class)
                    .satisfies(e -> assertThat(((WeftException) e).errorCode()).isEqualTo(ErrorCode.CHANNEL_FAILED))
                    .hasMessageStartingWith("stream " + partition.ticketText() + " failed: ")
                    .hasMessageContaining("went away");
            assertThatThrownBy(reader::next).as("the failure stays").isInstanceOf(WeftException.class);
        }
    }

    @Test
    void closingAWriterBeforeCompleteFailsThePartition() {
        FlightPartitionId partition = new FlightPartitionId(STREAM, 0);
        try (FlightChannelWriter writer = FlightChannelWriter.open(clients, server.location(), partition, 1, SCHEMA, writerAllocator)) {
            writer.write(batch(writerAllocator, rows(0, 10)));
            server.awaitRows(partition, 10);
        }
        assertThat(server.awaitFinished(partition)).isEqualTo("FAILED");
        try (FlightChannelReader reader = FlightChannelReader.open(clients, server.location(), partition, readerAllocator)) {
            assertThatThrownBy(reader::next)
                    .isInstanceOf(WeftException.class)
                    .hasMessageContaining(partition.ticketText());
        }
    }

    @Test
    void aServerRefusalFailsTheWriterWithTheServersDescription() {
        FlightPartitionId partition = new FlightPartitionId(STREAM, 0);
        server.refusePutAfterFirstBatch(partition, "memory budget of 1 MiB exhausted");
        try (FlightChannelWriter writer = FlightChannelWriter.open(clients, server.location(), partition, 1, SCHEMA, writerAllocator)) {
            writer.write(batch(writerAllocator, rows(0, 10)));
            assertThatThrownBy(() -> {
                // The refusal arrives asynchronously: a later write or complete() reports it.
                for (int i = 0; i < 10_000; i++) {
                    writer.write(batch(writerAllocator, rows(0, 10)));
                    Thread.sleep(1);
                }
                writer.complete();
            })
                    .isInstanceOf(WeftException.class)
                    .satisfies(e -> assertThat(((WeftException) e).errorCode()).isEqualTo(ErrorCode.CHANNEL_FAILED))
                    .hasMessageContaining(partition.ticketText())
                    .hasMessageContaining("memory budget of 1 MiB exhausted")
                    .hasMessageContaining("RESOURCE_EXHAUSTED")
                    .hasMessageContaining("raise its memory budget");
            assertThatThrownBy(writer::complete).isInstanceOf(WeftException.class).hasMessageContaining("memory budget of 1 MiB exhausted");
        }
        assertThat(writerAllocator.getAllocatedMemory()).isZero();
    }

    @Test
    void aStreamBrokenMidWayIsAnErrorNotATruncation() {
        FlightPartitionId partition = new FlightPartitionId(STREAM, 0);
        try (FlightChannelWriter writer = FlightChannelWriter.open(clients, server.location(), partition, 1, SCHEMA, writerAllocator)) {
            for (int b = 0; b < 3; b++) {
                writer.write(batch(writerAllocator, rows(b * 10L, b * 10L + 10)));
            }
            writer.complete();
        }
        server.breakGetAfter(partition, 2);
        try (FlightChannelReader reader = FlightChannelReader.open(clients, server.location(), partition, readerAllocator)) {
            reader.next().close();
            reader.next().close();
            assertThatThrownBy(reader::next)
                    .isInstanceOf(WeftException.class)
                    .hasMessageStartingWith("stream " + partition.ticketText() + " failed: connection to the store lost");
        }
    }

    @Test
    void anUnknownPartitionIsAChannelFailureNamingTheTicket() {
        FlightPartitionId partition = new FlightPartitionId(new FlightStreamId("nobody", "wrote", "this"), 4);
        try (FlightChannelReader reader = FlightChannelReader.open(clients, server.location(), partition, readerAllocator)) {
            assertThatThrownBy(reader::next)
                    .isInstanceOf(WeftException.class)
                    .satisfies(e -> assertThat(((WeftException) e).errorCode()).isEqualTo(ErrorCode.CHANNEL_FAILED))
                    .hasMessageContaining("stream weft:nobody/wrote/this/4 failed")
                    .hasMessageContaining("NOT_FOUND")
                    .hasMessageContaining("the job was not dropped");
        }
    }

    @Test
    void anUnreachableServerIsAChannelFailure() {
        var nowhere = server.location();
        server.close();
        server = LoopbackStreamsProducer.start(allocator);
        FlightPartitionId partition = new FlightPartitionId(STREAM, 0);
        try (FlightChannelReader reader = FlightChannelReader.open(clients, nowhere, partition, readerAllocator)) {
            assertThatThrownBy(reader::next)
                    .isInstanceOf(WeftException.class)
                    .hasMessageContaining(partition.ticketText())
                    .hasMessageContaining("UNAVAILABLE")
                    .hasMessageContaining("is running and reachable");
        }
        try (FlightChannelWriter writer = FlightChannelWriter.open(clients, nowhere, partition, 1, SCHEMA, writerAllocator)) {
            assertThatThrownBy(() -> {
                writer.write(batch(writerAllocator, rows(0, 10)));
                writer.complete();
            })
                    .isInstanceOf(WeftException.class)
                    .hasMessageContaining(partition.ticketText())
                    .hasMessageContaining("UNAVAILABLE");
        }
    }

    @Test
    void closingAReaderEarlyCancelsTheStreamAndFreesEverything() {
        FlightPartitionId partition = new FlightPartitionId(STREAM, 0);
        try (FlightChannelWriter writer = FlightChannelWriter.open(clients, server.location(), partition, 1, SCHEMA, writerAllocator)) {
            for (int b = 0; b < 20; b++) {
                writer.write(batch(writerAllocator, rows(0, 1_000)));
            }
            writer.complete();
        }
        FlightChannelReader reader = FlightChannelReader.open(clients, server.location(), partition, readerAllocator);
        reader.next().close();
        reader.close();
        reader.close();  // idempotent
        assertThatThrownBy(reader::next).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThat(readerAllocator.getAllocatedMemory()).isZero();
    }

    @Test
    void closingAReaderOfAPartitionStillBeingWrittenCancelsItAfterTheDrainBound() {
        FlightPartitionId partition = new FlightPartitionId(STREAM, 0);
        try (FlightChannelWriter writer = FlightChannelWriter.open(clients, server.location(), partition, 1, SCHEMA, writerAllocator)) {
            writer.write(batch(writerAllocator, rows(0, 10)));
            FlightChannelReader reader = FlightChannelReader.open(clients, server.location(), partition, readerAllocator);
            // the partition is not complete, so its DoGet does not end: drained for a while, then cancelled
            assertTimeoutPreemptively(Duration.ofSeconds(30), reader::close);
            assertThat(readerAllocator.getAllocatedMemory()).isZero();
            writer.complete();
        }
    }

    @Test
    void aBatchOfAnotherSchemaIsRefusedAndClosed() {
        FlightPartitionId partition = new FlightPartitionId(STREAM, 0);
        Schema other = new Schema(List.of(new Field("v", FieldType.nullable(ArrowType.Utf8.INSTANCE), null)));
        try (FlightChannelWriter writer = FlightChannelWriter.open(clients, server.location(), partition, 1, SCHEMA, writerAllocator)) {
            VectorSchemaRoot wrong = VectorSchemaRoot.create(other, writerAllocator);
            wrong.allocateNew();
            assertThatThrownBy(() -> writer.write(wrong))
                    .isInstanceOf(WeftException.class)
                    .satisfies(e -> assertThat(((WeftException) e).errorCode()).isEqualTo(ErrorCode.TYPE_MISMATCH))
                    .hasMessageContaining(partition.ticketText())
                    .hasMessageContaining("the stream's schema is");
            assertThatThrownBy(writer::complete).as("the partition failed").isInstanceOf(WeftException.class);
        }
        assertThat(writerAllocator.getAllocatedMemory()).as("the refused batch was closed").isZero();
    }

    @Test
    void writesAfterCompleteAreRefusedAndTheBatchClosed() {
        FlightPartitionId partition = new FlightPartitionId(STREAM, 0);
        try (FlightChannelWriter writer = FlightChannelWriter.open(clients, server.location(), partition, 1, SCHEMA, writerAllocator)) {
            writer.complete();
            assertThatThrownBy(() -> writer.write(batch(writerAllocator, rows(0, 3))))
                    .isInstanceOf(WeftException.class)
                    .hasMessageContaining("already complete");
        }
        assertThat(writerAllocator.getAllocatedMemory()).isZero();
    }

    @Test
    void openRejectsAPartitionOutsideTheCount() {
        FlightPartitionId partition = new FlightPartitionId(STREAM, 3);
        assertThatThrownBy(() -> FlightChannelWriter.open(clients, server.location(), partition, 3, SCHEMA, writerAllocator))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("partition count of 3");
    }

    @Test
    void aReaderAllocatorOfAnotherRootIsRefused() {
        try (BufferAllocator foreign = new org.apache.arrow.memory.RootAllocator(Long.MAX_VALUE)) {
            assertThatThrownBy(() -> FlightChannelReader.open(clients, server.location(), new FlightPartitionId(STREAM, 0), foreign))
                    .isInstanceOf(WeftException.class)
                    .hasMessageContaining("different roots");
        }
    }
}
