package dev.weft.host;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.weft.api.Collected;
import dev.weft.api.ErrorCode;
import dev.weft.api.Pipeline;
import dev.weft.api.WeftException;
import dev.weft.api.spi.EngineContext;
import dev.weft.api.spi.Stage;
import dev.weft.channels.flight.FlightClientPool;
import dev.weft.channels.flight.FlightCredentials;
import dev.weft.host.codec.StageCodec;
import dev.weft.host.driver.HostErrorCode;
import dev.weft.host.driver.HostInfo;
import dev.weft.host.driver.HostLauncher;
import dev.weft.host.driver.HostProcess;
import dev.weft.host.driver.HostedEngine;
import dev.weft.host.server.HostProtocol;
import dev.weft.host.server.HostStatus;
import dev.weft.host.server.RunStageRequest;
import dev.weft.host.server.RunStageResult;
import dev.weft.host.testing.DriverStageContext;
import dev.weft.host.testing.HostTestKit;
import dev.weft.host.testing.JavaInHostEngineProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;
import org.apache.arrow.flight.Action;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.Result;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A real host JVM: stages, metrics, cancellation, a host killed mid-stage, bad launch settings, the control protocol. */
class TestHostedEngine {
    private static final Logger log = LoggerFactory.getLogger(TestHostedEngine.class);
    private static final String ENGINE = "java-in-host";

    @TempDir
    Path directory;

    private HostTestKit kit;

    @BeforeEach
    void createKit() {
        kit = new HostTestKit(directory);
    }

    @AfterEach
    void closeKit() throws Exception {
        kit.close();
    }

    @Test
    void runsStagesOnOneWarmHostAndReportsMetrics() throws Exception {
        HostedEngine engine = kit.engine(Map.of("weft.work-dir-unused", "x"));
        assertThat(engine.warm()).isFalse();
        Pipeline pipeline = Pipeline.create("metrics");
        Collected<Long> doubled = pipeline.fromCollection(LongStream.range(0, 1000).boxed().toList(), Long.class)
                .map(x -> x * 2, Long.class).collect();
        DriverStageContext context = kit.context();
        engine.execute(new Stage("s1", pipeline.plan().sinks()), context);
        assertThat(context.elements(doubled)).hasSize(1000).contains(0L, 1998L);
        assertThat(context.rowsOf(doubled.sink().input().id())).isEqualTo(1000);
        assertThat(engine.warm()).isTrue();
        long pid = engine.hostProcess().orElseThrow().pid();

        DriverStageContext again = kit.context();
        engine.execute(new Stage("s2", pipeline.plan().sinks()), again);
        assertThat(again.elements(doubled)).hasSize(1000);
        assertThat(engine.hostProcess().orElseThrow().pid()).as("the same warm host").isEqualTo(pid);
        HostStatus status = engine.status();
        assertThat(status.engine()).isEqualTo(ENGINE);
        assertThat(status.pid()).isEqualTo(pid);
        assertThat(status.running()).isEmpty();
        assertThat(Files.readString(engine.hostProcess().orElseThrow().workDirectory().resolve("host.log"))).contains("Stage").contains("finished");
    }

