package dev.weft.flight;

import static java.util.Objects.requireNonNull;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.flight.store.StoreSettings;
import dev.weft.flight.store.StreamStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.arrow.flight.FlightServer;
import org.apache.arrow.flight.Location;
import org.apache.arrow.memory.AllocationListener;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Weft Flight service: hosts stage outputs as named, partitioned streams (DoPut in, DoGet out), in a
 * {@link StreamStore} bounded by the configured memory budget, with optional bearer-token auth and TLS.
 *
 * <p>Memory: one root allocator (with {@link CompactRoundingPolicy}) and two children, "transport" for Flight's own
 * buffers (received messages, outgoing batches) and "store" for what the store keeps. Shutdown closes all three and
 * reports a leak as {@link ErrorCode#MEMORY_LEAK}.
 */
public final class WeftFlightServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WeftFlightServer.class);
    private static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration THREADS_EXIT_TIMEOUT = Duration.ofSeconds(10);
    private static final Set<String> WILDCARD_HOSTS = Set.of("0.0.0.0", "::", "[::]", "0:0:0:0:0:0:0:0");

    private final FlightServiceConfig config;
    private final BufferAllocator rootAllocator;
    private final BufferAllocator transportAllocator;
    private final BufferAllocator storeAllocator;
    private final StreamStore store;
    private final StreamsProducer producer;
    private final ExecutorService executor;
    private final FlightServer server;
    private final Location location;
    private final Optional<Path> createdSpillDirectory;
    private final AtomicBoolean shutDown = new AtomicBoolean();

    private WeftFlightServer(FlightServiceConfig config, Resources resources) {
        this.config = config;
        this.rootAllocator = resources.rootAllocator;
        this.transportAllocator = resources.transportAllocator;
        this.storeAllocator = resources.storeAllocator;
        this.store = resources.store;
        this.producer = resources.producer;
        this.executor = resources.executor;
        this.server = resources.server;
        this.location = advertised(config, resources.server.getPort());
        this.createdSpillDirectory = resources.createdSpillDirectory;
    }

    /**
     * Binds and starts the service. Throws {@link WeftException} naming the port or file when it cannot listen, a TLS
     * file is missing or invalid, or the spill directory cannot be created.
     */
    public static WeftFlightServer start(FlightServiceConfig config) {
        return start(config, Map.of());
    }

    /**
     * Binds and starts the service with extra DoAction types (e.g. an engine host's control actions), served beside
     * the built-in ones; a custom type may not reuse a built-in name (IllegalArgumentException).
     */
    public static WeftFlightServer start(FlightServiceConfig config, Map<String, ActionHandler> customActions) {
        requireNonNull(config, "config is null");
        requireNonNull(customActions, "customActions is null");
        checkTlsFiles(config);
        Resources resources = new Resources();
        try {
            resources.createdSpillDirectory = prepareSpillDirectory(config.spillDirectory());
            resources.rootAllocator = new RootAllocator(AllocationListener.NOOP, Long.MAX_VALUE, new CompactRoundingPolicy());
            resources.transportAllocator = resources.rootAllocator.newChildAllocator("weft-flight-transport", 0, Long.MAX_VALUE);
            resources.storeAllocator = resources.rootAllocator.newChildAllocator("weft-flight-store", 0, Long.MAX_VALUE);
            resources.store = new StreamStore(resources.storeAllocator,
                    new StoreSettings(config.memoryBudgetBytes(), config.spillDirectory()));
            resources.producer = new StreamsProducer(resources.store, resources.transportAllocator, config.memoryBudgetBytes(), customActions);
            resources.executor = Executors.newCachedThreadPool(daemonThreads());
            resources.server = buildServer(config, resources);
            try {
                resources.server.start();
            } catch (IOException e) {
                throw new WeftException(ErrorCode.IO_ERROR, ("The Weft Flight service could not listen on %s:%d: %s. "
                        + "Choose another port (0 picks a free one) or stop the process that uses it.")
                        .formatted(config.host(), config.port(), e.getMessage()), e);
            }
            WeftFlightServer started = new WeftFlightServer(config, resources);
            resources.producer.location(started.location);
            log.info("Weft Flight service listening on {} (memory budget {} bytes, spill {}, {})", started.location.getUri(),
                    config.memoryBudgetBytes(), config.spillDirectory().map(Path::toString).orElse("disabled"),
                    config.authenticationEnabled() ? "bearer-token auth with %d tokens".formatted(config.tokens().size()) : "no auth");
            return started;
        } catch (RuntimeException e) {
            resources.closeAfterFailedStart(e);
            throw e;
        }
    }

    /**
     * Where clients connect: grpc+tcp://host:port, or grpc+tls://host:port with TLS; the port is the bound one. A
     * server bound to a wildcard address (0.0.0.0, ::) advertises this machine's host name instead.
     */
    public Location location() {
        return location;
    }

    public StreamStore store() {
        return store;
    }

    public FlightServiceConfig config() {
        return config;
    }

    /**
     * Graceful: refuses new calls, lets running calls (DoGets in particular) finish for up to {@code timeout}, then
     * ends what still runs with UNAVAILABLE, drops every stream and frees all memory. Idempotent. Throws
     * {@link WeftException} ({@link ErrorCode#MEMORY_LEAK}) if memory was still allocated at the end.
     */
    public void shutdown(Duration timeout) {
        requireNonNull(timeout, "timeout is null");
        if (!shutDown.compareAndSet(false, true)) {
            return;
        }
        log.info("Weft Flight service at {} shutting down ({} calls running, waiting up to {} ms for them)", location.getUri(),
                producer.activeCalls().running(), timeout.toMillis());
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean interrupted = false;
        server.shutdown();
        producer.endUnidentifiedPuts();
        try {
            boolean finished = server.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)
                    && producer.activeCalls().awaitIdle(deadline);
            if (!finished) {
                log.warn("{} calls still running after {} ms; ending them", producer.activeCalls().running(), timeout.toMillis());
            }
        } catch (InterruptedException e) {
            interrupted = true;
        }
        producer.abort();
        try {
            server.close(); // cancels the calls that remain (gRPC shutdownNow) if they do not end on their own
        } catch (InterruptedException e) {
            interrupted = true;
        }
        executor.shutdown();
        try {
            long threadsDeadline = System.nanoTime() + THREADS_EXIT_TIMEOUT.toNanos();
            if (!executor.awaitTermination(THREADS_EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    || !producer.activeCalls().awaitIdle(threadsDeadline)) {
                log.warn("Flight calls did not end within {} s of shutdown; interrupting them", THREADS_EXIT_TIMEOUT.toSeconds());
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            interrupted = true;
            executor.shutdownNow();
        }
        try {
            closeStoreAndMemory();
        } finally {
            deleteCreatedSpillDirectory();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        log.info("Weft Flight service at {} stopped", location.getUri());
    }

    /** {@code shutdown(Duration.ofSeconds(10))}. */
    @Override
    public void close() {
        shutdown(DEFAULT_SHUTDOWN_TIMEOUT);
    }

    @Override
    public String toString() {
        return "WeftFlightServer[%s]".formatted(location.getUri());
    }

    private void closeStoreAndMemory() {
        List<String> leaks = new ArrayList<>();
        RuntimeException failure = null;
        try {
            store.close();
        } catch (RuntimeException e) {
            failure = e;
        }
        for (BufferAllocator allocator : List.of(storeAllocator, transportAllocator, rootAllocator)) {
            long allocated = allocator.getAllocatedMemory();
            if (allocated != 0) {
                leaks.add("%s: %d bytes".formatted(allocator.getName(), allocated));
            }
            try {
                allocator.close();
            } catch (RuntimeException e) {
                if (allocated == 0) {
                    leaks.add("%s: %s".formatted(allocator.getName(), e.getMessage()));
                }
            }
        }
        if (!leaks.isEmpty()) {
            WeftException leak = new WeftException(ErrorCode.MEMORY_LEAK,
                    "The Weft Flight service at %s still held memory after shutdown (%s). This is a bug: report it with the service log."
                            .formatted(location.getUri(), String.join("; ", leaks)));
            if (failure != null) {
                leak.addSuppressed(failure);
            }
            throw leak;
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void deleteCreatedSpillDirectory() {
        createdSpillDirectory.ifPresent(WeftFlightServer::deleteRecursively);
    }

    private static FlightServer buildServer(FlightServiceConfig config, Resources resources) {
        Location bind = config.tlsEnabled()
                ? Location.forGrpcTls(config.host(), config.port())
                : Location.forGrpcInsecure(config.host(), config.port());
        FlightServer.Builder builder = FlightServer.builder(resources.transportAllocator, bind, resources.producer)
                .executor(resources.executor);
        if (config.authenticationEnabled()) {
            builder.headerAuthenticator(new BearerTokenCheck(config.tokens()));
        }
        if (config.tlsEnabled()) {
            Path certificateChain = config.certificateChain().orElseThrow();
            Path privateKey = config.privateKey().orElseThrow();
            try {
                builder.useTls(certificateChain.toFile(), privateKey.toFile());
                return builder.build();
            } catch (IOException | RuntimeException e) {
                throw new WeftException(ErrorCode.INVALID_CONFIGURATION, ("Could not use the TLS certificate chain %s "
                        + "and private key %s: %s. Give PEM files: an X.509 certificate chain and an unencrypted PKCS#8 key "
                        + "(-----BEGIN PRIVATE KEY-----).").formatted(certificateChain, privateKey, FlightStatuses.describe(rootCause(e))), e);
            }
        }
        return builder.build();
    }

    private static Location advertised(FlightServiceConfig config, int port) {
        String host = config.host();
        if (WILDCARD_HOSTS.contains(host)) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                log.warn("Bound to {} but this machine's host name is unknown ({}); advertising 127.0.0.1", config.host(), e.getMessage());
                host = "127.0.0.1";
            }
        }
        return config.tlsEnabled() ? Location.forGrpcTls(host, port) : Location.forGrpcInsecure(host, port);
    }

    private static Throwable rootCause(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static void checkTlsFiles(FlightServiceConfig config) {
        Stream.of(config.certificateChain(), config.privateKey()).flatMap(Optional::stream).forEach(file -> {
            if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                throw new WeftException(ErrorCode.FILE_NOT_FOUND,
                        "TLS file %s does not exist or cannot be read: give a readable PEM file.".formatted(file));
            }
        });
    }

    /** Creates the spill directory if it does not exist; returns it if this server created it (and so deletes it). */
    private static Optional<Path> prepareSpillDirectory(Optional<Path> spillDirectory) {
        if (spillDirectory.isEmpty()) {
            return Optional.empty();
        }
        Path directory = spillDirectory.get();
        if (Files.isDirectory(directory)) {
            if (!Files.isWritable(directory)) {
                throw new WeftException(ErrorCode.INVALID_CONFIGURATION,
                        "Spill directory %s is not writable: give a writable directory or disable spilling.".formatted(directory));
            }
            return Optional.empty();
        }
        try {
            Files.createDirectories(directory);
            return Optional.of(directory);
        } catch (IOException e) {
            throw new WeftException(ErrorCode.INVALID_CONFIGURATION, "Could not create spill directory %s: %s. Give a writable directory or disable spilling."
                    .formatted(directory, e), e);
        }
    }

    private static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException | UncheckedIOException e) {
            log.warn("Could not delete spill directory {}: {}", directory, e.toString());
        }
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "weft-flight-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** What start() has created so far, so a failed start can free it. */
    private static final class Resources {
        Optional<Path> createdSpillDirectory = Optional.empty();
        BufferAllocator rootAllocator;
        BufferAllocator transportAllocator;
        BufferAllocator storeAllocator;
        StreamStore store;
        StreamsProducer producer;
        ExecutorService executor;
        FlightServer server;

        void closeAfterFailedStart(RuntimeException failure) {
            try {
                if (server != null) {
                    server.close();
                }
            } catch (InterruptedException | RuntimeException e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                failure.addSuppressed(e);
            }
            if (executor != null) {
                executor.shutdownNow();
            }
            for (AutoCloseable closeable : new AutoCloseable[] {store, storeAllocator, transportAllocator, rootAllocator}) {
                if (closeable == null) {
                    continue;
                }
                try {
                    closeable.close();
                } catch (Exception e) {
                    failure.addSuppressed(e);
                }
            }
            createdSpillDirectory.ifPresent(WeftFlightServer::deleteRecursively);
        }
    }
}
