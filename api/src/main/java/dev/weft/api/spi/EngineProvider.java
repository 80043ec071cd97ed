package dev.weft.api.spi;

/**
 * The entry point of an engine module, found with {@link java.util.ServiceLoader}: list the implementation in
 * {@code META-INF/services/dev.weft.api.spi.EngineProvider}.
 */
public interface EngineProvider {
    /** The engine's name as used in configuration and explain output: "java", "spark", ... */
    String name();

    /** The Maven artifact that holds this engine, for "engine not found" messages. */
    String artifact();

    Engine create(EngineContext context);
}
