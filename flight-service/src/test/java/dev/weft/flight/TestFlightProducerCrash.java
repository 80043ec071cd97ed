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
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;

/** A producer in another JVM dies mid-stream: its consumer gets an error naming the stream, never a truncated success. */
class TestFlightProducerCrash extends ServerTestBase {
    private static final int BATCHES = 5;

    @Test
    void aKilledProducerProcessFailsItsPartitionForTheConsumer() throws Exception {
        WeftFlightServer server = startServer(32L << 20);
        FlightStreamId stream = new FlightStreamId("crashjob", "produce", "out");
        Path childLog = temp.resolve("child").resolve("stderr.txt");
        Process child = ChildJvm.start(Files.createDirectories(temp.resolve("child")), ChildProducerMain.class,
                List.of(Integer.toString(server.location().getUri().getPort()), stream.job(), stream.stage(), stream.output(),
                        Integer.toString(BATCHES)));
        try {
            CompletableFuture<String> wrote = CompletableFuture.supplyAsync(() -> firstLineOf(child));
            assertThat(wrote.get(60, TimeUnit.SECONDS)).as("child output (stderr in %s)", childLog).isEqualTo(ChildProducerMain.WROTE);

            FlightClientPool pool = clientPool(FlightCredentials.none());
            try (FlightChannelReader reader = FlightChannelReader.open(pool, server.location(), new FlightPartitionId(stream, 0), allocator)) {
                long expected = 0;
                for (int batch = 0; batch < BATCHES; batch++) {
                    try (VectorSchemaRoot root = reader.next()) {
                        assertThat(root).as("batch %d", batch).isNotNull();
                        BigIntVector values = (BigIntVector) root.getVector(0);
                        for (int row = 0; row < root.getRowCount(); row++) {
                            assertThat(values.get(row)).isEqualTo(expected++);
                        }
                    }
                }
                assertThat(expected).isEqualTo((long) BATCHES * ChildProducerMain.ROWS_PER_BATCH);

                child.destroyForcibly();
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();

                assertThatThrownBy(reader::next)
                        .isInstanceOfSatisfying(WeftException.class,
                                e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.CHANNEL_FAILED))
                        .hasMessageContaining("crashjob")
                        .hasMessageContaining("disconnected before completing it");
            }
        } finally {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** The first line the child prints that is not a log line; null if it exits first. */
    private static String firstLineOf(Process child) {
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.equals(ChildProducerMain.WROTE)) {
                    return line;
                }
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
