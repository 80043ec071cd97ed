package dev.weft.engine.flink;

import dev.weft.api.spi.EngineProvider;
import dev.weft.conformance.EngineConformanceTest;

/**
 * The conformance suite on Flink with every hand-off on the driver's Flight server: the task managers read stage
 * inputs from it and write stage outputs to it directly; collected rows come back through the host's own server.
 */
class TestFlinkEngineConformanceThroughFlight extends EngineConformanceTest {
    @Override
    protected EngineProvider provider() {
        return new FlinkEngineProvider();
    }

    @Override
    protected boolean handOffsThroughFlight() {
        return true;
    }
}