    @Test
    void hostKilledMidStageFailsTheStageNamingTheHost() throws Exception {
        HostedEngine engine = kit.engine(Map.of());
        Pipeline pipeline = Pipeline.create("slow");
        pipeline.fromCollection(LongStream.range(0, 100_000).boxed().toList(), Long.class)
                .map(x -> {
                    Thread.sleep(1);
                    return x;
                }, Long.class).collect();
        Stage stage = new Stage("slow", pipeline.plan().sinks());
        engine.status(); // starts the host
        HostProcess host = engine.hostProcess().orElseThrow();
        DriverStageContext context = kit.context();
        CompletableFuture<Void> killer = CompletableFuture.runAsync(() -> {
            try {
                while (engine.status().running().isEmpty()) {
                    Thread.sleep(20);
                }
                ProcessHandle.of(host.pid()).orElseThrow().destroyForcibly(); // SIGKILL
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        WeftException error = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            try {
                engine.execute(stage, context);
            } catch (WeftException e) {
                return e;
            }
            throw new AssertionError("the stage succeeded although its host was killed");
        });
        killer.join();
        assertThat(error.errorCode()).isEqualTo(HostErrorCode.HOST_FAILED);
        assertThat(error.getMessage())
                .contains(ENGINE)
                .contains("pid " + host.pid())
                .contains("port " + host.port())
                .contains("died")
                .contains("Running stage"); // a line of the host's log

        DriverStageContext next = kit.context();
        Pipeline small = Pipeline.create("after");
        Collected<Long> one = small.fromCollection(List.of(1L), Long.class).collect();
        engine.execute(new Stage("after", small.plan().sinks()), next);
        assertThat(next.elements(one)).containsExactly(1L);
        assertThat(engine.hostProcess().orElseThrow().pid()).as("a new host").isNotEqualTo(host.pid());
    }

    @Test
    void aFrozenHostFailsTheStageOnceItAnswersNoStatusCheck() throws Exception {
        HostedEngine engine = kit.engine(Map.of("weft.%s.host.heartbeat-timeout".formatted(ENGINE), "3s"));
        Pipeline pipeline = Pipeline.create("frozen");
        pipeline.fromCollection(LongStream.range(0, 100_000).boxed().toList(), Long.class)
                .map(x -> {
                    Thread.sleep(1);
                    return x;
                }, Long.class).collect();
        Stage stage = new Stage("frozen", pipeline.plan().sinks());
        engine.status(); // starts the host
        HostProcess host = engine.hostProcess().orElseThrow();
        DriverStageContext context = kit.context();
        CompletableFuture<Void> freezer = CompletableFuture.runAsync(() -> {
            try {
                while (engine.status().running().isEmpty()) {
                    Thread.sleep(20);
                }
                // SIGSTOP: the process lives on but answers nothing, as a host stuck in GC or behind a dead network does.
                new ProcessBuilder("kill", "-STOP", Long.toString(host.pid())).inheritIO().start().waitFor();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        WeftException error = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            try {
                engine.execute(stage, context);
            } catch (WeftException e) {
                return e;
            }
            throw new AssertionError("the stage succeeded although its host was frozen");
        });
        freezer.join();
        assertThat(error.errorCode()).isEqualTo(HostErrorCode.HOST_FAILED);
        assertThat(error.getMessage()).contains("pid " + host.pid()).contains("answered no status check for 3 s")
                .contains("weft.%s.host.heartbeat-timeout".formatted(ENGINE)).contains("killed");
        assertThat(ProcessHandle.of(host.pid()).map(ProcessHandle::isAlive).orElse(false)).as("the frozen host was killed").isFalse();

        DriverStageContext next = kit.context();
        Pipeline small = Pipeline.create("after-freeze");
        Collected<Long> one = small.fromCollection(List.of(1L), Long.class).collect();
        engine.execute(new Stage("after-freeze", small.plan().sinks()), next);
        assertThat(next.elements(one)).containsExactly(1L);
        assertThat(engine.hostProcess().orElseThrow().pid()).as("a new host").isNotEqualTo(host.pid());
    }

    /** Grown by the lambda below inside the host, until its heap is gone. */
    private static final List<byte[]> HOG = new ArrayList<>();

    @Test
    void aHostOutOfHeapFailsTheStageSayingSoAndWhatToRaise() throws Exception {
        HostedEngine engine = kit.engine(Map.of("weft.%s.host.memory".formatted(ENGINE), "128m"));
        Pipeline pipeline = Pipeline.create("hog");
        pipeline.fromCollection(LongStream.range(0, 100_000).boxed().toList(), Long.class)
                .map(x -> {
                    HOG.add(new byte[1 << 20]);
                    return x;
                }, Long.class).collect();
        WeftException error = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            try {
                engine.execute(new Stage("hog", pipeline.plan().sinks()), kit.context());
            } catch (WeftException e) {
                return e;
            }
            throw new AssertionError("the stage succeeded although it kept 100 GB");
        });
        assertThat(error.errorCode()).isEqualTo(HostErrorCode.HOST_FAILED);
        assertThat(error.getMessage()).contains("exited with code 3: the JVM ran out of heap")
                .contains("raise weft.%s.host.memory".formatted(ENGINE))
                .contains("Terminating due to java.lang.OutOfMemoryError");
    }

