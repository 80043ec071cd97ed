package dev.weft.flight;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.channels.flight.FlightChannelReader;
import dev.weft.channels.flight.FlightChannelWriter;
import dev.weft.channels.flight.FlightClientPool;
import dev.weft.channels.flight.FlightCredentials;
import dev.weft.channels.flight.FlightPartitionId;
import dev.weft.channels.flight.FlightStreamId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** Many producers and consumers at once, with far more data in flight than the server may hold in memory. */
class TestFlightConcurrency extends ServerTestBase {
    private static final int PARTITIONS = 16;
    private static final int BATCHES = 32;
    private static final int ROWS_PER_BATCH = 4096; // 32 KiB of BIGINT
    private static final long ROWS_PER_PARTITION = (long) BATCHES * ROWS_PER_BATCH;
    private static final long BUDGET = PARTITIONS * ROWS_PER_PARTITION * Long.BYTES / 4; // a quarter of the data

    @Test
    void sixteenProducersAndConsumersMoveFourTimesTheBudgetWithoutLosingOrDuplicatingRows() throws Exception {
        WeftFlightServer server = startServer(BUDGET);
        FlightClientPool pool = clientPool(FlightCredentials.none());
        FlightStreamId stream = new FlightStreamId("big-job", "scan", "rows");
        ExecutorService threads = Executors.newFixedThreadPool(2 * PARTITIONS);
        CountDownLatch everyProducerOpened = new CountDownLatch(PARTITIONS);
        try {
            List<Future<Long>> producers = new ArrayList<>();
            List<Future<Long>> consumers = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                FlightPartitionId partition = new FlightPartitionId(stream, p);
                long start = p * 1_000_000_000L;
                producers.add(threads.submit(() -> produce(pool, server, partition, start, everyProducerOpened)));
            }
            // Each producer has sent (and so the server has seen) its first batch before any consumer starts.
            assertThat(everyProducerOpened.await(30, TimeUnit.SECONDS)).as("producers started").isTrue();
            for (int p = 0; p < PARTITIONS; p++) {
                FlightPartitionId partition = new FlightPartitionId(stream, p);
                long start = p * 1_000_000_000L;
                consumers.add(threads.submit(() -> {
                    try (FlightChannelReader reader = FlightChannelReader.open(pool, server.location(), partition, allocator)) {
                        return readSequence(reader, start);
                    }
                }));
            }
            for (int p = 0; p < PARTITIONS; p++) {
                assertThat(producers.get(p).get(60, TimeUnit.SECONDS)).as("rows written to partition %d", p).isEqualTo(ROWS_PER_PARTITION);
                assertThat(consumers.get(p).get(60, TimeUnit.SECONDS)).as("rows read from partition %d", p).isEqualTo(ROWS_PER_PARTITION);
            }
        } finally {
            threads.shutdownNow();
            assertThat(threads.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(server.store().memoryUsed()).as("bytes the store holds in memory").isLessThanOrEqualTo(BUDGET);
        assertThat(server.store().spilledBytes()).as("bytes spilled (the data is 4x the budget)").isPositive();
        assertThat(server.store().info(stream).orElseThrow().rows()).isEqualTo(PARTITIONS * ROWS_PER_PARTITION);
    }

    private long produce(FlightClientPool pool, WeftFlightServer server, FlightPartitionId partition, long start,
            CountDownLatch opened) {
        try (FlightChannelWriter writer = FlightChannelWriter.open(pool, server.location(), partition, PARTITIONS,
                SampleBatches.LONGS, allocator)) {
            for (int batch = 0; batch < BATCHES; batch++) {
                writer.write(SampleBatches.longs(allocator, start + (long) batch * ROWS_PER_BATCH, ROWS_PER_BATCH));
                if (batch == 0) {
                    // the first DoPut message reached the server once a GetFlightInfo finds the stream
                    awaitStreamKnown(server, partition.stream());
                    opened.countDown();
                }
            }
            writer.complete();
            return writer.rowsWritten();
        }
    }

    private static void awaitStreamKnown(WeftFlightServer server, FlightStreamId stream) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (server.store().info(stream).isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("stream %s never appeared on the server".formatted(stream));
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }
}
