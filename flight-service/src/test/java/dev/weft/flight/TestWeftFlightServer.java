package dev.weft.flight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.channels.flight.FlightChannelReader;
import dev.weft.channels.flight.FlightClientPool;
import dev.weft.channels.flight.FlightCredentials;
import dev.weft.channels.flight.FlightPartitionId;
import dev.weft.channels.flight.FlightStreamId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;

/** Starting (and failing to start) and stopping the service. */
class TestWeftFlightServer extends ServerTestBase {
    private static final FlightStreamId STREAM = new FlightStreamId("stop-job", "stage", "out");
    private static final FlightPartitionId PARTITION = new FlightPartitionId(STREAM, 0);
    private static final int BATCHES = 64;
    private static final int ROWS_PER_BATCH = 64 * 1024; // 512 KiB a batch, 32 MiB in all
    private static final long ROWS = (long) BATCHES * ROWS_PER_BATCH;

    @Test
    void listensOnAnEphemeralLoopbackPortByDefault() {
        WeftFlightServer server = startServer(FlightServiceConfig.builder());
        assertThat(server.location().getUri().getScheme()).isEqualTo("grpc+tcp");
        assertThat(server.location().getUri().getHost()).isEqualTo("127.0.0.1");
        assertThat(server.location().getUri().getPort()).isPositive();
        assertThat(server.config().spillDirectory()).isPresent();
        assertThat(server.config().spillDirectory().get()).exists();
    }

    @Test
    void aSpillDirectoryTheServerCreatedIsDeletedAtShutdownButAnExistingOneIsKept() throws Exception {
        WeftFlightServer defaults = WeftFlightServer.start(FlightServiceConfig.builder().build());
        Path created = defaults.config().spillDirectory().orElseThrow();
        assertThat(created).isDirectory();
        defaults.close();
        assertThat(created).doesNotExist();

        Path existing = Files.createDirectories(temp.resolve("existing-spill"));
        Path marker = Files.writeString(existing.resolve("keep.txt"), "mine");
        WeftFlightServer server = WeftFlightServer.start(FlightServiceConfig.builder().spillDirectory(existing).build());
        server.close();
        assertThat(marker).exists();
    }

    @Test
    void aPortInUseIsAnErrorNamingThePort() {
        WeftFlightServer first = startServer(FlightServiceConfig.builder());
        int port = first.location().getUri().getPort();

        assertThatThrownBy(() -> WeftFlightServer.start(FlightServiceConfig.builder().port(port).build()))
                .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.IO_ERROR))
                .hasMessageContaining("127.0.0.1:" + port)
                .hasMessageContaining("another port");
    }

    @Test
    void missingOrInvalidTlsFilesAreErrorsNamingTheFiles() throws Exception {
        Path missing = temp.resolve("missing-cert.pem");
        Path key = Files.writeString(temp.resolve("key.pem"), "not a key");
        assertThatThrownBy(() -> WeftFlightServer.start(FlightServiceConfig.builder().tls(missing, key).build()))
                .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.FILE_NOT_FOUND))
                .hasMessageContaining(missing.toString());

        Path certificate = Files.writeString(temp.resolve("cert.pem"), "not a certificate");
        assertThatThrownBy(() -> WeftFlightServer.start(FlightServiceConfig.builder().tls(certificate, key).build()))
                .isInstanceOfSatisfying(WeftException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_CONFIGURATION))
                .hasMessageContaining(certificate.toString())
                .hasMessageContaining(key.toString());
    }

    @Test
    void aRunningDoGetFinishesDuringAGracefulShutdown() throws Exception {
        WeftFlightServer server = startServer(64L << 20);
        FlightClientPool pool = clientPool(FlightCredentials.none());
        writeData(pool, server);

        try (FlightChannelReader reader = FlightChannelReader.open(pool, server.location(), PARTITION, allocator)) {
            long rows;
            try (VectorSchemaRoot first = reader.next()) {
                rows = first.getRowCount(); // the DoGet is running on the server now
            }
            CompletableFuture<Void> shutdown = CompletableFuture.runAsync(() -> server.shutdown(Duration.ofSeconds(30)));
            for (VectorSchemaRoot next = reader.next(); next != null; next = reader.next()) {
                try (VectorSchemaRoot batch = next) {
                    rows += batch.getRowCount();
                }
            }
            assertThat(rows).isEqualTo(ROWS);
            shutdown.get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aServerStoppedWhileItsConsumerPausesEndsTheDoGetWithAnErrorNeverATruncatedSuccess() throws Exception {
        WeftFlightServer server = startServer(64L << 20);
        FlightClientPool pool = clientPool(FlightCredentials.none());
        writeData(pool, server);
        FlightClient client = rawClient(server.location());

        long rows = 0;
        boolean ended = false;
        Throwable failure = null;
        FlightStream stream = client.getStream(PARTITION.ticket());
        try {
            assertThat(stream.next()).isTrue();
            rows += stream.getRoot().getRowCount();
            // The consumer pauses (the server's sends back up) while the server stops with a short timeout.
            server.shutdown(Duration.ofMillis(200));
            try {
                while (stream.next()) {
                    rows += stream.getRoot().getRowCount();
                }
                ended = true;
            } catch (RuntimeException e) {
                failure = e;
            }
        } finally {
            stream.close();
        }
        if (ended) {
            assertThat(rows).as("rows of a DoGet that ended without an error").isEqualTo(ROWS);
        } else {
            assertThat(failure).isNotNull();
            assertThat(rows).isLessThan(ROWS);
        }
    }

    @Test
    void shutdownIsIdempotentAndNewCallsAreRefusedAfterIt() {
        WeftFlightServer server = startServer(16L << 20);
        server.shutdown(Duration.ofSeconds(1));
        server.close();
        FlightClientPool pool = clientPool(FlightCredentials.none());
        assertThatThrownBy(() -> {
            try (FlightChannelReader reader = FlightChannelReader.open(pool, server.location(), PARTITION, allocator)) {
                reader.next();
            }
        }).isInstanceOf(WeftException.class);
    }

    private void writeData(FlightClientPool pool, WeftFlightServer server) {
        VectorSchemaRoot[] batches = new VectorSchemaRoot[BATCHES];
        for (int batch = 0; batch < BATCHES; batch++) {
            batches[batch] = SampleBatches.longs(allocator, (long) batch * ROWS_PER_BATCH, ROWS_PER_BATCH);
        }
        writePartition(pool, server.location(), PARTITION, 1, SampleBatches.LONGS, allocator, batches);
    }
}
