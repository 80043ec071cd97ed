package dev.weft.engine.java;

import dev.weft.api.plan.SourceOperator;
import dev.weft.api.spi.Connector;
import dev.weft.api.spi.Engine;
import dev.weft.api.spi.EngineCapabilities;
import dev.weft.api.spi.EngineContext;
import dev.weft.api.spi.EngineProvider;
import dev.weft.api.spi.SourceStatistics;
import dev.weft.engine.java.connect.Connectors;
import java.util.Optional;

/** Finds the Java engine through {@link java.util.ServiceLoader}. */
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

    /** What the connector of the source's kind knows of it (topic offsets, table statistics). */
    @Override
    public Optional<SourceStatistics> statistics(SourceOperator source) {
        Optional<Connector> connector = Connectors.forOperator(source);
        return connector.isPresent() ? connector.get().statistics(source) : Optional.empty();
    }

    @Override
    public Engine create(EngineContext context) {
        return new JavaEngine(context);
    }
}
