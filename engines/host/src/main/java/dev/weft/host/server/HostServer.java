package dev.weft.host.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.spi.Stage;
import dev.weft.flight.ActionHandler;
import dev.weft.flight.FlightServiceConfig;
import dev.weft.flight.WeftFlightServer;
import dev.weft.host.codec.StageCodec;
import dev.weft.host.spi.HostSettings;
import dev.weft.host.spi.HostStageRunner;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.net.MalformedURLException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An engine host's Flight server: data (the store holds collect results and inputs the driver uploads) and the
 * control actions of {@link HostProtocol} on one port.
 */
public final class HostServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HostServer.class);

    private final HostStageRunner runner;
    private final HostSettings settings;
    private final UserClassLoader userClassLoader;
    private final Map<String, RunningStage> running = new ConcurrentHashMap<>();
    /** Keys cancelled before their stage registered (a cancel can overtake a run-stage still being decoded); oldest dropped past 1024. */
    private final Set<String> cancelledEarly = Collections.newSetFromMap(Collections.synchronizedMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > 1024;
        }
    }));
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final List<Path> addedJars = new ArrayList<>();
    private WeftFlightServer server;

    private HostServer(HostStageRunner runner, HostSettings settings, UserClassLoader userClassLoader) {
        this.runner = runner;
        this.settings = settings;
        this.userClassLoader = userClassLoader;
    }

    /** Starts the Flight server with the control actions; the runner was started already. */
    public static HostServer start(HostStageRunner runner, HostSettings settings, FlightServiceConfig config) {
        requireNonNull(runner, "runner is null");
        requireNonNull(settings, "settings is null");
        requireNonNull(config, "config is null");
        if (!(settings.userClassLoader() instanceof UserClassLoader loader)) {
            throw new IllegalArgumentException("the host settings must carry the class loader of HostServer.userClassLoader()");
        }
        HostServer host = new HostServer(runner, settings, loader);
        host.server = WeftFlightServer.start(config, host.actions());
        return host;
    }

    /** A fresh class loader for user classes, child of the given one; jars added with add-jar go into it. */
    public static ClassLoader userClassLoader(ClassLoader parent) {
        return new UserClassLoader(parent);
    }

    public int port() {
        return server.location().getUri().getPort();
    }

    public WeftFlightServer flightServer() {
        return server;
    }

    /** Blocks until a shutdown action arrived (or {@link #requestStop()} was called). */
    public void awaitStopRequest() throws InterruptedException {
        stopRequested.await();
    }

    public void requestStop() {
        stopRequested.countDown();
    }

    /** Cancels running stages, stops the Flight server. */
    @Override
    public void close() {
        running.values().forEach(stage -> {
            stage.cancel();
            runner.cancel(stage.key());
        });
        if (server != null) {
            server.close();
        }
    }

    private Map<String, ActionHandler> actions() {
        return Map.of(
                HostProtocol.RUN_STAGE, handler("Runs a stage. Body: a serialized RunStageRequest. Blocks until the stage ends. Result: a serialized RunStageResult.",
                        body -> List.of(HostProtocol.toBytes(runStage(HostProtocol.fromBytes(body, RunStageRequest.class))))),
                HostProtocol.CANCEL_STAGE, handler("Cancels a running stage. Body: the stage key (UTF-8). Result: cancelled | not running.",
                        body -> List.of(cancel(new String(body, UTF_8)).getBytes(UTF_8))),
                HostProtocol.STATUS, handler("Engine, where it runs, running stages, JVM heap, as key=value lines.",
                        body -> List.of(status().toText().getBytes(UTF_8))),
                HostProtocol.ADD_JAR, handler("Adds a jar to the user class loader. Body: the jar's bytes. Result: where the host stored it.",
                        body -> List.of(addJar(body).toString().getBytes(UTF_8))),
                HostProtocol.SHUTDOWN, handler("Stops the host after answering. Result: stopping.", body -> {
                    log.info("Shutdown requested by the driver");
                    requestStop();
                    return List.of("stopping".getBytes(UTF_8));
                }));
    }

    RunStageResult runStage(RunStageRequest request) {
        long start = System.nanoTime();
        RunningStage stage = null;
        try {
            Stage decoded = StageCodec.decode(request.stage(), userClassLoader);
            Path spill = Files.createDirectories(settings.workDirectory().resolve("spill"));
            stage = new RunningStage(request, decoded, request.settings(spill));
            if (running.putIfAbsent(request.key(), stage) != null) {
                throw new WeftException(ErrorCode.INVALID_ARGUMENT, "stage %s is already running on this host: give each stage run its own key".formatted(request.key()));
            }
            if (cancelledEarly.remove(request.key())) {
                stage.cancel();
            }
            log.info("Running stage {} ({} operators)", request.key(), decoded.operators().size());
            ClassLoader previous = Thread.currentThread().getContextClassLoader();
            Thread.currentThread().setContextClassLoader(userClassLoader);
            try {
                if (stage.isCancelled()) {
                    throw cancelled(request.key());
                }
                runner.run(stage);
            } finally {
                Thread.currentThread().setContextClassLoader(previous);
            }
            if (stage.isCancelled()) {
                throw cancelled(request.key());
            }
            log.info("Stage {} finished in {} ms", request.key(), (System.nanoTime() - start) / 1_000_000);
            return RunStageResult.succeeded(stage.metrics(), System.nanoTime() - start);
        } catch (Throwable e) {
            Throwable reported = e;
            if (stage != null && stage.isCancelled() && !(e instanceof WeftException weft && weft.errorCode() == ErrorCode.JOB_CANCELLED)) {
                reported = cancelled(request.key());
            }
            log.warn("Stage {} failed: {}", request.key(), reported.toString(), e);
            return RunStageResult.failed(stage == null ? Map.of() : stage.metrics(), reported, System.nanoTime() - start);
        } finally {
            if (stage != null) {
                running.remove(request.key(), stage);
            }
        }
    }

    private static WeftException cancelled(String key) {
        return new WeftException(ErrorCode.JOB_CANCELLED, "stage %s was cancelled".formatted(key));
    }

    String cancel(String key) {
        RunningStage stage = running.get(key.strip());
        if (stage == null) {
            // The stage may register a moment later: remember the key, then look again (runStage checks the set after registering).
            cancelledEarly.add(key.strip());
            stage = running.get(key.strip());
            if (stage == null) {
                log.info("Stage {} is not running (yet): it is cancelled if it starts", key.strip());
                return "not running";
            }
            cancelledEarly.remove(key.strip());
        }
        log.info("Cancelling stage {}", stage.key());
        stage.cancel();
        runner.cancel(stage.key());
        return "cancelled";
    }

    HostStatus status() {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return new HostStatus(runner.engine(), runner.describe(), ProcessHandle.current().pid(), List.copyOf(running.keySet()),
                heap.getUsed(), heap.getMax());
    }

    synchronized Path addJar(byte[] jar) throws IOException {
        if (jar.length == 0) {
            throw new WeftException(ErrorCode.INVALID_ARGUMENT, "add-jar needs the jar's bytes as its body, got none");
        }
        Path directory = Files.createDirectories(settings.workDirectory().resolve("jars"));
        Path file = directory.resolve("user-%s.jar".formatted(sha256(jar).substring(0, 16)));
        if (!Files.exists(file)) {
            Files.write(file, jar);
        }
        if (!addedJars.contains(file)) {
            try {
                userClassLoader.addURL(file.toUri().toURL());
            } catch (MalformedURLException e) {
                throw new IOException(e);
            }
            addedJars.add(file);
            runner.addJar(file);
            log.info("Added user jar {} ({} bytes)", file, jar.length);
        }
        return file;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The running stages' keys (for status and tests). */
    public Set<String> runningStages() {
        return Set.copyOf(running.keySet());
    }

    private interface Body {
        List<byte[]> handle(byte[] body) throws Exception;
    }

    private static ActionHandler handler(String description, Body body) {
        return new ActionHandler() {
            @Override
            public String description() {
                return description;
            }

            @Override
            public List<byte[]> handle(byte[] bytes) throws Exception {
                return body.handle(bytes);
            }
        };
    }
}
