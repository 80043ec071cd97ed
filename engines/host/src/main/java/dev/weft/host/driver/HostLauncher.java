package dev.weft.host.driver;

import static java.util.Objects.requireNonNull;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.spi.ExecutionSettings;
import dev.weft.host.HostMain;
import dev.weft.host.server.HostProtocol;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a host JVM: {@code java @<work>/host.args dev.weft.host.HostMain --engine E --port 0 --work-dir D ...} (the
 * argument file holds the JVM options and the classpath, which can be longer than a command line may be), with the
 * bearer token in the environment, its own {@code java.io.tmpdir} under the work directory, and log4j writing to
 * {@code <work>/host.log} and stderr. Waits for the READY line; keeps the last 200 lines the host prints.
 */
public final class HostLauncher {
    private static final Logger log = LoggerFactory.getLogger(HostLauncher.class);
    static final int TAIL_LINES = 200;
    static final String LOG_CONFIG = "classpath:META-INF/weft/host/log4j2-host.xml";

    private final HostLaunchSettings launch;
    private final ExecutionSettings execution;

    public HostLauncher(HostLaunchSettings launch, ExecutionSettings execution) {
        this.launch = requireNonNull(launch, "launch is null");
        this.execution = requireNonNull(execution, "execution is null");
    }

    /** The JVM options and classpath (what goes into the argument file). */
    public List<String> jvmArguments(Path workDirectory) {
        List<String> arguments = new ArrayList<>(launch.jvmOptions());
        arguments.add("-Xmx" + launch.memory());
        arguments.add("-XX:+ExitOnOutOfMemoryError");
        arguments.add("-Djava.io.tmpdir=" + workDirectory.resolve("tmp"));
        arguments.add("-Dweft.host.log=" + workDirectory.resolve("host.log"));
        arguments.add("-Dlog4j2.configurationFile=" + LOG_CONFIG);
        arguments.add("-cp");
        arguments.add(String.join(File.pathSeparator, launch.classpath()));
        return arguments;
    }

    /** The whole command, for messages (the argument file expanded, never the token). */
    public List<String> command(Path workDirectory) {
        List<String> command = new ArrayList<>();
        command.add(launch.java().toString());
        command.addAll(jvmArguments(workDirectory));
        command.addAll(mainArguments(workDirectory));
        return command;
    }

