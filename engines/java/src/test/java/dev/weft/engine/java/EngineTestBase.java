package dev.weft.engine.java;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.api.Collected;
import dev.weft.api.Pipeline;
import dev.weft.api.plan.Plan;
import dev.weft.api.spi.EngineContext;
import dev.weft.api.spi.ExecutionSettings;
import dev.weft.api.spi.Stage;
import java.nio.file.Path;
import java.util.List;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs plans on a {@link JavaEngine} (parallelism 3, small batches so that every operator sees many of them) with a
 * leak-checked allocator: a test fails if anything is left allocated after the engine and the collected batches
 * are closed.
 */
abstract class EngineTestBase {
    @TempDir
    Path temp;

    RootAllocator allocator;
    JavaEngine engine;
    TestStageContext context;

    ExecutionSettings settings() {
        return new ExecutionSettings(3, 64L << 20, temp.resolve("spill"), 7);
    }

    @BeforeEach
    void startEngine() {
        allocator = new RootAllocator();
        ExecutionSettings settings = settings();
        engine = new JavaEngine(new EngineContext(allocator, settings));
        context = new TestStageContext(allocator, settings);
    }

    @AfterEach
    void checkNoLeak() {
        context.close();
        engine.close();
        assertThat(allocator.getAllocatedMemory()).as("bytes left allocated after the test").isZero();
        allocator.close();
    }

    /** Runs every sink of the pipeline as one stage. */
    void run(Pipeline pipeline) {
        Plan plan = pipeline.plan();
        engine.execute(new Stage("test-stage", plan.sinks()), context);
    }

    /** Runs the pipeline and returns what the collect sink received. */
    <T> List<T> collect(Pipeline pipeline, Collected<T> collected) {
        run(pipeline);
        return context.elements(collected.sink(), collected.elementType());
    }
}
