package dev.weft.adaptive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.optimizer.cost.Squash;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestWeftConfig {
    @TempDir
    Path directory;

    @Test
    void defaultsAreUsable() {
        WeftConfig config = WeftConfig.defaults();
        assertThat(config.engine()).isEqualTo("auto");
        assertThat(config.automatic()).isTrue();
        assertThat(config.engines()).isEmpty();
        assertThat(config.squash()).isEqualTo(Squash.GEOMETRIC_MEAN);
        assertThat(config.costProfile()).isEqualTo(Files.isRegularFile(WeftConfig.defaultCostProfileFile())
                ? Optional.of(WeftConfig.defaultCostProfileFile()) : Optional.empty());
        assertThat(config.optimizerSettings().allowedEngines()).isEmpty();
        assertThat(config.parallelism()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(config.memoryBudget()).isGreaterThanOrEqualTo(64L << 20);
        assertThat(config.batchSize()).isEqualTo(8192);
    }

    @Test
    void propertiesFileThenEnvironmentOverride() throws IOException {
        Path file = directory.resolve("weft.properties");
        Files.writeString(file, "weft.parallelism = 3\nweft.memory.budget=256m\nweft.batch.size=1000\n");
        WeftConfig config = WeftConfig.defaults().withProperties(file)
                .withEnvironment(Map.of("WEFT_PARALLELISM", "5", "PATH", "/usr/bin", "WEFT_JAVA_OPTS", "-Xmx1g"));
        assertThat(config.parallelism()).isEqualTo(5);
        assertThat(config.memoryBudget()).isEqualTo(256L << 20);
        assertThat(config.batchSize()).isEqualTo(1000);
    }

    @Test
    void sizesAcceptUnits() {
        assertThat(WeftConfig.parseSize("k", "64k", "")).isEqualTo(64L << 10);
        assertThat(WeftConfig.parseSize("k", "2g", "")).isEqualTo(2L << 30);
        assertThat(WeftConfig.parseSize("k", "512MB", "")).isEqualTo(512L << 20);
        assertThat(WeftConfig.parseSize("k", "1048576", "")).isEqualTo(1L << 20);
    }

    @Test
    void unknownKeyInFileIsAnError() throws IOException {
        Path file = directory.resolve("weft.properties");
        Files.writeString(file, "weft.paralelism=3\n");
        assertThatThrownBy(() -> WeftConfig.defaults().withProperties(file))
                .isInstanceOf(WeftException.class)
                .hasMessageContaining("unknown configuration key 'weft.paralelism'")
                .hasMessageContaining("weft.parallelism")
                .satisfies(e -> assertThat(((WeftException) e).errorCode()).isEqualTo(ErrorCode.INVALID_CONFIGURATION));
    }

    @Test
    void engineSettingsPassThroughToTheirEngineOnly() throws IOException {
        Path file = directory.resolve("engines.properties");
        Path jar = Files.writeString(directory.resolve("udfs.jar"), "not really a jar, but a file");
        Files.writeString(file, "weft.spark.master=spark://127.0.0.1:7077\nweft.flink.jobmanager=127.0.0.1:8081\nweft.jars=" + jar + "\n");
        WeftConfig config = WeftConfig.defaults().withProperties(file).withEnvironment(Map.of("WEFT_SPARK_HOST_MEMORY", "3g"));

        assertThat(config.engineProperties("spark")).containsOnly(
                Map.entry("weft.spark.master", "spark://127.0.0.1:7077"), Map.entry("weft.spark.host.memory", "3g"),
                Map.entry("weft.jars", jar.toAbsolutePath().toString()));
        assertThat(config.engineProperties("flink")).containsOnly(
                Map.entry("weft.flink.jobmanager", "127.0.0.1:8081"), Map.entry("weft.jars", jar.toAbsolutePath().toString()));
        assertThat(config.engineProperties("java")).containsOnly(Map.entry("weft.jars", jar.toAbsolutePath().toString()));
    }

    @Test
    void engineSettingsOfUnknownEnginesAndMissingJarsAreErrors() {
        assertThatThrownBy(() -> WeftConfig.defaults().with(Map.of("weft.sprak.master", "local"), "in a test"))
                .isInstanceOf(WeftException.class)
                .hasMessageContaining("unknown configuration key 'weft.sprak.master'")
                .hasMessageContaining("weft.<engine>.*");
        assertThatThrownBy(() -> WeftConfig.defaults().with(Map.of("weft.jars", "/no/such/udfs.jar"), "in a test"))
                .isInstanceOf(WeftException.class)
                .hasMessageContaining("no such file '/no/such/udfs.jar'");
        assertThatThrownBy(() -> WeftConfig.builder().engineProperty("weft.parallelism", "2"))
                .isInstanceOf(WeftException.class)
                .hasMessageContaining("not an engine setting");
    }

    @Test
    void unknownEnvironmentVariableIsAnError() {
        assertThatThrownBy(() -> WeftConfig.defaults().withEnvironment(Map.of("WEFT_MEMORY", "1g")))
                .isInstanceOf(WeftException.class)
                .hasMessageContaining("WEFT_MEMORY")
                .hasMessageContaining("WEFT_MEMORY_BUDGET");
    }

    @Test
    void badValuesNameTheKey() {
        assertThatThrownBy(() -> WeftConfig.defaults().with(Map.of("weft.parallelism", "many"), "in test"))
                .hasMessageContaining("weft.parallelism = 'many' in test is not a whole number");
        assertThatThrownBy(() -> WeftConfig.defaults().with(Map.of("weft.memory.budget", "lots"), "in test"))
                .hasMessageContaining("weft.memory.budget = 'lots' in test is not a size");
        assertThatThrownBy(() -> WeftConfig.builder().memoryBudget(10).build())
                .isInstanceOf(WeftException.class)
                .hasMessageContaining("memory budget must be at least 1 MiB");
    }

    @Test
    void optimizerKeysFromFileAndEnvironment() throws IOException {
        Path profile = Files.writeString(directory.resolve("profile.json"), "{}");
        Path file = directory.resolve("weft.properties");
        Files.writeString(file, "weft.engines = java, Twin ,java\nweft.cost.profile=%s\nweft.cost.squash=UPPER\n".formatted(profile));
        WeftConfig config = WeftConfig.defaults().withProperties(file);
        assertThat(config.engines()).containsExactly("java", "twin");
        assertThat(config.costProfile()).contains(profile);
        assertThat(config.squash()).isEqualTo(Squash.UPPER);
        assertThat(config.optimizerSettings().allowedEngines()).containsExactlyInAnyOrder("java", "twin");
        assertThat(config.optimizerSettings().squash()).isEqualTo(Squash.UPPER);

        WeftConfig fromEnvironment = config.withEnvironment(Map.of("WEFT_ENGINE", "Java", "WEFT_COST_PROFILE", "none", "WEFT_COST_SQUASH", "mean"));
        assertThat(fromEnvironment.engine()).isEqualTo("java");
        assertThat(fromEnvironment.automatic()).isFalse();
        assertThat(fromEnvironment.costProfile()).isEmpty();
        assertThat(fromEnvironment.squash()).isEqualTo(Squash.MEAN);
        assertThat(fromEnvironment.optimizerSettings().allowedEngines()).as("a named engine is the only one allowed").containsExactly("java");
    }

    @Test
    void badOptimizerValuesNameTheKey() {
        assertBad(Map.of("weft.engines", "java,,spark"), "weft.engines = 'java,,spark' in test is not a list of engines");
        assertBad(Map.of("weft.engines", ""), "weft.engines = '' in test is not a list of engines");
        assertBad(Map.of("weft.engines", "auto"), "weft.engines = 'auto'");
        assertBad(Map.of("weft.engines", "java spark"), "'java spark' is not an engine name");
        assertBad(Map.of("weft.engine", "my engine"), "weft.engine = 'my engine' in test is not an engine");
        assertBad(Map.of("weft.cost.squash", "median"), "weft.cost.squash = 'median' in test is not a squash; use one of [geometric-mean, mean, lower, upper]");
        assertBad(Map.of("weft.cost.profile", directory.resolve("missing.json").toString()), "weft.cost.profile = '");
        assertBad(Map.of("weft.cost.profile", directory.resolve("missing.json").toString()), "no such file; run 'weft calibrate");
        assertBad(Map.of("weft.cost.profile", " "), "weft.cost.profile in test is empty");
        assertThatThrownBy(() -> WeftConfig.builder().engines(java.util.List.of("Bad Name")).build())
                .isInstanceOf(WeftException.class).hasMessageContaining("'Bad Name'");
    }

    private static void assertBad(Map<String, String> values, String message) {
        assertThatThrownBy(() -> WeftConfig.defaults().with(values, "in test"))
                .isInstanceOf(WeftException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((WeftException) e).errorCode()).isEqualTo(ErrorCode.INVALID_CONFIGURATION));
    }

    @Test
    void missingFileIsAnError() {
        assertThatThrownBy(() -> WeftConfig.defaults().withProperties(directory.resolve("nope.properties")))
                .hasMessageContaining("nope.properties does not exist");
    }
}
