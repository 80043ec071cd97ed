package dev.weft.channels.flight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.spi.BatchReader;
import dev.weft.api.spi.BatchWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TestFlightStageOutputAndInput extends FlightTest {
    private static final FlightStreamId STREAM = new FlightStreamId("job-7", "stage-1", "output-0");

    private LoopbackStreamsProducer server;
    private BufferAllocator clientAllocator;
    private FlightClientPool clients;

    @BeforeEach
    void startServer() {
        server = LoopbackStreamsProducer.start(allocator);
        clientAllocator = allocator.newChildAllocator("clients", 0, Long.MAX_VALUE);
        clients = new FlightClientPool(clientAllocator, FlightCredentials.none());
    }

    @AfterEach
    void stopServer() {
        clients.close();
        clientAllocator.close();
        server.close();
    }

    @Test
    void roundTripsThreePartitionsWithOneEmpty() throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(4);
        try (FlightStageOutput output = new FlightStageOutput(clients, server.location(), STREAM, 3, SCHEMA, allocator)) {
            assertThat(output.partitions()).isEqualTo(3);
            List<Future<?>> futures = new ArrayList<>();
            for (int thread = 0; thread < 4; thread++) {
                long base = thread * 10_000L;
                futures.add(executor.submit(() -> {
                    for (int b = 0; b < 5; b++) {
                        long from = base + b * 100L;
                        int partition = b % 2 == 0 ? 0 : 2;  // partition 1 stays empty
                        output.partition(partition).write(batch(allocator, rows(from, from + 100)));
                    }
                }));
            }
            for (Future<?> future : futures) {
                future.get(30, TimeUnit.SECONDS);
            }
            output.completeAll();
            output.completeAll();  // idempotent
        } finally {
            executor.shutdownNow();
        }
        for (int p = 0; p < 3; p++) {
            assertThat(server.state(new FlightPartitionId(STREAM, p))).as("partition %d", p).contains("COMPLETE");
        }

        FlightStageInput input = new FlightStageInput(clients, server.location(), STREAM, 3, SCHEMA, allocator);
        assertThat(input.schema()).isEqualTo(SCHEMA);
        assertThat(input.partitions()).isEqualTo(3);
        List<List<Object>> partition0 = readAll(input, 0);
        List<List<Object>> partition1 = readAll(input, 1);
        List<List<Object>> partition2 = readAll(input, 2);

        List<List<Object>> expected0 = new ArrayList<>();
        List<List<Object>> expected2 = new ArrayList<>();
        for (int thread = 0; thread < 4; thread++) {
            for (int b = 0; b < 5; b++) {
                long from = thread * 10_000L + b * 100L;
                (b % 2 == 0 ? expected0 : expected2).addAll(rows(from, from + 100));
            }
        }
        assertThat(partition0).containsExactlyInAnyOrderElementsOf(expected0);
        assertThat(partition1).isEmpty();
        assertThat(partition2).containsExactlyInAnyOrderElementsOf(expected2);
    }

    @Test
    void failAllFailsWrittenPartitionsAndUnwrittenOnesAreNeverFound() {
        try (FlightStageOutput output = new FlightStageOutput(clients, server.location(), STREAM, 3, SCHEMA, allocator)) {
            output.partition(0).write(batch(allocator, rows(0, 10)));
            server.awaitRows(new FlightPartitionId(STREAM, 0), 10);
            output.failAll(new IllegalStateException("the stage failed"));
            output.failAll(new IllegalStateException("again"));  // ignored

            BatchWriter late = output.partition(2);
            assertThatThrownBy(() -> late.write(batch(allocator, rows(0, 1))))
                    .isInstanceOf(WeftException.class)
                    .hasMessageContaining(STREAM.text())
                    .hasMessageContaining("already failed");
            assertThatThrownBy(output::completeAll).isInstanceOf(WeftException.class).hasMessageContaining("already failed");
        }
        FlightStageInput input = new FlightStageInput(clients, server.location(), STREAM, 3, SCHEMA, allocator);
        for (int p = 0; p < 3; p++) {
            FlightPartitionId partition = new FlightPartitionId(STREAM, p);
            try (BatchReader reader = input.open(p)) {
                assertThatThrownBy(reader::next)
                        .as("partition %d", p)
                        .isInstanceOf(WeftException.class)
                        .satisfies(e -> assertThat(((WeftException) e).errorCode()).isEqualTo(ErrorCode.CHANNEL_FAILED))
                        .hasMessageContaining(partition.ticketText());
            }
        }
    }

    @Test
    void closingWithoutCompleteAllFailsTheWrittenPartitions() {
        FlightPartitionId partition = new FlightPartitionId(STREAM, 1);
        try (FlightStageOutput output = new FlightStageOutput(clients, server.location(), STREAM, 2, SCHEMA, allocator)) {
            output.partition(1).write(batch(allocator, rows(0, 10)));
            server.awaitRows(partition, 10);
        }
        assertThat(server.awaitFinished(partition)).isEqualTo("FAILED");
    }

    @Test
    void aPartitionThatFailsToCompleteIsReported() {
        FlightPartitionId refused = new FlightPartitionId(STREAM, 0);
        server.refusePutAfterFirstBatch(refused, "no room for stream output-0");
        try (FlightStageOutput output = new FlightStageOutput(clients, server.location(), STREAM, 2, SCHEMA, allocator)) {
            output.partition(0).write(batch(allocator, rows(0, 10)));
            output.partition(1).write(batch(allocator, rows(0, 10)));
            assertThatThrownBy(output::completeAll)
                    .isInstanceOf(WeftException.class)
                    .hasMessageContaining(refused.ticketText())
                    .hasMessageContaining("no room for stream output-0");
        }
        assertOtherPartitionNeverCompletes(new FlightPartitionId(STREAM, 1));
    }

    /**
     * failAll cancels the other partition's DoPut. If the cancel overtakes the call's first message (gRPC clients can
     * cancel but not send an error), the server never learns of the partition; otherwise it marks it FAILED. Either
     * way it must never be COMPLETE.
     */
    private void assertOtherPartitionNeverCompletes(FlightPartitionId partition) {
        long unknownSince = System.nanoTime();
        long deadline = unknownSince + java.time.Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            java.util.Optional<String> state = server.state(partition);
            if (state.isPresent() && !state.get().equals("OPEN")) {
                assertThat(state.get()).as("the other partition was failed too").isEqualTo("FAILED");
                return;
            }
            if (state.isEmpty() && System.nanoTime() - unknownSince > java.time.Duration.ofSeconds(2).toNanos()) {
                return;
            }
            if (state.isPresent()) {
                unknownSince = System.nanoTime();
            }
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000L);
        }
        throw new AssertionError("partition %s stayed OPEN on the server".formatted(partition.ticketText()));
    }

    @Test
    void rejectsPartitionsOutOfRange() {
        try (FlightStageOutput output = new FlightStageOutput(clients, server.location(), STREAM, 2, SCHEMA, allocator)) {
            assertThatThrownBy(() -> output.partition(2))
                    .isInstanceOf(WeftException.class)
                    .hasMessageContaining("partition 2 of stream weft:job-7/stage-1/output-0 does not exist");
            assertThatThrownBy(() -> output.partition(-1)).isInstanceOf(WeftException.class);
            output.completeAll();
        }
        FlightStageInput input = new FlightStageInput(clients, server.location(), STREAM, 2, SCHEMA, allocator);
        assertThatThrownBy(() -> input.open(2))
                .isInstanceOf(WeftException.class)
                .hasMessageContaining("give 0 <= partition < 2");
        assertThatThrownBy(() -> new FlightStageOutput(clients, server.location(), STREAM, 0, SCHEMA, allocator))
                .isInstanceOf(WeftException.class)
                .hasMessageContaining("at least 1 partition");
    }

    private static List<List<Object>> readAll(FlightStageInput input, int partition) {
        List<List<Object>> rows = new ArrayList<>();
        try (BatchReader reader = input.open(partition)) {
            VectorSchemaRoot batch;
            while ((batch = reader.next()) != null) {
                try (VectorSchemaRoot owned = batch) {
                    rows.addAll(rowsOf(owned));
                }
            }
        }
        return rows;
    }
}