    @Test
    void cancellationStopsTheStageOnTheHost() throws Exception {
        HostedEngine engine = kit.engine(Map.of());
        Pipeline pipeline = Pipeline.create("cancel");
        pipeline.fromCollection(LongStream.range(0, 100_000).boxed().toList(), Long.class)
                .map(x -> {
                    Thread.sleep(1);
                    return x;
                }, Long.class).collect();
        engine.status();
        DriverStageContext context = kit.context();
        CompletableFuture<Void> canceller = CompletableFuture.runAsync(() -> {
            try {
                while (engine.status().running().isEmpty()) {
                    Thread.sleep(20);
                }
                context.cancel();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        WeftException error = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            try {
                engine.execute(new Stage("cancelled", pipeline.plan().sinks()), context);
            } catch (WeftException e) {
                return e;
            }
            throw new AssertionError("a cancelled stage succeeded");
        });
        canceller.join();
        assertThat(error.errorCode()).isEqualTo(ErrorCode.JOB_CANCELLED);
        assertThat(engine.warm()).as("the host survives a cancelled stage").isTrue();
    }

    @Test
    void userErrorKeepsItsCodeAndCause() throws Exception {
        HostedEngine engine = kit.engine(Map.of());
        Pipeline pipeline = Pipeline.create("failing");
        pipeline.fromCollection(List.of(1L, 2L, 0L), Long.class).map(x -> 10 / x, Long.class).named("divide").collect();
        assertThatThrownBy(() -> engine.execute(new Stage("s1", pipeline.plan().sinks()), kit.context()))
                .isInstanceOf(WeftException.class)
                .hasMessageContaining("operator 'divide'")
                .hasMessageContaining("pid ")
                .hasRootCauseInstanceOf(ArithmeticException.class)
                .satisfies(e -> assertThat(((WeftException) e).errorCode()).isEqualTo(ErrorCode.USER_FUNCTION_FAILED));
    }

    @Test
    void unserializableCaptureFailsBeforeAHostStarts() throws Exception {
        HostedEngine engine = kit.engine(Map.of());
        Object notSerializable = new Object();
        Pipeline pipeline = Pipeline.create("capture");
        pipeline.fromCollection(List.of(1L), Long.class).filter(x -> notSerializable.hashCode() != 0).named("uses-object").collect();
        assertThatThrownBy(() -> engine.execute(new Stage("s1", pipeline.plan().sinks()), kit.context()))
                .isInstanceOf(WeftException.class)
                .hasMessageContaining("operator 'uses-object'")
                .hasMessageContaining("java.lang.Object");
        assertThat(engine.hostProcess()).isEmpty();
    }

    @Test
    void unknownEngineRunnerIsAStartFailureWithTheHostsOutput() throws Exception {
        HostedEngineProviderForTests provider = new HostedEngineProviderForTests("no-such-engine");
        HostedEngine engine = kit.remember(provider.createHosted(new EngineContext(kit.allocator("engine"), kit.settings(), Map.of())));
        assertThatThrownBy(engine::status)
                .isInstanceOf(WeftException.class)
                .satisfies(e -> assertThat(((WeftException) e).errorCode()).isEqualTo(HostErrorCode.HOST_START_FAILED))
                .hasMessageContaining("exited with code 2")
                .hasMessageContaining("no HostStageRunner for engine 'no-such-engine'")
                .hasMessageContaining(ENGINE); // the runners it found
    }

    @Test
    void badJavaIsNamed() throws Exception {
        HostedEngine engine = kit.engine(Map.of("weft.java-in-host.host.java", directory.resolve("no-java").toString()));
        assertThatThrownBy(engine::status)
                .isInstanceOf(WeftException.class)
                .hasMessageContaining("no-java")
                .hasMessageContaining("weft.java-in-host.host.java");
    }

    @Test
    void badJvmOptionShowsTheJvmsComplaint() throws Exception {
        HostedEngine engine = kit.engine(Map.of("weft.java-in-host.host.jvm-options", "-XX:+NoSuchWeftOption"));
        assertThatThrownBy(engine::status)
                .isInstanceOf(WeftException.class)
                .hasMessageContaining("exited with code")
                .hasMessageContaining("NoSuchWeftOption");
    }

    @Test
    void startTimeoutKillsTheHost() throws Exception {
        HostedEngine engine = kit.engine(Map.of("weft.java-in-host.host.start-timeout", "50ms"));
        assertThatThrownBy(engine::status)
                .isInstanceOf(WeftException.class)
                .hasMessageContaining("was not ready within")
                .hasMessageContaining("weft.java-in-host.host.start-timeout");
    }

    @Test
    void remoteHostNeedsItsTokenAndRefusesUnknownActions() throws Exception {
        JavaInHostEngineProvider provider = new JavaInHostEngineProvider();
        HostProcess host = new HostLauncher(provider.launchSettings(Map.of("weft.java-in-host.host.work-dir", directory.resolve("remote").toString())),
                kit.settings()).start("right-token");
        kit.remember(host);
        String address = "127.0.0.1:" + host.port();

        HostedEngine wrong = kit.engine(Map.of("weft.java-in-host.host", address, "weft.java-in-host.host.token", "wrong-token"));
        assertThatThrownBy(wrong::status)
                .isInstanceOf(WeftException.class)
                .satisfies(e -> assertThat(((WeftException) e).errorCode()).isEqualTo(ErrorCode.AUTHENTICATION_FAILED))
                .hasMessageContaining("refused the driver's token");

        HostedEngine right = kit.engine(Map.of("weft.java-in-host.host", address, "weft.java-in-host.host.token", "right-token"));
        Pipeline pipeline = Pipeline.create("remote");
        Collected<Long> values = pipeline.fromCollection(List.of(3L, 4L), Long.class).collect();
        DriverStageContext context = kit.context();
        right.execute(new Stage("s1", pipeline.plan().sinks()), context);
        assertThat(context.elements(values)).containsExactly(3L, 4L);
        assertThat(right.hostProcess()).as("a remote host is not this engine's process").isEmpty();

        try (FlightClientPool clients = new FlightClientPool(kit.allocator("raw"), FlightCredentials.bearer("right-token"))) {
            Location location = Location.forGrpcInsecure("127.0.0.1", host.port());
            assertThatThrownBy(() -> drain(clients.client(location).doAction(new Action("no-such-action", new byte[0]),
                    clients.credentials().callOptions())))
                    .isInstanceOf(FlightRuntimeException.class)
                    .satisfies(e -> assertThat(((FlightRuntimeException) e).status().code()).isEqualTo(FlightStatusCode.INVALID_ARGUMENT))
                    .hasMessageContaining("no-such-action")
                    .hasMessageContaining(HostProtocol.RUN_STAGE);
            assertThat(new String(drain(clients.client(location).doAction(new Action(HostProtocol.CANCEL_STAGE, "x/y".getBytes(UTF_8)),
                    clients.credentials().callOptions())).get(0), UTF_8)).isEqualTo("not running");
            // A cancel that overtook its run-stage call: the stage is cancelled as soon as it registers, and runs nothing.
            RunStageRequest late = new RunStageRequest("x/y", StageCodec.encode(new Stage("late", pipeline.plan().sinks())), 1, 64L << 20, 1024,
                    Map.of(), Map.of(), Map.of());
            RunStageResult result = HostProtocol.fromBytes(drain(clients.client(location).doAction(new Action(HostProtocol.RUN_STAGE,
                    HostProtocol.toBytes(late)), clients.credentials().callOptions())).get(0), RunStageResult.class);
            assertThat(result.failed()).isTrue();
            assertThat(result.error("test").errorCode()).isEqualTo(ErrorCode.JOB_CANCELLED);
            assertThat(result.error("test").getMessage()).contains("stage x/y was cancelled");
            byte[] jar = Files.readAllBytes(Path.of(HostedEngine.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .resolve("dev/weft/host/HostMain.class"));
            assertThat(new String(drain(clients.client(location).doAction(new Action(HostProtocol.ADD_JAR, jar),
                    clients.credentials().callOptions())).get(0), UTF_8)).endsWith(".jar");
        }
        right.close();
        assertThat(host.isAlive()).as("closing a remote engine leaves the host running").isTrue();
    }

    @Test
    void describeHostStartsNothing() {
        JavaInHostEngineProvider provider = new JavaInHostEngineProvider();
        HostInfo local = provider.describeHost(Map.of());
        assertThat(local.remote()).isFalse();
        assertThat(local.classpathEntries()).isPositive();
        assertThat(local.describe()).contains("local host JVM").contains("-Xmx2g");
        HostInfo remote = provider.describeHost(Map.of("weft.java-in-host.host", "example:1234"));
        assertThat(remote.describe()).isEqualTo("remote host example:1234");
        HostInfo broken = provider.describeHost(Map.of("weft.java-in-host.host.java", "/no/java"));
        assertThat(broken.problems()).anyMatch(problem -> problem.contains("/no/java"));
    }

    private static List<byte[]> drain(Iterator<Result> results) {
        List<byte[]> bodies = new ArrayList<>();
        results.forEachRemaining(result -> bodies.add(result.getBody()));
        return bodies;
    }

    /** A provider of an engine no host runner implements. */
    static final class HostedEngineProviderForTests extends dev.weft.host.driver.HostedEngineProvider {
        private final String name;

        HostedEngineProviderForTests(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String artifact() {
            return "none";
        }

        @Override
        public dev.weft.api.spi.EngineCapabilities capabilities() {
            return new JavaInHostEngineProvider().capabilities();
        }
    }
}
