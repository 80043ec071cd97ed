package dev.weft.engine.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** What `weft engines` says of Flink without starting a host. */
class TestFlinkEngineProvider {
    private final FlinkEngineProvider provider = new FlinkEngineProvider();

    @Test
    void saysWhereFlinkWouldRun() {
        assertThat(provider.location(Map.of())).startsWith("engine host: local host JVM")
                .endsWith("; Flink MiniCluster in the host, bounded stages in STREAMING mode");
        assertThat(provider.location(Map.of("weft.flink.jobmanager", "10.0.0.7:8081", "weft.flink.runtime-mode", "batch")))
                .endsWith("; Flink cluster at 10.0.0.7:8081, bounded stages in BATCH mode");
        assertThat(provider.location(Map.of("weft.flink.jobmanager", "no-port-here"))).contains("problem: ").contains("no-port-here");
    }
}
