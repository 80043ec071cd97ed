package dev.weft.flight;

import static java.util.Objects.requireNonNull;

import dev.weft.api.WeftException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * {@code weft flight serve}: runs a standalone Weft Flight service until it is asked to stop. The CLI module calls
 * {@link #run(String[], PrintStream, PrintStream)}; tests and embedders pass their own stop signal to
 * {@link #run(String[], PrintStream, PrintStream, Runnable)}.
 *
 * <p>Exit codes: 0 after a clean stop (or --help), 1 when the service could not start or did not stop cleanly, 2 when
 * the command line is wrong (unknown option, bad value, unusable token/TLS file).
 */
public final class FlightServeCommand {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILED = 1;
    public static final int EXIT_USAGE = 2;
    static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);

    private FlightServeCommand() {}

    /** Serves until the JVM is asked to stop (Ctrl+C, SIGTERM): a shutdown hook then stops the service gracefully. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return serve(args, out, err, null);
    }

    /**
     * Serves until {@code awaitStop.run()} returns (or throws), then stops the service gracefully. The listening line
     * is printed before {@code awaitStop} is called.
     */
    public static int run(String[] args, PrintStream out, PrintStream err, Runnable awaitStop) {
        return serve(args, out, err, requireNonNull(awaitStop, "awaitStop is null"));
    }

    private static int serve(String[] args, PrintStream out, PrintStream err, Runnable awaitStop) {
        requireNonNull(args, "args is null");
        requireNonNull(out, "out is null");
        requireNonNull(err, "err is null");
        FlightServiceConfig config;
        try {
            config = ServeArguments.parse(args);
        } catch (ServeArguments.UsageException | WeftException e) {
            err.println("weft flight serve: " + e.getMessage());
            printUsage(err);
            return EXIT_USAGE;
        }
        if (config == null) {
            printUsage(out);
            return EXIT_OK;
        }
        WeftFlightServer server;
        try {
            server = WeftFlightServer.start(config);
        } catch (WeftException e) {
            err.println("weft flight serve: " + e.getMessage());
            return EXIT_FAILED;
        }
        out.println("Weft Flight service listening on " + server.location().getUri());
        out.println("  memory budget %s, spill %s, %s".formatted(ByteSizes.format(config.memoryBudgetBytes()),
                config.spillDirectory().map(Path::toString).orElse("disabled"),
                config.authenticationEnabled()
                        ? "bearer tokens required (%d accepted)".formatted(config.tokens().size())
                        : "no authentication"));
        out.println("  DoGet tickets of each stream are logged when its producer starts; stop with Ctrl+C");
        out.flush();
        if (awaitStop == null) {
            return awaitJvmStop(server, out, err);
        }
        try {
            awaitStop.run();
        } catch (RuntimeException | Error e) {
            stop(server, out, err);
            throw e;
        }
        return stop(server, out, err);
    }

    private static int awaitJvmStop(WeftFlightServer server, PrintStream out, PrintStream err) {
        CountDownLatch stopped = new CountDownLatch(1);
        int[] exitCode = {EXIT_OK};
        Thread hook = new Thread(() -> {
            try {
                exitCode[0] = stop(server, out, err);
            } finally {
                stopped.countDown();
            }
        }, "weft-flight-serve-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            stopped.await();
            return exitCode[0];
        } catch (InterruptedException e) {
            // Interrupted instead of a JVM stop: stop here and do not leave the hook behind.
            Thread.currentThread().interrupt();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                return exitCode[0];
            }
            return stop(server, out, err);
        }
    }

    private static int stop(WeftFlightServer server, PrintStream out, PrintStream err) {
        try {
            server.shutdown(SHUTDOWN_TIMEOUT);
            out.println("Weft Flight service stopped");
            out.flush();
            return EXIT_OK;
        } catch (WeftException e) {
            err.println("weft flight serve: " + e.getMessage());
            return EXIT_FAILED;
        }
    }

    static void printUsage(PrintStream stream) {
        stream.println("Usage: weft flight serve [options]");
        stream.println("Options:");
        for (String option : ServeArguments.OPTIONS) {
            stream.println("  " + option);
        }
        stream.flush();
    }
}
