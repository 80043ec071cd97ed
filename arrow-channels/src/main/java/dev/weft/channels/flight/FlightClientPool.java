package dev.weft.channels.flight;

import static java.util.Objects.requireNonNull;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.Location;
import org.apache.arrow.memory.BufferAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@link FlightClient} per {@link Location}, shared and thread-safe (a FlightClient multiplexes calls over one
 * connection). {@code grpc+tls} locations trust the given PEM certificate (the system trust store if none is given).
 * {@link #close()} closes every client; streams still open on them must be closed first.
 *
 * <p>Readers hand batches to callers by transferring buffers from the client's allocator to theirs, so the allocators
 * given to readers must share a root with the pool's allocator.
 */
public final class FlightClientPool implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FlightClientPool.class);
    private static final String TLS_SCHEME = "grpc+tls";

    private final BufferAllocator allocator;
    private final FlightCredentials credentials;
    private final Optional<Path> trustedCertificate;
    private final Optional<byte[]> trustedCertificateBytes;
    private final ConcurrentHashMap<Location, FlightClient> clients = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public FlightClientPool(BufferAllocator allocator, FlightCredentials credentials) {
        this(allocator, credentials, Optional.empty());
    }

    public FlightClientPool(BufferAllocator allocator, FlightCredentials credentials, Optional<Path> trustedCertificate) {
        this.allocator = requireNonNull(allocator, "allocator is null");
        this.credentials = requireNonNull(credentials, "credentials is null");
        this.trustedCertificate = requireNonNull(trustedCertificate, "trustedCertificate is null");
        this.trustedCertificateBytes = trustedCertificate.map(FlightClientPool::readCertificate);
    }

    /** The client of the location, created on first use. */
    public FlightClient client(Location location) {
        requireNonNull(location, "location is null");
        checkOpen(location);
        FlightClient client = clients.computeIfAbsent(location, this::connect);
        if (closed) {
            // close() raced with this call: make sure the client does not outlive the pool.
            clients.remove(location, client);
            closeClient(location, client);
            checkOpen(location);
        }
        return client;
    }

    public FlightCredentials credentials() {
        return credentials;
    }

    BufferAllocator allocator() {
        return allocator;
    }

    /** Closes every client. Idempotent. */
    @Override
    public void close() {
        closed = true;
        List<Location> locations = new ArrayList<>(clients.keySet());
        for (Location location : locations) {
            FlightClient client = clients.remove(location);
            if (client != null) {
                closeClient(location, client);
            }
        }
    }

    @Override
    public String toString() {
        return "FlightClientPool[clients=%s, %s, trustedCertificate=%s]".formatted(clients.keySet(), credentials, trustedCertificate);
    }

    private FlightClient connect(Location location) {
        String scheme = String.valueOf(location.getUri().getScheme()).toLowerCase(Locale.ROOT);
        FlightClient.Builder builder = FlightClient.builder(allocator, location);
        if (scheme.equals(TLS_SCHEME)) {
            builder.useTls();
            trustedCertificateBytes.ifPresent(pem -> builder.trustedCertificates(new ByteArrayInputStream(pem)));
        }
        try {
            FlightClient client = builder.build();
            log.debug("Connected a Flight client to {}", location);
            return client;
        } catch (RuntimeException e) {
            throw new WeftException(ErrorCode.INVALID_CONFIGURATION,
                    "cannot create a Flight client for %s: %s; check the location%s".formatted(location, e.getMessage(),
                            trustedCertificate.map(path -> " and the trusted certificate " + path + " (a PEM X.509 certificate)").orElse("")),
                    e);
        }
    }

    private void checkOpen(Location location) {
        if (closed) {
            throw new WeftException(ErrorCode.CHANNEL_FAILED,
                    "the Flight client pool is closed: cannot connect to %s; open streams before closing the pool".formatted(location));
        }
    }

    private static void closeClient(Location location, FlightClient client) {
        try {
            client.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.warn("Interrupted while closing the Flight client of {}", location);
        } catch (RuntimeException e) {
            log.warn("Closing the Flight client of {} failed (streams still open on it?)", location, e);
        }
    }

    private static byte[] readCertificate(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new WeftException(ErrorCode.FILE_NOT_FOUND,
                    "the trusted certificate %s does not exist: give the PEM certificate (chain) of the Flight server".formatted(file), e);
        } catch (IOException e) {
            throw new WeftException(ErrorCode.IO_ERROR,
                    "cannot read the trusted certificate %s: %s; check the file's permissions".formatted(file, e.getMessage()), e);
        }
    }
}
