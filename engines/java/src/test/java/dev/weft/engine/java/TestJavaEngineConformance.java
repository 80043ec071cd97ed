package dev.weft.engine.java;

import dev.weft.api.spi.EngineProvider;
import dev.weft.api.spi.ExecutionSettings;
import dev.weft.conformance.EngineConformanceTest;
import java.nio.file.Path;
import org.junit.jupiter.api.Nested;

/**
 * The Java engine against the conformance suite: parallelism 2 with a 64 MiB budget, and (nested) parallelism 4,
 * batches of 1000 rows and a 2 MiB budget, small enough that aggregations, sorts and joins of the large inputs spill;
 * and (nested) every pipeline cut into stages before each exchange, every hand-off and every collected batch going
 * through a real Arrow Flight server over loopback.
 */
class TestJavaEngineConformance extends EngineConformanceTest {
    @Override
    protected EngineProvider provider() {
        return new JavaEngineProvider();
    }

    @Override
    protected ExecutionSettings settings(Path spillDirectory) {
        return new ExecutionSettings(2, 64L << 20, spillDirectory, 4096);
    }

    @Nested
    class ManyPartitionsTinyBudget extends EngineConformanceTest {
        @Override
        protected EngineProvider provider() {
            return new JavaEngineProvider();
        }

        @Override
        protected ExecutionSettings settings(Path spillDirectory) {
            return new ExecutionSettings(4, 2L << 20, spillDirectory, 1_000);
        }
    }

    @Nested
    class HandOffsThroughFlight extends EngineConformanceTest {
        @Override
        protected EngineProvider provider() {
            return new JavaEngineProvider();
        }

        @Override
        protected ExecutionSettings settings(Path spillDirectory) {
            return new ExecutionSettings(3, 16L << 20, spillDirectory, 2_000);
        }

        @Override
        protected boolean handOffsThroughFlight() {
            return true;
        }
    }
}
