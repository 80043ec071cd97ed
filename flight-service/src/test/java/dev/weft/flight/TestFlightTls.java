package dev.weft.flight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.weft.api.WeftException;
import dev.weft.channels.flight.FlightChannelReader;
import dev.weft.channels.flight.FlightClientPool;
import dev.weft.channels.flight.FlightCredentials;
import dev.weft.channels.flight.FlightPartitionId;
import dev.weft.channels.flight.FlightStreamId;
import java.util.Optional;
import org.apache.arrow.flight.FlightInfo;
import org.junit.jupiter.api.Test;

/** TLS with a self-signed certificate made for the test, and bearer tokens over it. */
class TestFlightTls extends ServerTestBase {
    private static final String TOKEN = "tls-token";
    private static final FlightPartitionId PARTITION = new FlightPartitionId(new FlightStreamId("tls-job", "stage", "out"), 0);

    @Test
    void aClientTrustingTheCertificateMovesDataOverTls() throws Exception {
        Optional<SelfSignedCertificate> certificate = SelfSignedCertificate.create(temp.resolve("tls"));
        assumeTrue(certificate.isPresent(), "neither the JDK's keytool nor openssl is available to make a test certificate");
        WeftFlightServer server = startServer(FlightServiceConfig.builder().memoryBudgetBytes(16L << 20)
                .tls(certificate.get().certificateChain(), certificate.get().privateKey()).token(TOKEN));
        assertThat(server.location().getUri().getScheme()).isEqualTo("grpc+tls");

        FlightClientPool pool = clientPool(FlightCredentials.bearer(TOKEN), Optional.of(certificate.get().certificateChain()));
        writePartition(pool, server.location(), PARTITION, 1, SampleBatches.LONGS, allocator,
                SampleBatches.longs(allocator, 0, 1000), SampleBatches.longs(allocator, 1000, 24));
        try (FlightChannelReader reader = FlightChannelReader.open(pool, server.location(), PARTITION, allocator)) {
            assertThat(readSequence(reader, 0)).isEqualTo(1024);
        }
        FlightInfo info = pool.client(server.location()).getInfo(PARTITION.stream().descriptor(), pool.credentials().callOptions());
        assertThat(info.getEndpoints().get(0).getLocations()).containsExactly(server.location());
    }

    @Test
    void aClientThatDoesNotTrustTheCertificateIsRefused() throws Exception {
        Optional<SelfSignedCertificate> certificate = SelfSignedCertificate.create(temp.resolve("tls"));
        assumeTrue(certificate.isPresent(), "neither the JDK's keytool nor openssl is available to make a test certificate");
        WeftFlightServer server = startServer(FlightServiceConfig.builder().memoryBudgetBytes(16L << 20)
                .tls(certificate.get().certificateChain(), certificate.get().privateKey()));

        FlightClientPool untrusting = clientPool(FlightCredentials.none());
        assertThatThrownBy(() -> {
            try (FlightChannelReader reader = FlightChannelReader.open(untrusting, server.location(), PARTITION, allocator)) {
                reader.next();
            }
        }).isInstanceOf(WeftException.class);
    }
}
