package dev.weft.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.api.Collected;
import dev.weft.api.ErrorCode;
import dev.weft.api.Pipeline;
import dev.weft.api.WeftException;
import dev.weft.api.function.MapFunction;
import dev.weft.api.spi.Stage;
import dev.weft.host.driver.HostLauncher;
import dev.weft.host.driver.HostProcess;
import dev.weft.host.driver.HostedEngine;
import dev.weft.host.testing.CompiledJar;
import dev.weft.host.testing.DriverStageContext;
import dev.weft.host.testing.HostTestKit;
import dev.weft.host.testing.JavaInHostEngineProvider;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A remote host gets the user's classes from the jars of weft.jars, which the driver sends it, as Spark ships spark.jars. */
class TestRemoteHostJars {
    private static final String ENGINE = "java-in-host";
    private static final String TRIPLER = """
            package weftjar;

            public class Tripler implements dev.weft.api.function.MapFunction<Long, Long> {
                @Override
                public Long map(Long value) {
                    return value * 3;
                }
            }
            """;

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
    @SuppressWarnings("unchecked")
    void aRemoteHostRunsAFunctionFromAJarOnlyTheDriverHas() throws Exception {
        Path jar = CompiledJar.build(Files.createDirectories(directory.resolve("user")), "weftjar.Tripler", TRIPLER);
        URLClassLoader userClasses = new URLClassLoader(new URL[] {jar.toUri().toURL()}, getClass().getClassLoader());
        kit.remember(userClasses);
        MapFunction<Long, Long> tripler = (MapFunction<Long, Long>) userClasses.loadClass("weftjar.Tripler").getConstructor().newInstance();

        HostProcess host = new HostLauncher(new JavaInHostEngineProvider().launchSettings(
                Map.of("weft.%s.host.work-dir".formatted(ENGINE), directory.resolve("remote").toString())), kit.settings()).start("token");
        kit.remember(host);
        String address = "127.0.0.1:" + host.port();

        Pipeline pipeline = Pipeline.create("user-jar");
        Collected<Long> tripled = pipeline.fromCollection(List.of(1L, 2L, 3L), Long.class).map(tripler, Long.class).collect();
        Stage stage = new Stage("s1", pipeline.plan().sinks());

        HostedEngine withoutJars = kit.engine(Map.of("weft.%s.host".formatted(ENGINE), address, "weft.%s.host.token".formatted(ENGINE), "token"));
        assertThatThrownBy(() -> withoutJars.execute(stage, kit.context()))
                .as("the host cannot load weftjar.Tripler before it gets the jar")
                .isInstanceOf(WeftException.class).hasMessageContaining("weftjar.Tripler");

        HostedEngine withJars = kit.engine(Map.of("weft.%s.host".formatted(ENGINE), address, "weft.%s.host.token".formatted(ENGINE), "token",
                "weft.jars", jar.toString()));
        DriverStageContext context = kit.context();
        withJars.execute(stage, context);
        assertThat(context.elements(tripled)).containsExactly(3L, 6L, 9L);
        try (var stored = Files.list(directory.resolve("remote").resolve("jars"))) {
            assertThat(stored.toList()).as("one copy of the jar in the host's work directory").hasSize(1);
        }
    }

    @Test
    void aJarThatCannotBeReadIsAConfigurationError() throws Exception {
        HostProcess host = new HostLauncher(new JavaInHostEngineProvider().launchSettings(
                Map.of("weft.%s.host.work-dir".formatted(ENGINE), directory.resolve("remote").toString())), kit.settings()).start("token");
        kit.remember(host);
        HostedEngine engine = kit.engine(Map.of("weft.%s.host".formatted(ENGINE), "127.0.0.1:" + host.port(),
                "weft.%s.host.token".formatted(ENGINE), "token", "weft.jars", directory.resolve("missing.jar").toString()));

        assertThatThrownBy(engine::status).isInstanceOf(WeftException.class)
                .satisfies(e -> assertThat(((WeftException) e).errorCode()).isEqualTo(ErrorCode.INVALID_CONFIGURATION))
                .hasMessageContaining("missing.jar").hasMessageContaining("weft.jars");
    }
}
