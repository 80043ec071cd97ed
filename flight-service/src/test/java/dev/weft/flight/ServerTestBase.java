package dev.weft.flight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.channels.flight.FlightChannelReader;
import dev.weft.channels.flight.FlightChannelWriter;
import dev.weft.channels.flight.FlightClientPool;
import dev.weft.channels.flight.FlightCredentials;
import dev.weft.channels.flight.FlightPartitionId;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.Location;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real server and real clients over loopback: servers, clients and pools a test starts are closed after it (clients
 * first), then the clients' root allocator must be empty. A server's own close fails the test if it leaked.
 */
abstract class ServerTestBase {
    @TempDir
    Path temp;

    protected BufferAllocator allocator;
    private final Deque<AutoCloseable> servers = new ArrayDeque<>();
    private final Deque<AutoCloseable> clients = new ArrayDeque<>();

    @BeforeEach
    void createAllocator() {
        allocator = new RootAllocator(Long.MAX_VALUE);
    }

    @AfterEach
    void closeEverything() throws Exception {
        Exception failure = null;
        for (Deque<AutoCloseable> closeables : List.of(clients, servers)) {
            while (!closeables.isEmpty()) {
                try {
                    closeables.pop().close();
                } catch (Exception e) {
                    if (failure == null) {
                        failure = e;
                    } else {
                        failure.addSuppressed(e);
                    }
                }
            }
        }
        assertThat(allocator.getAllocatedMemory()).as("client bytes still allocated (leak)").isZero();
        allocator.close();
        if (failure != null) {
            throw failure;
        }
    }

    /** Starts a server that spills to the test's temp directory unless the builder says otherwise. */
    protected WeftFlightServer startServer(FlightServiceConfig.Builder config) {
        WeftFlightServer server = WeftFlightServer.start(config.build());
        servers.push(server);
        return server;
    }

    protected WeftFlightServer startServer(long memoryBudgetBytes) {
        return startServer(FlightServiceConfig.builder().memoryBudgetBytes(memoryBudgetBytes).spillDirectory(temp.resolve("spill")));
    }

    protected FlightClientPool clientPool(FlightCredentials credentials) {
        return clientPool(credentials, Optional.empty());
    }

    protected FlightClientPool clientPool(FlightCredentials credentials, Optional<Path> trustedCertificate) {
        FlightClientPool pool = new FlightClientPool(allocator, credentials, trustedCertificate);
        clients.push(pool);
        return pool;
    }

    protected FlightClient rawClient(Location location) {
        FlightClient client = FlightClient.builder(allocator, location).build();
        clients.push(client);
        return client;
    }

    /** Writes the batches (taking them over) to the partition and completes it. */
    protected static void writePartition(FlightClientPool pool, Location location, FlightPartitionId partition, int partitionCount,
            Schema schema, BufferAllocator allocator, VectorSchemaRoot... batches) {
        try (FlightChannelWriter writer = FlightChannelWriter.open(pool, location, partition, partitionCount, schema, allocator)) {
            for (VectorSchemaRoot batch : batches) {
                writer.write(batch);
            }
            writer.complete();
        }
    }

    /** Sum and count of a BIGINT partition, checking that it holds exactly start, start+1, ... in order. */
    protected static long readSequence(FlightChannelReader reader, long start) {
        long expected = start;
        for (VectorSchemaRoot next = reader.next(); next != null; next = reader.next()) {
            try (VectorSchemaRoot batch = next) {
                BigIntVector values = (BigIntVector) batch.getVector(0);
                for (int row = 0; row < batch.getRowCount(); row++) {
                    long value = values.get(row);
                    if (value != expected) {
                        throw new AssertionError("partition starting at %d: expected %d at row %d, got %d (lost or duplicated rows)"
                                .formatted(start, expected, expected - start, value));
                    }
                    expected++;
                }
            }
        }
        return expected - start;
    }

    protected static void assertFlightStatus(ThrowingCallable call, FlightStatusCode code, String... descriptionParts) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(FlightRuntimeException.class, e -> {
                    assertThat(e.status().code()).as("status of %s", e).isEqualTo(code);
                    assertThat(e.status().description()).as("description of %s", e).isNotBlank();
                    if (descriptionParts.length > 0) {
                        assertThat(e.status().description()).contains(descriptionParts);
                    }
                });
    }
}
