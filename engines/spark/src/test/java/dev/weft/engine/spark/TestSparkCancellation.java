package dev.weft.engine.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.weft.api.ErrorCode;
import dev.weft.api.Pipeline;
import dev.weft.api.WeftException;
import dev.weft.api.spi.Engine;
import dev.weft.api.spi.EngineContext;
import dev.weft.api.spi.ExecutionSettings;
import dev.weft.conformance.EngineRuns;
import java.nio.file.Path;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stage the driver cancels stops its Spark jobs (job group cancelled, tasks interrupted); the host stays usable. */
class TestSparkCancellation {
    @TempDir
    Path directory;

    @Test
    void cancelledStageStopsAndTheHostRunsTheNextOne() {
        ExecutionSettings settings = new ExecutionSettings(2, 64L << 20, directory, 1024);
        try (RootAllocator root = new RootAllocator(Long.MAX_VALUE)) {
            try (BufferAllocator allocator = root.newChildAllocator("engine", 0, Long.MAX_VALUE);
                 Engine engine = new SparkEngineProvider().create(new EngineContext(allocator, settings))) {
                Pipeline warmUp = Pipeline.create("warm-up");  // the host runs: the cancel reaches a running stage
                warmUp.fromCollection(List.of(1L), Long.class).collect();
                assertThat(EngineRuns.rows(engine, warmUp, allocator, settings)).hasSize(1);

                Pipeline slow = Pipeline.create("slow");
                slow.generate(200_000, 0).map(SlowIdentity::apply, Long.class).collect();
                long cancelAt = System.nanoTime() + 2_000_000_000L;
                Throwable error = catchThrowable(() -> EngineRuns.rows(engine, slow, allocator, settings, () -> System.nanoTime() > cancelAt));
                assertThat(error).isInstanceOfSatisfying(WeftException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.JOB_CANCELLED));

                Pipeline next = Pipeline.create("next");
                next.fromCollection(List.of(1L, 2L), Long.class).collect();
                assertThat(EngineRuns.rows(engine, next, allocator, settings)).hasSize(2);
            }
            assertThat(root.getAllocatedMemory()).isZero();
        }
    }

    /** 1 ms per element: 200,000 elements would take 100 s on two slots. */
    static final class SlowIdentity {
        private SlowIdentity() {}

        static Long apply(Long value) throws InterruptedException {
            Thread.sleep(1);
            return value;
        }
    }
}
