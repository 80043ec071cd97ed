package dev.weft.engine.flink;

import dev.weft.api.spi.Engine;
import dev.weft.api.spi.EngineContext;
import dev.weft.api.spi.ExecutionSettings;
import dev.weft.conformance.TpchConformanceTest;
import dev.weft.engine.java.JavaEngineProvider;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;

/**
 * TPC-H Q1, Q3 and Q6 at SF 0.01 on Flink in a real engine host, against the Java engine's answers.
 * {@code -Dweft.flink.runtime-mode=BATCH} (passed to the test JVM) runs them with bounded stages in BATCH mode.
 */
class TestFlinkTpchQueries extends TpchConformanceTest {
    @Override
    protected Engine createEngine(BufferAllocator allocator, ExecutionSettings settings) {
        return new FlinkEngineProvider().create(new EngineContext(allocator, settings,
                Map.of("weft.flink.runtime-mode", System.getProperty("weft.flink.runtime-mode", "STREAMING"))));
    }

    @Override
    protected Engine createReference(BufferAllocator allocator, ExecutionSettings settings) {
        return new JavaEngineProvider().create(new EngineContext(allocator, settings));
    }
}
