package dev.weft.adaptive;

import dev.weft.channels.flight.FlightClientPool;
import dev.weft.channels.flight.FlightCredentials;
import dev.weft.flight.FlightServiceConfig;
import dev.weft.flight.WeftFlightServer;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import org.apache.arrow.flight.Location;
import org.apache.arrow.memory.BufferAllocator;

/**
 * The driver's own Flight server on an ephemeral loopback port, with a random bearer token that only this driver
 * knows, and the client pool its jobs use to reach it.
 */
final class EmbeddedFlight implements AutoCloseable {
    private final WeftFlightServer server;
    private final BufferAllocator clientAllocator;
    private final FlightClientPool clients;

    private EmbeddedFlight(WeftFlightServer server, BufferAllocator clientAllocator, FlightClientPool clients) {
        this.server = server;
        this.clientAllocator = clientAllocator;
        this.clients = clients;
    }

    static EmbeddedFlight start(long memoryBudget, Path spillDirectory, BufferAllocator parent) {
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        WeftFlightServer server = WeftFlightServer.start(FlightServiceConfig.builder()
                .memoryBudgetBytes(memoryBudget)
                .spillDirectory(spillDirectory)
                .tokens(Set.of(token))
                .build());
        BufferAllocator clientAllocator = parent.newChildAllocator("flight-clients", 0, Long.MAX_VALUE);
        return new EmbeddedFlight(server, clientAllocator, new FlightClientPool(clientAllocator, FlightCredentials.bearer(token)));
    }

    Location location() {
        return server.location();
    }

    FlightClientPool clients() {
        return clients;
    }

    @Override
    public void close() {
        try {
            clients.close();
            clientAllocator.close();
        } finally {
            server.close();
        }
    }
}
