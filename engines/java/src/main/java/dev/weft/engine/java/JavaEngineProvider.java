package dev.weft.engine.java;

import dev.weft.api.spi.Engine;
import dev.weft.api.spi.EngineCapabilities;
import dev.weft.api.spi.EngineContext;
import dev.weft.api.spi.EngineProvider;

/**
 * Finds the Java engine through {@link java.util.ServiceLoader}. Connector sources (Kafka, JDBC through the connector)
 * get their statistics from the driver, which asks the connectors itself: asking here too contacted the broker twice.
 */
public final class JavaEngineProvider implements EngineProvider {
    public static final String ARTIFACT = "dev.weft:weft-engine-java";

    @Override
    public String name() {
        return JavaEngine.NAME;
    }

    @Override
    public String artifact() {
        return ARTIFACT;
    }

    @Override
    public EngineCapabilities capabilities() {
        return JavaEngine.CAPABILITIES;
    }

    @Override
    public Engine create(EngineContext context) {
        return new JavaEngine(context);
    }
}
