package dev.weft.engine.spark;

import dev.weft.api.spi.EngineProvider;
import dev.weft.conformance.EngineConformanceTest;

/**
 * The conformance suite cut into stages before every exchange: Spark executors read stage inputs from the test's
 * Flight server and write stage outputs to it; collected rows come back through the host's own server.
 */
class TestSparkEngineConformanceThroughFlight extends EngineConformanceTest {
    @Override
    protected EngineProvider provider() {
        return new SparkEngineProvider();
    }

    @Override
    protected boolean handOffsThroughFlight() {
        return true;
    }
}
