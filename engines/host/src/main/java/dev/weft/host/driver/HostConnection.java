package dev.weft.host.driver;

import static java.util.Objects.requireNonNull;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.channels.flight.FlightClientPool;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.apache.arrow.flight.Action;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.Result;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The driver's link to one host: control calls (DoAction) that never hang on a dead host (a call runs on a thread of
 * its own while the caller polls the host process' liveness and the stage's cancellation), and errors that name the
 * host and show its last log lines.
 */
final class HostConnection implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HostConnection.class);
    private static final long POLL_MILLIS = 100;
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final String engine;
    private final Location location;
    private final FlightClientPool clients;
    private final Optional<HostProcess> process;
    private final ExecutorService calls;

    HostConnection(String engine, Location location, FlightClientPool clients, Optional<HostProcess> process) {
        this.engine = requireNonNull(engine, "engine is null");
        this.location = requireNonNull(location, "location is null");
        this.clients = requireNonNull(clients, "clients is null");
        this.process = requireNonNull(process, "process is null");
        this.calls = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "weft-%s-host-call-%d".formatted(engine, THREADS.incrementAndGet()));
            thread.setDaemon(true);
            return thread;
        });
    }

    Location location() {
        return location;
    }

    FlightClientPool clients() {
        return clients;
    }

    Optional<HostProcess> process() {
        return process;
    }

    boolean isAlive() {
        return process.map(HostProcess::isAlive).orElse(true);
    }

    /** "spark host (pid 123, port 4567)" or "spark host at grpc+tcp://h:p". */
    String describe() {
        return process.map(HostProcess::describe).orElse("%s host at %s".formatted(engine, location.getUri()));
    }

    /** A control call that cannot be cancelled. */
    List<byte[]> call(String action, byte[] body) {
        return call(action, body, () -> false, () -> {});
    }

    /**
     * Runs a DoAction and returns its results. While it runs, polls the host's liveness (a dead host fails the call
     * with HOST_FAILED and the host's last log lines) and {@code cancelled}: once it turns true, {@code onCancel}
     * runs once and the call goes on until the host answers.
     */
    List<byte[]> call(String action, byte[] body, BooleanSupplier cancelled, Runnable onCancel) {
        Future<List<byte[]>> call = calls.submit(() -> {
            List<byte[]> results = new ArrayList<>();
            Iterator<Result> iterator = clients.client(location).doAction(new Action(action, body), clients.credentials().callOptions());
            while (iterator.hasNext()) {
                results.add(iterator.next().getBody());
            }
            return results;
        });
        boolean cancelSent = false;
        while (true) {
            try {
                return call.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (!isAlive()) {
                    call.cancel(true);
                    throw died(action, null);
                }
                if (!cancelSent && cancelled.getAsBoolean()) {
                    cancelSent = true;
                    onCancel.run();
                }
            } catch (ExecutionException e) {
                throw failed(action, e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                call.cancel(true);
                throw new WeftException(ErrorCode.JOB_CANCELLED, "interrupted while waiting for %s of the %s".formatted(action, describe()));
            }
        }
    }

    /** The error of a failed control call: the host died, refused the token, or refused the request. */
    WeftException failed(String action, Throwable cause) {
        if (process.isPresent() && awaitDeath(process.get())) {
            return died(action, cause);
        }
        if (cause instanceof FlightRuntimeException flight) {
            CallStatus status = flight.status();
            String description = status.description() == null ? "" : status.description();
            if (status.code() == FlightStatusCode.UNAUTHENTICATED) {
                return new WeftException(ErrorCode.AUTHENTICATION_FAILED, "the %s refused the driver's token for %s: %s; give the token the host was started with (weft.%s.host.token)"
                        .formatted(describe(), action, description, engine), cause);
            }
            if (status.code() == FlightStatusCode.INVALID_ARGUMENT) {
                return new WeftException(ErrorCode.INVALID_ARGUMENT, "the %s refused %s: %s".formatted(describe(), action, description), cause);
            }
            if (status.code() == FlightStatusCode.UNAVAILABLE) {
                return new WeftException(HostErrorCode.HOST_FAILED, "the %s cannot be reached for %s: %s; check that it runs and that weft.%s.host names it%s"
                        .formatted(describe(), action, description, engine, logLines()), cause);
            }
            return new WeftException(HostErrorCode.HOST_FAILED, "%s on the %s failed: %s %s%s"
                    .formatted(action, describe(), status.code(), description, logLines()), cause);
        }
        if (cause instanceof WeftException weft) {
            return weft;
        }
        return new WeftException(HostErrorCode.HOST_FAILED, "%s on the %s failed: %s%s".formatted(action, describe(), cause, logLines()), cause);
    }

    private WeftException died(String action, Throwable cause) {
        HostProcess host = process.orElseThrow();
        WeftException error = new WeftException(HostErrorCode.HOST_FAILED, ("the %s died during %s (%s); the stage failed. A new host is started for the next stage. "
                + "Its log is %s. Last lines:%n%s").formatted(host.describe(), action, host.exitDescription(),
                host.workDirectory().resolve("host.log"), host.lastLines(20)));
        if (cause != null) {
            error.addSuppressed(cause);
        }
        return error;
    }

    private String logLines() {
        return process.map(host -> ". Last lines of its output:%n%s".formatted(host.lastLines(20))).orElse("");
    }

    /** The socket closes a moment before the process is reaped: give it a second. */
    private static boolean awaitDeath(HostProcess host) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        while (System.nanoTime() < deadline) {
            if (!host.isAlive()) {
                return true;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return !host.isAlive();
            }
        }
        return !host.isAlive();
    }

    @Override
    public void close() {
        calls.shutdownNow();
        process.ifPresent(HostProcess::close);
        log.debug("Closed the connection to the {}", describe());
    }
}
