package dev.weft.engine.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.weft.api.Pipeline;
import dev.weft.api.WeftException;
import dev.weft.api.spi.Engine;
import dev.weft.api.spi.EngineContext;
import dev.weft.api.spi.ExecutionSettings;
import dev.weft.conformance.EngineRuns;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad Spark settings fail the first stage with an error that names the setting, through a real host; nothing hangs. */
class TestSparkHostErrors {
    @TempDir
    Path directory;
    private RootAllocator root;

    @BeforeEach
    void createAllocator() {
        root = new RootAllocator(Long.MAX_VALUE);
    }

    @AfterEach
    void closeAllocator() {
        assertThat(root.getAllocatedMemory()).isZero();
        root.close();
    }

    @Test
    void aMisspelledMasterIsNamed() {
        WeftException error = runWith(Map.of(SparkMaster.PROPERTY, "lcoal[2]"));
        assertThat(error.getMessage()).contains("weft.spark.master").contains("lcoal[2]");
    }

    @Test
    void anUnreachableMasterIsNamed() throws Exception {
        String master = "spark://127.0.0.1:" + SparkStandaloneCluster.freePort();
        WeftException error = runWith(Map.of(SparkMaster.PROPERTY, master));
        assertThat(error.getMessage()).contains("not reachable").contains(master);
    }

    @Test
    void anUnknownSerializerIsNamed() {
        WeftException error = runWith(Map.of(SparkConfs.SERIALIZER, "protobuf"));
        assertThat(error.getMessage()).contains("weft.spark.serializer").contains("protobuf");
    }

    private WeftException runWith(Map<String, String> properties) {
        ExecutionSettings settings = new ExecutionSettings(2, 64L << 20, directory, 1024);
        try (BufferAllocator allocator = root.newChildAllocator("engine", 0, Long.MAX_VALUE);
             Engine engine = new SparkEngineProvider(properties).create(new EngineContext(allocator, settings))) {
            Pipeline pipeline = Pipeline.create("bad-settings");
            pipeline.fromCollection(List.of(1L, 2L, 3L), Long.class).collect();
            Throwable error = catchThrowable(() -> EngineRuns.rows(engine, pipeline, allocator, settings));
            assertThat(error).isInstanceOf(WeftException.class);
            return (WeftException) error;
        }
    }
}
