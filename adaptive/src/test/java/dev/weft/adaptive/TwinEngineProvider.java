package dev.weft.adaptive;

import dev.weft.api.spi.Engine;
import dev.weft.api.spi.EngineCapabilities;
import dev.weft.api.spi.EngineContext;
import dev.weft.api.spi.EngineProvider;
import dev.weft.api.spi.Stage;
import dev.weft.api.spi.StageContext;
import dev.weft.engine.java.JavaEngine;
import dev.weft.engine.java.JavaEngineProvider;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A second engine for tests: the Java engine under the name "twin", which refuses lambdas (declarative operators only),
 * with a cost profile dearer than java's everywhere (test resource META-INF/weft/cost-profiles/twin.json), so the
 * optimizer uses it only where a pin or a lambda-free constraint sends work there.
 */
public class TwinEngineProvider implements EngineProvider {
    public static final String NAME = "twin";
    static final AtomicInteger STAGES_RUN = new AtomicInteger();

    private static final EngineCapabilities JAVA = new JavaEngineProvider().capabilities();
    static final EngineCapabilities CAPABILITIES = new EngineCapabilities(JAVA.operators(), true, false, false);

    private final String name;

    public TwinEngineProvider() {
        this(NAME);
    }

    protected TwinEngineProvider(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String artifact() {
        return "dev.weft:weft-adaptive (tests)";
    }

    @Override
    public EngineCapabilities capabilities() {
        return CAPABILITIES;
    }

    @Override
    public Engine create(EngineContext context) {
        JavaEngine delegate = new JavaEngine(context);
        return new Engine() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public EngineCapabilities capabilities() {
                return CAPABILITIES;
            }

            @Override
            public void execute(Stage stage, StageContext stageContext) {
                STAGES_RUN.incrementAndGet();
                delegate.execute(stage, stageContext);
            }

            @Override
            public void close() {
                delegate.close();
            }
        };
    }
}
