package dev.weft.adaptive;

import static dev.weft.api.expr.Expressions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.api.ErrorCode;
import dev.weft.api.Pipeline;
import dev.weft.api.WeftException;
import dev.weft.api.spi.Engine;
import dev.weft.api.spi.EngineContext;
import dev.weft.api.spi.EngineProvider;
import dev.weft.api.spi.EngineCapabilities;
import dev.weft.engine.java.JavaEngineProvider;
import dev.weft.optimizer.EngineOption;
import dev.weft.optimizer.PlacedPlan;
import dev.weft.optimizer.cost.CostProfile;
import dev.weft.optimizer.cost.CostProfiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestCostProfileCatalog {
    @TempDir
    Path directory;

    private static CostProfile shippedJava() {
        return CostProfiles.fromResource(JavaEngineProvider.class.getClassLoader(), new JavaEngineProvider().costProfileResource(), "java")
                .orElseThrow();
    }

    @Test
    void shippedProfilesComeFromTheEnginesJars() {
        CostProfileCatalog catalog = new CostProfileCatalog(Optional.empty());
        CostProfile java = catalog.profile(new JavaEngineProvider());
        assertThat(java.engine()).isEqualTo("java");
        assertThat(java.origin()).contains("META-INF/weft/cost-profiles/java.json");
        assertThat(catalog.profile(new TwinEngineProvider()).origin()).contains("twin.json");
        assertThat(catalog.profile(new JavaEngineProvider())).as("read once").isSameAs(java);
    }

    @Test
    void aCalibratedFileWinsForTheEnginesItHas() throws IOException {
        CostProfile shipped = shippedJava();
        CostProfile calibrated = new CostProfile("java", "calibrated", shipped.process(), new CostProfile.StartUp(1234, 1), shipped.parallelism(),
                shipped.operators(), shipped.channels(), shipped.calibration());
        Path file = Files.writeString(directory.resolve("cost-profile.json"), CostProfiles.write(List.of(calibrated)));

        CostProfileCatalog catalog = new CostProfileCatalog(Optional.of(file));
        assertThat(catalog.profile(new JavaEngineProvider()).startUp().coldMillis()).isEqualTo(1234);
        assertThat(catalog.profile(new JavaEngineProvider()).origin()).contains(file.toString());
        assertThat(catalog.profile(new TwinEngineProvider()).origin()).as("not in the file: shipped").contains("twin.json");

        try (Weft weft = Weft.create(WeftConfig.builder().spillDirectory(directory.resolve("spill")).costProfile(file).build())) {
            Pipeline pipeline = Pipeline.create("calibrated");
            pipeline.generate(10, 0).filter(col("value").lt(3L)).collect();
            PlacedPlan placed = weft.place(pipeline);
            EngineOption java = placed.engines().stream().filter(option -> option.name().equals("java")).findFirst().orElseThrow();
            assertThat(java.profile().startUp().coldMillis()).isEqualTo(1234);
            assertThat(placed.enginesUsed()).as("java's calibrated cold start-up (1234 ms) now loses to twin's 200 ms").containsExactly("twin");
            pipeline.on(dev.weft.api.Engine.JAVA);
            assertThat(weft.explain(pipeline)).contains(file.toString());
        }
    }

    @Test
    void aBrokenCalibratedFileIsAnErrorNamingIt() throws IOException {
        Path file = Files.writeString(directory.resolve("broken.json"), "{\"format\": 1, \"profiles\": [{\"engine\": \"java\"}]}");
        CostProfileCatalog catalog = new CostProfileCatalog(Optional.of(file));
        assertThatThrownBy(() -> catalog.profile(new JavaEngineProvider()))
                .isInstanceOf(WeftException.class)
                .satisfies(e -> assertThat(((WeftException) e).errorCode()).isEqualTo(ErrorCode.INVALID_COST_PROFILE))
                .hasMessageContaining("broken.json");
    }

    @Test
    void anEngineWithoutAProfileIsAnErrorSayingWhatToRun() {
        EngineProvider bare = new EngineProvider() {
            @Override
            public String name() {
                return "bare";
            }

            @Override
            public String artifact() {
                return "none";
            }

            @Override
            public EngineCapabilities capabilities() {
                return TwinEngineProvider.CAPABILITIES;
            }

            @Override
            public Engine create(EngineContext context) {
                throw new UnsupportedOperationException();
            }
        };
        assertThatThrownBy(() -> new CostProfileCatalog(Optional.empty()).profile(bare))
                .isInstanceOf(WeftException.class)
                .satisfies(e -> assertThat(((WeftException) e).errorCode()).isEqualTo(ErrorCode.INVALID_COST_PROFILE))
                .hasMessageContaining("engine 'bare' ships no cost profile (resource META-INF/weft/cost-profiles/bare.json)")
                .hasMessageContaining("weft calibrate --engines bare");
    }

    @Test
    void aProfileMissingAKindTheEngineRunsIsAnError() throws IOException {
        CostProfile shipped = shippedJava();
        Map<String, CostProfile.OperatorCost> fewer = new java.util.HashMap<>(shipped.operators());
        fewer.remove("flat-map");
        CostProfile partial = new CostProfile("java", "partial", shipped.process(), shipped.startUp(), shipped.parallelism(), fewer,
                shipped.channels(), shipped.calibration());
        Path file = Files.writeString(directory.resolve("partial.json"), CostProfiles.write(List.of(partial)));
        assertThatThrownBy(() -> new CostProfileCatalog(Optional.of(file)).profile(new JavaEngineProvider()))
                .isInstanceOf(WeftException.class)
                .satisfies(e -> assertThat(((WeftException) e).errorCode()).isEqualTo(ErrorCode.INVALID_COST_PROFILE))
                .hasMessageContaining("flat-map");
    }

    @Test
    void anEngineWithABrokenProfileIsLeftOutUnlessTheJobNeedsIt() throws IOException {
        CostProfile shipped = shippedJava();
        Map<String, CostProfile.OperatorCost> fewer = new java.util.HashMap<>(shipped.operators());
        fewer.remove("filter");
        CostProfile brokenTwin = new CostProfile("twin", "partial", shipped.process(), shipped.startUp(), shipped.parallelism(), fewer,
                shipped.channels(), shipped.calibration());
        Path file = Files.writeString(directory.resolve("twin-partial.json"), CostProfiles.write(List.of(brokenTwin)));
        WeftConfig config = WeftConfig.builder().spillDirectory(directory.resolve("spill")).costProfile(file).build();

        try (Weft weft = Weft.create(config)) {
            Pipeline pipeline = Pipeline.create("not-needing-twin");
            dev.weft.api.Collected<Long> small = pipeline.generate(10, 0).filter(col("value").lt(3L)).collect();
            assertThat(weft.place(pipeline).enginesUsed()).containsExactly("java");
            JobHandle job = weft.submit(pipeline);
            job.await();
            assertThat(job.collected(small)).containsExactlyInAnyOrder(0L, 1L, 2L);

            Pipeline pinned = Pipeline.create("pinned-to-twin");
            pinned.generate(10, 0).filter(col("value").lt(3L)).on(dev.weft.api.Engine.named("twin")).collect();
            assertThatThrownBy(() -> weft.place(pinned)).isInstanceOf(WeftException.class)
                    .satisfies(e -> assertThat(((WeftException) e).errorCode()).isEqualTo(ErrorCode.INVALID_COST_PROFILE))
                    .hasMessageContaining("filter").hasMessageContaining("twin-partial.json");
        }
        try (Weft allowed = Weft.create(config.toBuilder().engines(List.of("java", "twin")).build())) {
            Pipeline pipeline = Pipeline.create("allowing-twin");
            pipeline.generate(10, 0).collect();
            assertThatThrownBy(() -> allowed.place(pipeline)).isInstanceOf(WeftException.class)
                    .satisfies(e -> assertThat(((WeftException) e).errorCode()).isEqualTo(ErrorCode.INVALID_COST_PROFILE));
        }
    }
}
