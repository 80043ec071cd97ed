package dev.weft.host.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.api.WeftException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a host gets from the driver's settings: its engine's and the connectors' properties, and a classpath it can use from its own work directory. */
class TestHostLaunchSettings {
    @Test
    void hostSeesItsEngineJarsAndConnectorPropertiesOnly() {
        Map<String, String> driver = Map.of(
                "weft.flink.jobmanager", "127.0.0.1:8081",
                "weft.spark.master", "local[2]",
                "weft.kafka.start-timeout-ms", "5000",
                "weft.jdbc.url", "jdbc:postgresql://127.0.0.1/db",
                "weft.jars", "/opt/app.jar",
                "weft.parallelism", "2");

        HostLaunchSettings settings = HostLaunchSettings.of("flink", driver, List.of(), getClass().getClassLoader());

        assertThat(settings.hostProperties()).containsOnlyKeys("weft.flink.jobmanager", "weft.kafka.start-timeout-ms", "weft.jdbc.url", "weft.jars");
    }

    @Test
    void relativeClasspathEntriesBecomeAbsolute() {
        List<String> classpath = HostLaunchSettings.classpath("flink", Map.of("weft.flink.host.classpath", "lib/a.jar", "weft.jars", "b.jar"),
                getClass().getClassLoader());

        assertThat(classpath).contains(Path.of("lib/a.jar").toAbsolutePath().toString(), Path.of("b.jar").toAbsolutePath().toString());
        assertThat(classpath).allMatch(entry -> Path.of(entry).isAbsolute());
    }

    @Test
    void theHeartbeatTimeoutIsSixtySecondsUnlessSetAndZeroTurnsItOff() {
        ClassLoader loader = getClass().getClassLoader();
        assertThat(HostLaunchSettings.of("spark", Map.of(), List.of(), loader).heartbeatTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(HostLaunchSettings.of("spark", Map.of("weft.spark.host.heartbeat-timeout", "500ms"), List.of(), loader).heartbeatTimeout())
                .isEqualTo(Duration.ofMillis(500));
        assertThat(HostLaunchSettings.of("spark", Map.of("weft.spark.host.heartbeat-timeout", "0"), List.of(), loader).heartbeatTimeout())
                .isZero();
        assertThatThrownBy(() -> HostLaunchSettings.of("spark", Map.of("weft.spark.host.heartbeat-timeout", "soon"), List.of(), loader))
                .isInstanceOf(WeftException.class).hasMessageContaining("weft.spark.host.heartbeat-timeout").hasMessageContaining("'soon'");
    }
}
