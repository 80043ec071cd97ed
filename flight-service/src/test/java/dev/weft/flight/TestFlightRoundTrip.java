package dev.weft.flight;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.channels.flight.FlightChannelReader;
import dev.weft.channels.flight.FlightChannelWriter;
import dev.weft.channels.flight.FlightClientPool;
import dev.weft.channels.flight.FlightCredentials;
import dev.weft.channels.flight.FlightPartitionId;
import dev.weft.channels.flight.FlightStreamId;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;

/** Data goes in by DoPut and comes out of DoGet unchanged, also while it is still being written. */
class TestFlightRoundTrip extends ServerTestBase {
    private static final FlightStreamId STREAM = new FlightStreamId("job-1", "stage-1", "out");

    @Test
    void everyTypeWithNullsComesBackUnchanged() {
        WeftFlightServer server = startServer(64L << 20);
        FlightClientPool pool = clientPool(FlightCredentials.none());
        FlightPartitionId partition = new FlightPartitionId(STREAM, 0);
        String expected;
        try (VectorSchemaRoot first = SampleBatches.allTypes(allocator, 100, 0);
                VectorSchemaRoot second = SampleBatches.allTypes(allocator, 37, 100)) {
            expected = SampleBatches.rowsText(first) + SampleBatches.rowsText(second);
        }
        writePartition(pool, server.location(), partition, 1, SampleBatches.ALL_TYPES, allocator,
                SampleBatches.allTypes(allocator, 100, 0), SampleBatches.allTypes(allocator, 37, 100));

        assertThat(readText(pool, server, partition)).isEqualTo(expected);
    }

    @Test
    void anEmptyBatchOfEveryTypeBetweenOthersIsNoProblem() {
        WeftFlightServer server = startServer(64L << 20);
        FlightClientPool pool = clientPool(FlightCredentials.none());
        FlightPartitionId partition = new FlightPartitionId(STREAM, 0);
        String expected;
        try (VectorSchemaRoot first = SampleBatches.allTypes(allocator, 3, 0);
                VectorSchemaRoot second = SampleBatches.allTypes(allocator, 4, 10)) {
            expected = SampleBatches.rowsText(first) + SampleBatches.rowsText(second);
        }
        writePartition(pool, server.location(), partition, 1, SampleBatches.ALL_TYPES, allocator,
                SampleBatches.allTypes(allocator, 3, 0),
                SampleBatches.allTypes(allocator, 0, 0),
                VectorSchemaRoot.create(SampleBatches.ALL_TYPES, allocator),
                SampleBatches.allTypes(allocator, 4, 10));

        assertThat(readText(pool, server, partition)).isEqualTo(expected);
    }

    /** Every row of the partition as text, checking each batch's schema. */
    private String readText(FlightClientPool pool, WeftFlightServer server, FlightPartitionId partition) {
        StringBuilder text = new StringBuilder();
        try (FlightChannelReader reader = FlightChannelReader.open(pool, server.location(), partition, allocator)) {
            assertThat(reader.schema()).isEqualTo(SampleBatches.ALL_TYPES);
            for (VectorSchemaRoot next = reader.next(); next != null; next = reader.next()) {
                try (VectorSchemaRoot batch = next) {
                    assertThat(batch.getSchema()).isEqualTo(SampleBatches.ALL_TYPES);
                    text.append(SampleBatches.rowsText(batch));
                }
            }
        }
        return text.toString();
    }

    @Test
    void aPartitionWithoutBatchesReadsAsTheSchemaAndTheEnd() {
        WeftFlightServer server = startServer(16L << 20);
        FlightClientPool pool = clientPool(FlightCredentials.none());
        FlightPartitionId partition = new FlightPartitionId(STREAM, 0);
        writePartition(pool, server.location(), partition, 1, SampleBatches.ALL_TYPES, allocator);

        try (FlightChannelReader reader = FlightChannelReader.open(pool, server.location(), partition, allocator)) {
            assertThat(reader.schema()).isEqualTo(SampleBatches.ALL_TYPES);
            assertThat(reader.next()).isNull();
        }
    }

    @Test
    void aDoGetStartedBeforeTheDoPutGetsTheFirstBatchBeforeTheProducerCompletes() throws Exception {
        WeftFlightServer server = startServer(16L << 20);
        FlightClientPool pool = clientPool(FlightCredentials.none());
        // Partition 1 makes the stream known; partition 0 is read before its producer has even started.
        writePartition(pool, server.location(), new FlightPartitionId(STREAM, 1), 2, SampleBatches.LONGS, allocator,
                SampleBatches.longs(allocator, 1_000, 10));
        FlightPartitionId partition = new FlightPartitionId(STREAM, 0);
        CountDownLatch firstBatchRead = new CountDownLatch(1);

        try (FlightChannelReader reader = FlightChannelReader.open(pool, server.location(), partition, allocator)) {
            CompletableFuture<Boolean> producer = CompletableFuture.supplyAsync(() -> {
                try (FlightChannelWriter writer = FlightChannelWriter.open(pool, server.location(), partition, 2,
                        SampleBatches.LONGS, allocator)) {
                    writer.write(SampleBatches.longs(allocator, 0, 500));
                    boolean consumerSawFirstBatch = firstBatchRead.await(20, TimeUnit.SECONDS);
                    writer.write(SampleBatches.longs(allocator, 500, 500));
                    writer.complete();
                    return consumerSawFirstBatch;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            });

            try (VectorSchemaRoot first = reader.next()) {
                assertThat(first).isNotNull();
                assertThat(first.getRowCount()).isEqualTo(500);
                assertThat(producer).as("the producer completed before the consumer got the first batch").isNotDone();
                firstBatchRead.countDown();
            }
            assertThat(readSequence(reader, 500)).isEqualTo(500);
            assertThat(producer.get(20, TimeUnit.SECONDS)).as("the consumer got the first batch while the producer waited").isTrue();
        }
    }
}
