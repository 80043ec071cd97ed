package dev.weft.channels.flight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A server that requires a bearer token (checked by a CallHeaderAuthenticator on every call). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TestFlightAuthentication extends FlightTest {
    private static final String TOKEN = "weft-test-token-42";
    private static final FlightPartitionId PARTITION = new FlightPartitionId(new FlightStreamId("job", "stage", "out"), 0);

    private LoopbackStreamsProducer server;
    private BufferAllocator clientAllocator;

    @BeforeEach
    void startServer() {
        server = LoopbackStreamsProducer.startWithToken(allocator, TOKEN);
        clientAllocator = allocator.newChildAllocator("clients", 0, Long.MAX_VALUE);
    }

    @AfterEach
    void stopServer() {
        server.close();
        clientAllocator.close();
    }

    @Test
    void theBearerTokenIsSentWithEveryCall() {
        try (FlightClientPool clients = new FlightClientPool(clientAllocator, FlightCredentials.bearer(TOKEN))) {
            try (FlightChannelWriter writer = FlightChannelWriter.open(clients, server.location(), PARTITION, 1, SCHEMA, allocator)) {
                writer.write(batch(allocator, rows(0, 20)));
                writer.complete();
            }
            try (FlightChannelReader reader = FlightChannelReader.open(clients, server.location(), PARTITION, allocator);
                 VectorSchemaRoot batch = reader.next()) {
                assertThat(rowsOf(batch)).isEqualTo(rows(0, 20));
                assertThat(reader.next()).isNull();
            }
        }
        assertThat(server.authorizationHeaders()).hasSizeGreaterThanOrEqualTo(2).allMatch(header -> header.equals("Bearer " + TOKEN));
    }

    @Test
    void aWriterWithoutATokenFailsWithAuthenticationFailed() {
        try (FlightClientPool clients = new FlightClientPool(clientAllocator, FlightCredentials.none());
             FlightChannelWriter writer = FlightChannelWriter.open(clients, server.location(), PARTITION, 1, SCHEMA, allocator)) {
            assertThatThrownBy(() -> {
                writer.write(batch(allocator, rows(0, 20)));
                writer.complete();
            })
                    .isInstanceOf(WeftException.class)
                    .satisfies(e -> assertThat(((WeftException) e).errorCode()).isEqualTo(ErrorCode.AUTHENTICATION_FAILED))
                    .hasMessageContaining(PARTITION.ticketText())
                    .hasMessageContaining("UNAUTHENTICATED")
                    .hasMessageContaining("bearer token the Flight server was started with");
        }
        assertThat(server.state(PARTITION)).as("nothing reached the store").isEmpty();
        assertThat(server.authorizationHeaders()).contains("null");
    }

    @Test
    void aReaderWithAWrongTokenFailsWithAuthenticationFailed() {
        try (FlightClientPool clients = new FlightClientPool(clientAllocator, FlightCredentials.bearer("wrong-token"));
             FlightChannelReader reader = FlightChannelReader.open(clients, server.location(), PARTITION, allocator)) {
            assertThatThrownBy(reader::next)
                    .isInstanceOf(WeftException.class)
                    .satisfies(e -> assertThat(((WeftException) e).errorCode()).isEqualTo(ErrorCode.AUTHENTICATION_FAILED))
                    .hasMessageStartingWith("stream " + PARTITION.ticketText() + " failed: ")
                    .hasMessageNotContaining("wrong-token");
        }
    }
}
