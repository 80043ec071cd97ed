package dev.weft.host.spi;

/**
 * Runs stages of one engine inside an engine host JVM. Found with {@link java.util.ServiceLoader} in the host (list the
 * implementation in {@code META-INF/services/dev.weft.host.spi.HostStageRunner}); the host picks the one whose
 * {@link #engine()} is the {@code --engine} it was started with. One instance per host JVM: {@link #start} once, then
 * {@link #run} for each stage (possibly several at once from different threads), {@link #close} at the end.
 */
public interface HostStageRunner extends AutoCloseable {
    /** The engine's name: "spark", "flink". */
    String engine();

    /** Once per host JVM, before any stage: starts the SparkContext / Flink environment. */
    void start(HostSettings settings);

    /** Runs one stage to completion; throws WeftException on failure (after releasing what the stage allocated). */
    void run(HostStage stage);

    /** Asks the stage to stop, best effort, from another thread; {@link HostStage#isCancelled()} is already true. */
    void cancel(String stageKey);

    /**
     * A jar the driver uploaded (add-jar) after the runner started; the host's user class loader already has it. An
     * engine whose workers run in other JVMs ships it to them here (Spark: {@code SparkContext.addJar}). Default: nothing.
     */
    default void addJar(java.nio.file.Path jar) {}

    /** Where stages run: "spark local[2]", "spark://h:p", "flink MiniCluster", "flink remote h:p". */
    String describe();

    @Override
    void close();
}
