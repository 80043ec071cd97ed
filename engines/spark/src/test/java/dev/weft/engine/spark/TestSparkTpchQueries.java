package dev.weft.engine.spark;

import dev.weft.api.spi.Engine;
import dev.weft.api.spi.EngineContext;
import dev.weft.api.spi.ExecutionSettings;
import dev.weft.conformance.TpchConformanceTest;
import dev.weft.engine.java.JavaEngineProvider;
import org.apache.arrow.memory.BufferAllocator;

/** TPC-H Q1, Q3 and Q6 at SF 0.01 on Spark local[2] in a real host, against the Java engine's answers. */
class TestSparkTpchQueries extends TpchConformanceTest {
    @Override
    protected Engine createEngine(BufferAllocator allocator, ExecutionSettings settings) {
        return new SparkEngineProvider().create(new EngineContext(allocator, settings));
    }

    @Override
    protected Engine createReference(BufferAllocator allocator, ExecutionSettings settings) {
        return new JavaEngineProvider().create(new EngineContext(allocator, settings));
    }
}
