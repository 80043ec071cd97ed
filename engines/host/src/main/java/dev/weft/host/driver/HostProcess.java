package dev.weft.host.driver;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A host JVM this driver started: its process, port, work directory and the tail of its output. */
public final class HostProcess implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HostProcess.class);

    /** The exit code of a JVM that -XX:+ExitOnOutOfMemoryError ended. */
    private static final int OUT_OF_MEMORY_EXIT = 3;

    private final String engine;
    private final Process process;
    private final int port;
    private final Path workDirectory;
    private final LogTail tail;
    private final long startMillis;

    HostProcess(String engine, Process process, int port, Path workDirectory, LogTail tail, long startMillis) {
        this.engine = requireNonNull(engine, "engine is null");
        this.process = requireNonNull(process, "process is null");
        this.port = port;
        this.workDirectory = requireNonNull(workDirectory, "workDirectory is null");
        this.tail = requireNonNull(tail, "tail is null");
        this.startMillis = startMillis;
    }

    public long pid() {
        return process.pid();
    }

    public int port() {
        return port;
    }

    public Path workDirectory() {
        return workDirectory;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** How long the host took from launch to READY. */
    public long startMillis() {
        return startMillis;
    }

    /** "spark host (pid 123, port 4567)". */
    public String describe() {
        return "%s host (pid %d, port %d)".formatted(engine, pid(), port);
    }

    /** The last lines the host printed, indented for a message. */
    public String lastLines(int count) {
        if (!process.isAlive()) {
            tail.awaitEnd(2000);
        }
        return tail.render(count);
    }

    /** The exit code, if the process ended. */
    public String exitDescription() {
        if (process.isAlive()) {
            return "still running";
        }
        if (process.exitValue() == OUT_OF_MEMORY_EXIT) {
            return "exited with code %d: the JVM ran out of heap (-XX:+ExitOnOutOfMemoryError); raise weft.%s.host.memory"
                    .formatted(OUT_OF_MEMORY_EXIT, engine);
        }
        return "exited with code %d".formatted(process.exitValue());
    }

    /** Closes the host's stdin (it stops), waits up to 10 s, then kills it. */
    @Override
    public void close() {
        try {
            OutputStream stdin = process.getOutputStream();
            stdin.close();
        } catch (IOException e) {
            log.debug("Closing the stdin of {} failed", describe(), e);
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                log.warn("{} did not stop within 10 s; killing it", describe());
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** Kills the host at once (SIGKILL): for a host that no longer answers, so cannot be asked to stop. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return describe();
    }
}
