package dev.weft.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.api.Collected;
import dev.weft.api.Pipeline;
import dev.weft.api.spi.EngineContext;
import dev.weft.api.spi.ExecutionSettings;
import dev.weft.api.spi.Stage;
import dev.weft.host.driver.HostedEngine;
import dev.weft.host.testing.DriverStageContext;
import dev.weft.host.testing.JavaInHostEngineProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures (and reports, never asserts) what a host costs: cold start (launch to READY) and the per-stage overhead of
 * a trivial stage on a warm host (median of 30). Written to target/host-overhead.txt.
 */
class TestHostOverhead {
    private static final Logger log = LoggerFactory.getLogger(TestHostOverhead.class);

    @TempDir
    Path directory;

    @Test
    void measuresColdStartAndPerStageOverhead() throws Exception {
        ExecutionSettings settings = new ExecutionSettings(2, 64L << 20, Files.createDirectories(directory.resolve("spill")), 1024);
        long coldMillis;
        long firstStageMillis;
        List<Long> stageMicros = new ArrayList<>();
        try (RootAllocator root = new RootAllocator(Long.MAX_VALUE)) {
            try (BufferAllocator engineAllocator = root.newChildAllocator("engine", 0, Long.MAX_VALUE);
                 HostedEngine engine = new JavaInHostEngineProvider().createHosted(new EngineContext(engineAllocator, settings))) {
                Pipeline pipeline = Pipeline.create("trivial");
                Collected<Long> values = pipeline.fromCollection(List.of(1L, 2L, 3L), Long.class).map(x -> x + 1, Long.class).collect();
                Stage stage = new Stage("s", pipeline.plan().sinks());
                long start = System.nanoTime();
                runOnce(engine, stage, root, settings, values);
                firstStageMillis = (System.nanoTime() - start) / 1_000_000;
                coldMillis = engine.hostProcess().orElseThrow().startMillis();
                for (int i = 0; i < 40; i++) {
                    long begin = System.nanoTime();
                    runOnce(engine, stage, root, settings, values);
                    if (i >= 10) {
                        stageMicros.add((System.nanoTime() - begin) / 1_000);
                    }
                }
            }
            assertThat(root.getAllocatedMemory()).isZero();
        }
        stageMicros.sort(null);
        double medianMillis = stageMicros.get(stageMicros.size() / 2) / 1000.0;
        String report = "host cold start (launch to READY): %d ms%nfirst stage incl. cold start: %d ms%nper-stage overhead, trivial stage on a warm host, median of %d: %.1f ms (min %.1f, max %.1f)%n"
                .formatted(coldMillis, firstStageMillis, stageMicros.size(), medianMillis, stageMicros.get(0) / 1000.0,
                        stageMicros.get(stageMicros.size() - 1) / 1000.0);
        log.warn("Engine host overhead:\n{}", report);
        Files.writeString(Path.of("target", "host-overhead.txt"), report);
    }

    private static void runOnce(HostedEngine engine, Stage stage, RootAllocator root, ExecutionSettings settings, Collected<Long> values) {
        try (BufferAllocator stageAllocator = root.newChildAllocator("stage", 0, Long.MAX_VALUE)) {
            DriverStageContext context = new DriverStageContext(stageAllocator, settings);
            engine.execute(stage, context);
            assertThat(context.elements(values)).containsExactly(2L, 3L, 4L);
        }
    }
}
