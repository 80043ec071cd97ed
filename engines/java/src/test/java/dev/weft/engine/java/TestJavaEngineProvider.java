package dev.weft.engine.java;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.api.plan.AggregateOperator;
import dev.weft.api.plan.LogicalOperator;
import dev.weft.api.spi.Engine;
import dev.weft.api.spi.EngineContext;
import dev.weft.api.spi.EngineProvider;
import dev.weft.api.spi.ExecutionSettings;
import java.nio.file.Path;
import java.util.ServiceLoader;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestJavaEngineProvider {
    @TempDir
    Path temp;

    @Test
    void foundThroughTheServiceLoader() {
        EngineProvider provider = ServiceLoader.load(EngineProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals("java"))
                .findFirst()
                .orElseThrow();

        assertThat(provider.artifact()).isEqualTo("dev.weft:weft-engine-java");
        try (RootAllocator allocator = new RootAllocator();
             Engine engine = provider.create(new EngineContext(allocator, new ExecutionSettings(2, 1L << 20, temp, 16)))) {
            assertThat(engine.name()).isEqualTo("java");
            assertThat(engine.capabilities().bounded()).isTrue();
            assertThat(engine.capabilities().unbounded()).as("unbounded when a connector is on the classpath (the test connector is)").isTrue();
            assertThat(engine.capabilities().lambdas()).isTrue();
        }
    }

    private static final java.util.Set<Class<?>> CONNECTOR_KINDS = java.util.Set.of(dev.weft.api.plan.KafkaSource.class,
            dev.weft.api.plan.KafkaSink.class, dev.weft.api.plan.JdbcSource.class, dev.weft.api.plan.JdbcSink.class);

    @Test
    void declaresEveryOperatorKindButConnectorOnes() {
        try (RootAllocator allocator = new RootAllocator();
             Engine engine = new JavaEngine(new EngineContext(allocator, new ExecutionSettings(1, 1L << 20, temp, 16)))) {
            for (Class<?> kind : LogicalOperator.class.getPermittedSubclasses()) {
                if (kind.isInterface()) {
                    for (Class<?> sub : kind.getPermittedSubclasses()) {
                        if (CONNECTOR_KINDS.contains(sub)) {
                            continue; // read and written through a connector, when one is on the classpath
                        }
                        assertThat(engine.capabilities().operators()).as(sub.getSimpleName()).contains(sub.asSubclass(LogicalOperator.class));
                    }
                } else {
                    assertThat(engine.capabilities().operators()).as(kind.getSimpleName()).contains(kind.asSubclass(LogicalOperator.class));
                }
            }
            assertThat(engine.capabilities().operators()).contains(AggregateOperator.class);
        }
    }
}