    /** Starts the host and waits until it serves; HOST_START_FAILED naming the cause and the host's last lines otherwise. */
    public HostProcess start(String token) {
        requireNonNull(token, "token is null");
        Path workDirectory = workDirectory();
        checkJava();
        Path argumentFile = workDirectory.resolve("host.args");
        List<String> command = new ArrayList<>();
        command.add(launch.java().toString());
        command.add("@" + argumentFile);
        command.addAll(mainArguments(workDirectory));
        long start = System.nanoTime();
        Process process;
        try {
            Files.createDirectories(workDirectory.resolve("tmp"));
            writeArgumentFile(argumentFile, jvmArguments(workDirectory));
            writeProperties(workDirectory.resolve("host.properties"));
            ProcessBuilder builder = new ProcessBuilder(command).directory(workDirectory.toFile()).redirectErrorStream(true);
            builder.environment().put(HostProtocol.TOKEN_ENVIRONMENT, token);
            process = builder.start();
        } catch (IOException e) {
            throw new WeftException(HostErrorCode.HOST_START_FAILED, "cannot start the %s host with %s: %s; check weft.%s.host.java and the work directory %s"
                    .formatted(launch.engine(), launch.java(), e.getMessage(), launch.engine(), workDirectory), e);
        }
        LogTail tail = new LogTail(TAIL_LINES);
        CompletableFuture<Integer> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> readOutput(process, tail, ready), "weft-%s-host-output-%d".formatted(launch.engine(), process.pid()));
        reader.setDaemon(true);
        reader.start();
        int port = awaitReady(process, ready, tail, workDirectory);
        long millis = (System.nanoTime() - start) / 1_000_000;
        HostProcess host = new HostProcess(launch.engine(), process, port, workDirectory, tail, millis);
        log.info("Started {} in {} ms (work directory {})", host.describe(), millis, workDirectory);
        return host;
    }

    private List<String> mainArguments(Path workDirectory) {
        return List.of(HostMain.class.getName(), "--engine", launch.engine(), "--port", "0", "--work-dir", workDirectory.toString(),
                "--properties", workDirectory.resolve("host.properties").toString(),
                "--parallelism", Integer.toString(execution.parallelism()),
                "--memory-budget", Long.toString(execution.memoryBudgetBytes()),
                "--batch-size", Integer.toString(execution.batchSize()),
                "--flight-memory", Long.toString(launch.flightMemoryBytes()));
    }

    private int awaitReady(Process process, CompletableFuture<Integer> ready, LogTail tail, Path workDirectory) {
        long deadline = System.nanoTime() + launch.startTimeout().toNanos();
        while (true) {
            try {
                return ready.get(100, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (!process.isAlive() && !ready.isDone()) {
                    waitForOutput(ready);
                    if (ready.isDone() && !ready.isCompletedExceptionally()) {
                        continue;
                    }
                    throw startFailed("exited with code %d before it was ready".formatted(process.exitValue()), tail, workDirectory);
                }
                if (System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    throw startFailed("was not ready within %d s (weft.%s.host.start-timeout); it was killed"
                            .formatted(launch.startTimeout().toSeconds(), launch.engine()), tail, workDirectory);
                }
            } catch (ExecutionException e) {
                waitForExit(process);
                if (process.isAlive()) {
                    process.destroyForcibly();
                    throw startFailed("closed its output before it was ready; it was killed", tail, workDirectory);
                }
                throw startFailed("exited with code %d before it was ready".formatted(process.exitValue()), tail, workDirectory);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
                throw new WeftException(ErrorCode.JOB_CANCELLED, "interrupted while starting the %s host".formatted(launch.engine()));
            }
        }
    }

    private static void waitForOutput(CompletableFuture<Integer> ready) {
        try {
            ready.get(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // the output ended without READY
        }
    }

    private static void waitForExit(Process process) {
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private WeftException startFailed(String what, LogTail tail, Path workDirectory) {
        return new WeftException(HostErrorCode.HOST_START_FAILED, ("the %s engine host %s. Check weft.%s.host.classpath / the engine's jars, "
                + "weft.%s.host.java and weft.%s.host.jvm-options; its log is %s. Last lines:%n%s")
                .formatted(launch.engine(), what, launch.engine(), launch.engine(), launch.engine(), workDirectory.resolve("host.log"),
                        tail.render(20)));
    }

    private static void readOutput(Process process, LogTail tail, CompletableFuture<Integer> ready) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!ready.isDone() && line.startsWith(HostProtocol.READY_PREFIX)) {
                    try {
                        ready.complete(Integer.parseInt(line.substring(HostProtocol.READY_PREFIX.length()).strip()));
                    } catch (NumberFormatException e) {
                        ready.completeExceptionally(e);
                    }
                    continue;
                }
                tail.add(line);
                if (line.startsWith("Terminating due to java.lang.OutOfMemoryError")) {
                    log.error("The {} host ran out of memory: {}", process.pid(), line);
                }
            }
        } catch (IOException e) {
            tail.add("(reading the host's output failed: %s)".formatted(e.getMessage()));
        } finally {
            tail.end();
        }
        ready.completeExceptionally(new IOException("the host's output ended"));
    }

    private void checkJava() {
        if (!Files.isExecutable(launch.java())) {
            throw new WeftException(HostErrorCode.HOST_START_FAILED, "cannot start the %s host: %s is not an executable java; set weft.%s.host.java to a Java 17+ java binary or unset it"
                    .formatted(launch.engine(), launch.java(), launch.engine()));
        }
    }

    private Path workDirectory() {
        try {
            if (launch.workDirectory().isPresent()) {
                return Files.createDirectories(launch.workDirectory().get());
            }
            return Files.createTempDirectory("weft-%s-host-".formatted(launch.engine()));
        } catch (IOException e) {
            throw new WeftException(HostErrorCode.HOST_START_FAILED, "cannot create the work directory of the %s host: %s; set weft.%s.host.work-dir to a writable directory"
                    .formatted(launch.engine(), e.getMessage(), launch.engine()), e);
        }
    }

    private static void writeArgumentFile(Path file, List<String> arguments) throws IOException {
        StringBuilder text = new StringBuilder();
        for (String argument : arguments) {
            text.append('"').append(argument.replace("\\", "\\\\").replace("\"", "\\\"")).append('"').append(System.lineSeparator());
        }
        Files.writeString(file, text.toString(), StandardCharsets.UTF_8);
    }

    private void writeProperties(Path file) throws IOException {
        Properties properties = new Properties();
        launch.hostProperties().forEach(properties::setProperty);
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            properties.store(writer, "weft.%s.* properties of the driver".formatted(launch.engine()));
        }
    }
}
