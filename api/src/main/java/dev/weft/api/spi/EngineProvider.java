package dev.weft.api.spi;

import dev.weft.api.plan.SourceOperator;
import java.util.Map;
import java.util.Optional;

/**
 * The entry point of an engine module, found with {@link java.util.ServiceLoader}: list the implementation in
 * {@code META-INF/services/dev.weft.api.spi.EngineProvider}.
 */
public interface EngineProvider {
    /** The engine's name as used in configuration and explain output: "java", "spark", ... */
    String name();

    /** The Maven artifact that holds this engine, for "engine not found" messages. */
    String artifact();

    /** What the engine can run, known without starting it (the optimizer plans with it before any engine starts). */
    EngineCapabilities capabilities();

    /**
     * The classpath resource holding the engine's default cost profile (JSON, see the optimizer's
     * {@code CostProfiles}), measured by {@code weft calibrate} on a 2-core machine.
     */
    default String costProfileResource() {
        return "META-INF/weft/cost-profiles/" + name() + ".json";
    }

    /** What the engine knows of a source's size before it runs (table statistics, topic offsets); empty if nothing. */
    default Optional<SourceStatistics> statistics(SourceOperator source) {
        return Optional.empty();
    }

    /**
     * Where the engine would run with these driver properties ({@code weft.<engine>.*}), for {@code weft engines}: "in the
     * driver JVM", "engine host (spark local[2])", "engine host at h:p". Starts nothing.
     */
    default String location(Map<String, String> properties) {
        return "in the driver JVM";
    }

    /**
     * Whether the optimizer may place any of this plan's work on the engine, given the driver properties
     * ({@code weft.<engine>.*}). An engine that needs something the plan or the configuration must provide says no
     * here instead of failing at run time: a database engine with no database to run in, say. Default: yes.
     */
    default boolean usableFor(dev.weft.api.plan.Plan plan, Map<String, String> properties) {
        return true;
    }

    Engine create(EngineContext context);
}
