package dev.weft.host.driver;

import static java.util.Objects.requireNonNull;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.channels.flight.FlightClientPool;
import dev.weft.host.server.HostProtocol;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
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
import java.util.stream.Stream;
import org.apache.arrow.flight.Action;
import org.apache.arrow.flight.CallOption;
import org.apache.arrow.flight.CallOptions;
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
 *
 * <p>A host can also hang without dying: frozen, thrashing in GC, or unreachable over the network (a remote host has no
 * process to poll). While a call has run longer than a heartbeat interval, the connection asks the host for its
 * status; when no status check has been answered for the heartbeat timeout ({@code weft.<engine>.host.heartbeat-timeout},
 * default 60 s), the call fails with HOST_FAILED, and a host this driver started is killed (the next stage starts a new
 * one), as Spark gives up an executor whose heartbeats stop. A stage that is merely long never trips it: the host
 * answers status checks from other threads while it runs.
 */
final class HostConnection implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HostConnection.class);
    private static final long POLL_MILLIS = 100;
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final String engine;
    private final Location location;
    private final FlightClientPool clients;
    private final Optional<HostProcess> process;
    private final Duration heartbeatTimeout;
    private final ExecutorService calls;

    /** {@code heartbeatTimeout} zero: no status checks. */
    HostConnection(String engine, Location location, FlightClientPool clients, Optional<HostProcess> process, Duration heartbeatTimeout) {
        this.engine = requireNonNull(engine, "engine is null");
        this.location = requireNonNull(location, "location is null");
        this.clients = requireNonNull(clients, "clients is null");
        this.process = requireNonNull(process, "process is null");
        this.heartbeatTimeout = requireNonNull(heartbeatTimeout, "heartbeatTimeout is null");
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
        return call(action, body, () -> false, () -> {}, false);
    }

    /** A long control call (a stage run): cancellable, and given up if the host stops answering status checks. */
    List<byte[]> call(String action, byte[] body, BooleanSupplier cancelled, Runnable onCancel) {
        return call(action, body, cancelled, onCancel, true);
    }

    /**
     * Runs a DoAction and returns its results. While it runs, polls the host's liveness (a dead host fails the call
     * with HOST_FAILED and the host's last log lines) and {@code cancelled}: once it turns true, {@code onCancel}
     * runs once and the call goes on until the host answers.
     */
    private List<byte[]> call(String action, byte[] body, BooleanSupplier cancelled, Runnable onCancel, boolean heartbeats) {
        Future<List<byte[]>> call = calls.submit(() -> {
            List<byte[]> results = new ArrayList<>();
            Iterator<Result> iterator = clients.client(location).doAction(new Action(action, body), clients.credentials().callOptions());
            while (iterator.hasNext()) {
                results.add(iterator.next().getBody());
            }
            return results;
        });
        boolean cancelSent = false;
        Heartbeat heartbeat = new Heartbeat(heartbeats ? heartbeatTimeout : Duration.ZERO);
        while (true) {
            try {
                return call.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (!isAlive()) {
                    call.cancel(true);
                    throw died(action, null);
                }
                if (heartbeat.silentTooLong()) {
                    call.cancel(true);
                    throw unresponsive(action, heartbeat);
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

    /**
     * Status checks while a long call runs: one at a time, each bounded by the heartbeat timeout, sent once the last
     * answer is a heartbeat interval old (a quarter of the timeout, at most 5 s). Used by the polling thread only.
     */
    private final class Heartbeat {
        private final Duration timeout;
        private final long started = System.nanoTime();
        private long lastAnswer = started;
        private Future<?> check;
        private Throwable lastFailure;

        Heartbeat(Duration timeout) {
            this.timeout = timeout;
        }

        boolean silentTooLong() {
            if (timeout.isZero()) {
                return false;
            }
            long now = System.nanoTime();
            if (check != null && check.isDone()) {
                try {
                    check.get();
                    lastAnswer = now;
                } catch (ExecutionException e) {
                    lastFailure = e.getCause();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (java.util.concurrent.CancellationException e) {
                    lastFailure = e;
                }
                check = null;
            }
            long interval = Math.min(TimeUnit.SECONDS.toNanos(5), timeout.toNanos() / 4);
            if (check == null && now - lastAnswer >= interval) {
                check = calls.submit(this::checkStatus);
            }
            return now - lastAnswer > timeout.toNanos();
        }

        private void checkStatus() {
            CallOption[] options = Stream.concat(Arrays.stream(clients.credentials().callOptions()),
                    Stream.of(CallOptions.timeout(timeout.toMillis(), TimeUnit.MILLISECONDS))).toArray(CallOption[]::new);
            Iterator<Result> answer = clients.client(location).doAction(new Action(HostProtocol.STATUS, new byte[0]), options);
            while (answer.hasNext()) {
                answer.next();
            }
        }

        String lastFailure() {
            return lastFailure == null ? "no answer" : "the last check failed: " + lastFailure.getMessage();
        }

        void stop() {
            if (check != null) {
                check.cancel(true);
            }
        }
    }

    private WeftException unresponsive(String action, Heartbeat heartbeat) {
        heartbeat.stop();
        String what = process.isPresent() ? "it was killed; a new host is started for the next stage" : "check the remote host and the network to it";
        String lines = logLines();
        process.ifPresent(HostProcess::kill);
        return new WeftException(HostErrorCode.HOST_FAILED, ("the %s answered no status check for %d s during %s (%s; "
                + "weft.%s.host.heartbeat-timeout, 0 turns the check off): the stage failed and %s%s")
                .formatted(describe(), heartbeatTimeout.toSeconds(), action, heartbeat.lastFailure(), engine, what, lines));
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
