package dev.weft.engine.flink;

import dev.weft.api.spi.EngineProvider;
import dev.weft.conformance.EngineConformanceTest;

/** The conformance suite on Flink through a real engine host JVM (one MiniCluster per class), every pipeline as one stage. */
class TestFlinkEngineConformance extends EngineConformanceTest {
    @Override
    protected EngineProvider provider() {
        return new FlinkEngineProvider();
    }
}
