package dev.weft.host.testing;

import dev.weft.api.plan.CallbackSink;
import dev.weft.api.plan.LogicalOperator;
import dev.weft.api.spi.EngineCapabilities;
import dev.weft.engine.java.JavaEngineProvider;
import dev.weft.host.driver.HostedEngineProvider;
import java.util.HashSet;
import java.util.Set;

/** The driver side of "java-in-host": the Java engine's capabilities, less the callback sink (it runs driver code). */
public final class JavaInHostEngineProvider extends HostedEngineProvider {
    @Override
    public String name() {
        return JavaInHostRunner.ENGINE;
    }

    @Override
    public String artifact() {
        return "dev.weft:weft-engine-host:test-jar";
    }

    @Override
    public EngineCapabilities capabilities() {
        EngineCapabilities java = new JavaEngineProvider().capabilities();
        Set<Class<? extends LogicalOperator>> operators = new HashSet<>(java.operators());
        operators.remove(CallbackSink.class);
        return new EngineCapabilities(operators, java.bounded(), java.unbounded(), java.lambdas());
    }
}
