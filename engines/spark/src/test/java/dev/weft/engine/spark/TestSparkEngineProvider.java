package dev.weft.engine.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.api.plan.CallbackSink;
import dev.weft.api.spi.EngineCapabilities;
import dev.weft.host.driver.HostInfo;
import dev.weft.optimizer.cost.CostProfile;
import dev.weft.optimizer.cost.CostProfiles;
import dev.weft.optimizer.cost.OperatorKinds;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the driver knows without starting a host: capabilities, cost profile, host classpath, JVM options. */
class TestSparkEngineProvider {
    private final SparkEngineProvider provider = new SparkEngineProvider();

    @Test
    void declaresBoundedOperatorsWithLambdasButNoCallbackSink() {
        EngineCapabilities capabilities = provider.capabilities();
        assertThat(capabilities.bounded()).isTrue();
        assertThat(capabilities.unbounded()).isFalse();
        assertThat(capabilities.lambdas()).isTrue();
        assertThat(capabilities.operators()).doesNotContain(CallbackSink.class);
        assertThat(provider.name()).isEqualTo("spark");
        assertThat(provider.artifact()).isEqualTo("dev.weft:weft-engine-spark");
    }

    @Test
    void costProfileParsesAndCoversEveryDeclaredOperator() {
        CostProfile profile = CostProfiles.fromResource(getClass().getClassLoader(), provider.costProfileResource(), "spark").orElseThrow();
        assertThat(profile.process()).isEqualTo(CostProfile.EngineProcess.HOST);
        assertThat(profile.channels()).containsOnlyKeys("flight");
        assertThat(profile.startUp().coldMillis()).isGreaterThan(profile.startUp().warmMillis());
        CostProfiles.checkCovers(profile, OperatorKinds.supportedBy(provider.capabilities()));
    }

    @Test
    void hostClasspathHoldsSparkAndWhatTheHostNeedsAtRunTime() throws IOException {
        List<String> entries;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("META-INF/weft/host/spark.classpath")) {
            assertThat(in).as("the build writes META-INF/weft/host/spark.classpath").isNotNull();
            entries = Arrays.asList(new String(in.readAllBytes(), StandardCharsets.UTF_8).trim().split(":"));
        }
        assertThat(entries).anyMatch(entry -> entry.contains("spark-core_2.13"))
                .anyMatch(entry -> entry.contains("netty-common"))       // runtime-scoped in the tree: must be there too
                .anyMatch(entry -> entry.contains("arrow-memory-netty"))
                .noneMatch(entry -> entry.contains("junit"));
        assertThat(entries).allMatch(entry -> Files.exists(Path.of(entry)));
    }

    @Test
    void describesWhereItWouldRunWithoutStartingAHost() {
        HostInfo local = provider.describeHost(Map.of());
        assertThat(local.engine()).isEqualTo("spark");
        assertThat(local.remote()).isFalse();
        assertThat(local.problems()).isEmpty();
        assertThat(provider.describeHost(Map.of("weft.spark.host", "10.0.0.5:4000")).remote()).isTrue();
        assertThat(provider.launchSettings(Map.of()).jvmOptions())
                .contains("--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED");
        assertThat(provider.location(Map.of())).startsWith("engine host: local host JVM").endsWith("; Spark local[N], N = the stage parallelism");
        assertThat(provider.location(Map.of("weft.spark.master", "spark://10.0.0.5:7077"))).endsWith("; Spark standalone cluster spark://10.0.0.5:7077");
        assertThat(provider.location(Map.of("weft.spark.master", "yarn"))).contains("problem: weft.spark.master='yarn' is not a Spark master URL");
    }
}
