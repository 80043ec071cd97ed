package dev.weft.api.spi;

/**
 * An execution engine. It declares what it can run and runs stages: connected groups of operators that end in
 * sinks. {@link #close} releases every thread and buffer it holds.
 */
public interface Engine extends AutoCloseable {
    String name();

    EngineCapabilities capabilities();

    /**
     * Runs a stage to completion on the calling thread's behalf (the engine may use its own threads). Returns
     * normally when every sink has received everything; throws {@link dev.weft.api.WeftException} otherwise, after
     * releasing what the stage allocated. Stops early, with JOB_CANCELLED, when the context is cancelled.
     */
    void execute(Stage stage, StageContext context);

    /**
     * Whether a stage starts without paying the engine's start-up: true for an in-driver engine once created, true for an
     * engine host only while its process runs.
     */
    default boolean warm() {
        return true;
    }

    @Override
    void close();
}
