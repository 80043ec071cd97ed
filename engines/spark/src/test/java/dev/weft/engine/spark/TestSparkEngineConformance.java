package dev.weft.engine.spark;

import dev.weft.api.spi.EngineProvider;
import dev.weft.conformance.EngineConformanceTest;

/** The conformance suite on Spark local[2] in a real engine host process (one host for the class, kept warm). */
class TestSparkEngineConformance extends EngineConformanceTest {
    @Override
    protected EngineProvider provider() {
        return new SparkEngineProvider();
    }
}
