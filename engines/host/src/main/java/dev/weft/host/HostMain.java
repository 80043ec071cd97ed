package dev.weft.host;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.spi.ExecutionSettings;
import dev.weft.flight.FlightServiceConfig;
import dev.weft.host.io.RemoteStreams;
import dev.weft.host.server.HostProtocol;
import dev.weft.host.server.HostServer;
import dev.weft.host.spi.HostSettings;
import dev.weft.host.spi.HostStageRunner;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Iterator;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine host process: starts the {@link HostStageRunner} of {@code --engine} and a Flight server with the control
 * actions of {@link HostProtocol}, prints {@code WEFT-HOST-READY port=<port>} on stdout, and serves until a shutdown
 * action, or until stdin closes (the driver that started it died) unless {@code --detached}.
 * Exit codes: 0 after a shutdown, 2 for bad arguments or an unknown engine, 1 when starting failed otherwise.
 */
public final class HostMain {
    private static final Logger log = LoggerFactory.getLogger(HostMain.class);

    private HostMain() {}

    public static void main(String[] args) {
        int status;
        try {
            status = run(List.of(args));
        } catch (WeftException e) {
            log.error("The engine host failed: {}", e.getMessage(), e);
            // Also on stderr (the driver shows the host log's last lines): the log may not be configured when the classpath is wrong.
            System.err.println("weft engine host failed: " + e.getMessage());
            status = e.errorCode() == ErrorCode.INVALID_ARGUMENT || e.errorCode() == ErrorCode.NO_ENGINE ? 2 : 1;
        } catch (Throwable e) {
            log.error("The engine host failed", e);
            System.err.println("weft engine host failed: " + e);
            status = 1;
        }
        System.exit(status);
    }

    static int run(List<String> args) throws Exception {
        HostArguments arguments = HostArguments.parse(args, Optional.ofNullable(System.getenv(HostProtocol.TOKEN_ENVIRONMENT)));
        Files.createDirectories(arguments.workDirectory());
        log.info("Engine host starting: {} (pid {}, java {})", arguments, ProcessHandle.current().pid(), Runtime.version());
        Map<String, String> properties = properties(arguments.properties());
        ClassLoader userLoader = HostServer.userClassLoader(HostMain.class.getClassLoader());
        HostStageRunner runner = findRunner(arguments.engine(), userLoader);
        ExecutionSettings execution = new ExecutionSettings(arguments.parallelism(), arguments.memoryBudgetBytes(),
                Files.createDirectories(arguments.workDirectory().resolve("spill")), arguments.batchSize());
        HostSettings settings = new HostSettings(arguments.engine(), properties, execution, arguments.workDirectory(), userLoader,
                userJars(properties));
        long start = System.nanoTime();
        runner.start(settings);
        log.info("Runner {} started in {} ms: {}", runner.getClass().getName(), (System.nanoTime() - start) / 1_000_000, runner.describe());
        FlightServiceConfig config = FlightServiceConfig.builder()
                .host(arguments.bind())
                .port(arguments.port())
                .memoryBudgetBytes(arguments.flightMemoryBytes())
                .spillDirectory(arguments.workDirectory().resolve("flight-spill"))
                .tokens(arguments.token().map(Set::of).orElse(Set.of()))
                .build();
        try (HostServer server = HostServer.start(runner, settings, config)) {
            if (!arguments.detached()) {
                watchStdin(server);
            }
            System.out.println(HostProtocol.READY_PREFIX + server.port());
            System.out.flush();
            log.info("Engine host serving {} on port {}", arguments.engine(), server.port());
            server.awaitStopRequest();
            log.info("Engine host stopping");
        } finally {
            try {
                runner.close();
            } finally {
                RemoteStreams.shutdown();
            }
        }
        log.info("Engine host stopped");
        return 0;
    }

    /**
     * The runner of {@code engine}. A classpath may list runners of other engines whose classes cannot load here (a shaded jar
     * holding both the Spark and the Flink module, on a host that has only Spark's jars): those are skipped, not fatal.
     */
    private static HostStageRunner findRunner(String engine, ClassLoader loader) {
        List<String> found = new ArrayList<>();
        Iterator<HostStageRunner> runners = ServiceLoader.load(HostStageRunner.class, loader).iterator();
        while (true) {
            HostStageRunner runner;
            try {
                if (!runners.hasNext()) {
                    break;
                }
                runner = runners.next();
            } catch (ServiceConfigurationError | LinkageError e) {
                log.debug("skipping a HostStageRunner that cannot load on this host: {}", e.toString());
                found.add("(unloadable: %s)".formatted(e.getMessage()));
                continue;
            }
            if (runner.engine().equals(engine)) {
                return runner;
            }
            found.add(runner.engine());
        }
        throw new WeftException(ErrorCode.NO_ENGINE, ("no HostStageRunner for engine '%s' on the host's classpath (found: %s); put the "
                + "weft-engine-%s jar and its META-INF/services/%s on the host classpath").formatted(engine,
                found.isEmpty() ? "none" : String.join(", ", found), engine, HostStageRunner.class.getName()));
    }

    private static Map<String, String> properties(Optional<Path> file) throws IOException {
        Map<String, String> values = new HashMap<>();
        if (file.isPresent()) {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(file.get())) {
                properties.load(reader);
            }
            properties.stringPropertyNames().forEach(name -> values.put(name, properties.getProperty(name)));
        }
        return values;
    }

    private static List<Path> userJars(Map<String, String> properties) {
        String jars = properties.getOrDefault("weft.jars", "");
        List<Path> paths = new ArrayList<>();
        for (String jar : jars.split("[,:]")) {
            if (!jar.isBlank()) {
                paths.add(Path.of(jar.strip()));
            }
        }
        return paths;
    }

    /** The driver keeps our stdin open; when it closes (the driver exited or died), the host stops. */
    private static void watchStdin(HostServer server) {
        Thread watcher = new Thread(() -> {
            try (InputStream in = System.in) {
                byte[] buffer = new byte[256];
                while (in.read(buffer) >= 0) {
                    // the driver sends nothing; wait for the end of the stream
                }
            } catch (IOException e) {
                log.debug("Reading stdin failed", e);
            }
            log.info("stdin closed: the driver is gone, stopping");
            server.requestStop();
        }, "weft-host-stdin");
        watcher.setDaemon(true);
        watcher.start();
    }
}
