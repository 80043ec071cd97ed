package dev.weft.channels.flight;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.Location;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TestFlightClientPool extends FlightTest {
    /**
     * A throwaway self-signed test certificate (EC P-256, CN=localhost, SAN DNS:localhost and IP:127.0.0.1, valid until
     * 2126) and its key, made with {@code openssl req -x509 -newkey ec ...} for this test only.
     */
    private static final String TEST_CERTIFICATE = """
            -----BEGIN CERTIFICATE-----
            MIIBmzCCAUGgAwIBAgIURvDh4WI5UrKDUSY1YCkxoeknrLwwCgYIKoZIzj0EAwIw
            FDESMBAGA1UEAwwJbG9jYWxob3N0MCAXDTI2MTEyMTA3MDI0OFoYDzIxMjYxMDI4
            MDcwMjQ4WjAUMRIwEAYDVQQDDAlsb2NhbGhvc3QwWTATBgcqhkjOPQIBBggqhkjO
            PQMBBwNCAAQ05xep1htqlJcubVr/GCgez4EYBU1SLkoeH9eKxckTWoZAzBSpjvjR
            MvRXKpduCcERI0NgOsHxda7XwMaV5rO/o28wbTAdBgNVHQ4EFgQURA4Ua1LZwSmg
            Nnv+VQPwPpHCkaMwHwYDVR0jBBgwFoAURA4Ua1LZwSmgNnv+VQPwPpHCkaMwDwYD
            VR0TAQH/BAUwAwEB/zAaBgNVHREEEzARgglsb2NhbGhvc3SHBH8AAAEwCgYIKoZI
            zj0EAwIDSAAwRQIgV0QfpvYmWyxpsnm/Q1KbLooqOHs70n7JgWar8GQC2yUCIQDU
            Nl+JBbEn42Ezvx3tBnrdn0Xg8U5qhSuAIfYPM8IjWA==
            -----END CERTIFICATE-----
            """;
    private static final String TEST_PRIVATE_KEY = """
            -----BEGIN PRIVATE KEY-----
            MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQglLql0/4Erbb77k1n
            sKpSgZMlLKXEN367VSBMzwhGKeyhRANCAAQ05xep1htqlJcubVr/GCgez4EYBU1S
            LkoeH9eKxckTWoZAzBSpjvjRMvRXKpduCcERI0NgOsHxda7XwMaV5rO/
            -----END PRIVATE KEY-----
            """;

    @TempDir
    Path directory;

    @Test
    void sharesOneClientPerLocation() {
        try (BufferAllocator clientAllocator = allocator.newChildAllocator("clients", 0, Long.MAX_VALUE);
             FlightClientPool pool = new FlightClientPool(clientAllocator, FlightCredentials.none())) {
            Location first = Location.forGrpcInsecure("127.0.0.1", 47_001);
            Location second = Location.forGrpcInsecure("127.0.0.1", 47_002);

            FlightClient client = pool.client(first);

            assertThat(pool.client(Location.forGrpcInsecure("127.0.0.1", 47_001))).isSameAs(client);
            assertThat(pool.client(second)).isNotSameAs(client);
            assertThat(pool.credentials()).isSameAs(FlightCredentials.none());
        }
    }

    @Test
    void aClosedPoolRefusesNewClients() {
        try (BufferAllocator clientAllocator = allocator.newChildAllocator("clients", 0, Long.MAX_VALUE)) {
            FlightClientPool pool = new FlightClientPool(clientAllocator, FlightCredentials.none());
            pool.client(Location.forGrpcInsecure("127.0.0.1", 47_001));
            pool.close();
            pool.close();  // idempotent

            assertThatThrownBy(() -> pool.client(Location.forGrpcInsecure("127.0.0.1", 47_001)))
                    .isInstanceOf(WeftException.class)
                    .hasMessageContaining("closed")
                    .hasMessageContaining("127.0.0.1:47001");
        }
    }

    @Test
    void toStringNeverShowsTheToken() {
        try (BufferAllocator clientAllocator = allocator.newChildAllocator("clients", 0, Long.MAX_VALUE);
             FlightClientPool pool = new FlightClientPool(clientAllocator, FlightCredentials.bearer("s3cr3t"))) {
            pool.client(Location.forGrpcInsecure("127.0.0.1", 47_001));
            assertThat(pool.toString()).contains("127.0.0.1:47001").doesNotContain("s3cr3t");
        }
    }

    @Test
    void aMissingCertificateFileIsNamed() {
        Path missing = directory.resolve("no-such-cert.pem");
        try (BufferAllocator clientAllocator = allocator.newChildAllocator("clients", 0, Long.MAX_VALUE)) {
            assertThatThrownBy(() -> new FlightClientPool(clientAllocator, FlightCredentials.none(), Optional.of(missing)))
                    .isInstanceOf(WeftException.class)
                    .satisfies(e -> assertThat(((WeftException) e).errorCode()).isEqualTo(ErrorCode.FILE_NOT_FOUND))
                    .hasMessageContaining(missing.toString());
        }
    }

    @Test
    void aBadCertificateFileIsNamedWhenATlsClientIsCreated() throws Exception {
        Path garbage = Files.writeString(directory.resolve("garbage.pem"), "not a certificate");
        try (BufferAllocator clientAllocator = allocator.newChildAllocator("clients", 0, Long.MAX_VALUE);
             FlightClientPool pool = new FlightClientPool(clientAllocator, FlightCredentials.none(), Optional.of(garbage))) {
            assertThatThrownBy(() -> pool.client(Location.forGrpcTls("127.0.0.1", 47_003)))
                    .isInstanceOf(WeftException.class)
                    .satisfies(e -> assertThat(((WeftException) e).errorCode()).isEqualTo(ErrorCode.INVALID_CONFIGURATION))
                    .hasMessageContaining(garbage.toString());
        }
    }

    @Test
    void roundTripsOverTlsWithTheTrustedCertificate() throws Exception {
        Path certificate = Files.writeString(directory.resolve("server.pem"), TEST_CERTIFICATE);
        LoopbackStreamsProducer.TlsFiles tls = new LoopbackStreamsProducer.TlsFiles() {
            @Override
            public InputStream certificateChain() {
                return new ByteArrayInputStream(TEST_CERTIFICATE.getBytes(US_ASCII));
            }

            @Override
            public InputStream privateKey() {
                return new ByteArrayInputStream(TEST_PRIVATE_KEY.getBytes(US_ASCII));
            }
        };
        FlightPartitionId partition = new FlightPartitionId(new FlightStreamId("job", "stage", "out"), 0);
        try (BufferAllocator clientAllocator = allocator.newChildAllocator("clients", 0, Long.MAX_VALUE);
             LoopbackStreamsProducer server = LoopbackStreamsProducer.startWithTls(allocator, tls)) {
            assertThat(server.location().getUri().getScheme()).isEqualTo("grpc+tls");
            try (FlightClientPool pool = new FlightClientPool(clientAllocator, FlightCredentials.none(), Optional.of(certificate))) {
                try (FlightChannelWriter writer = FlightChannelWriter.open(pool, server.location(), partition, 1, SCHEMA, allocator)) {
                    writer.write(batch(allocator, rows(0, 50)));
                    writer.complete();
                }
                try (FlightChannelReader reader = FlightChannelReader.open(pool, server.location(), partition, allocator);
                     VectorSchemaRoot batch = reader.next()) {
                    assertThat(rowsOf(batch)).isEqualTo(rows(0, 50));
                    assertThat(reader.next()).isNull();
                }
            }
            try (FlightClientPool untrusting = new FlightClientPool(clientAllocator, FlightCredentials.none());
                 FlightChannelReader reader = FlightChannelReader.open(untrusting, server.location(), partition, allocator)) {
                assertThatThrownBy(reader::next)
                        .as("without the certificate the server is not trusted")
                        .isInstanceOf(WeftException.class)
                        .hasMessageContaining(partition.ticketText())
                        .hasMessageContaining("UNAVAILABLE");
            }
        }
    }

    @Test
    void plainLocationsIgnoreTheCertificate() throws Exception {
        Path certificate = Files.writeString(directory.resolve("server.pem"), TEST_CERTIFICATE);
        FlightPartitionId partition = new FlightPartitionId(new FlightStreamId("job", "stage", "out"), 0);
        try (BufferAllocator clientAllocator = allocator.newChildAllocator("clients", 0, Long.MAX_VALUE);
             LoopbackStreamsProducer server = LoopbackStreamsProducer.start(allocator);
             FlightClientPool pool = new FlightClientPool(clientAllocator, FlightCredentials.none(), Optional.of(certificate))) {
            try (FlightChannelWriter writer = FlightChannelWriter.open(pool, server.location(), partition, 1, SCHEMA, allocator)) {
                writer.write(batch(allocator, rows(0, 5)));
                writer.complete();
            }
            try (FlightChannelReader reader = FlightChannelReader.open(pool, server.location(), partition, allocator);
                 VectorSchemaRoot batch = reader.next()) {
                assertThat(rowsOf(batch)).isEqualTo(rows(0, 5));
            }
        }
    }
}
