package dev.weft.engine.spark;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.host.spi.HostSettings;
import dev.weft.host.spi.HostStage;
import dev.weft.host.spi.HostStageRunner;
import java.util.Objects;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs stages on Spark inside the engine host: one SparkContext per host JVM (local[N] or a standalone master), one
 * Spark job group per stage (so a stage can be cancelled), the stage translated by {@link StageTranslator}.
 *
 * <p>A standalone master is checked before the SparkContext starts (a TCP connect, 5 s) and the host waits at most
 * {@code weft.spark.executor.wait} (default 60 s) for a first executor, so a master without workers is an error, not a
 * stage that waits for resources forever.
 */
public final class SparkStageRunner implements HostStageRunner {
    public static final String ENGINE = "spark";
    static final String EXECUTOR_WAIT = "weft.spark.executor.wait";
    private static final Logger log = LoggerFactory.getLogger(SparkStageRunner.class);

    private volatile JavaSparkContext spark;
    private volatile SparkMaster master;
    private ClassLoader userClassLoader;

    @Override
    public String engine() {
        return ENGINE;
    }

    @Override
    public synchronized void start(HostSettings settings) {
        Objects.requireNonNull(settings, "settings is null");
        if (spark != null) {
            throw new IllegalStateException("the Spark runner was started already (on %s)".formatted(master));
        }
        SparkMaster parsed = SparkMaster.parse(settings.property(SparkMaster.PROPERTY), settings.execution().parallelism());
        parsed.checkReachable(5_000);
        SparkConf conf = SparkConfs.create(parsed, settings);
        userClassLoader = settings.userClassLoader();
        long started = System.nanoTime();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(userClassLoader);  // local executors load user classes through it
        try {
            spark = new JavaSparkContext(conf);
        } catch (Exception e) {  // SparkException is checked, thrown undeclared
            throw new WeftException(ErrorCode.INVALID_CONFIGURATION,
                    "Spark did not start on %s: %s; check %s and the host log".formatted(parsed, e.getMessage(), SparkMaster.PROPERTY), e);
        } finally {
            thread.setContextClassLoader(previous);
        }
        master = parsed;
        if (!parsed.local()) {
            awaitExecutor(parsed, Long.parseLong(settings.property(EXECUTOR_WAIT).orElse("60")) * 1000);
        }
        log.info("Spark {} ready in {} ms", parsed, (System.nanoTime() - started) / 1_000_000);
    }

    @Override
    public void run(HostStage stage) {
        JavaSparkContext context = spark;
        if (context == null) {
            throw new IllegalStateException("the Spark runner is not started");
        }
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(userClassLoader);
        context.setJobGroup(stage.key(), "weft stage " + stage.key(), true);
        StageTranslator translator = new StageTranslator(context, stage);
        try {
            translator.run();
        } catch (Exception | Error e) {  // Scala code throws SparkException (checked) without declaring it
            WeftException error = SparkFailures.toWeft(e, stage.key(), stage.isCancelled());
            log.warn("Stage {} failed: {}", stage.key(), error.toString(), e);
            throw error;
        } finally {
            try {
                translator.reportMetrics();
                translator.release();
            } finally {
                context.clearJobGroup();
                thread.setContextClassLoader(previous);
            }
        }
    }

    @Override
    public void cancel(String stageKey) {
        JavaSparkContext context = spark;
        if (context != null) {
            context.cancelJobGroup(stageKey);
        }
    }

    /** A jar the driver sent after the start: executors fetch it from the host before their next task (spark.jars at start). */
    @Override
    public void addJar(java.nio.file.Path jar) {
        JavaSparkContext context = spark;
        if (context != null) {
            context.addJar(jar.toAbsolutePath().toString());
        }
    }

    @Override
    public String describe() {
        SparkMaster current = master;
        return current == null ? "spark (not started)" : current.local() ? "spark " + current : current.url();
    }

    @Override
    public synchronized void close() {
        if (spark != null) {
            spark.stop();
            spark = null;
        }
    }

    /** Waits until a worker gave the application an executor (the driver counts as one). */
    private void awaitExecutor(SparkMaster parsed, long waitMillis) {
        long deadline = System.currentTimeMillis() + waitMillis;
        while (spark.sc().statusTracker().getExecutorInfos().length < 2) {
            if (spark.sc().isStopped()) {
                close();
                throw new WeftException(ErrorCode.INVALID_CONFIGURATION,
                        "the Spark master %s did not accept the application (is it a Spark standalone master?); see the host log".formatted(parsed));
            }
            if (System.currentTimeMillis() > deadline) {
                close();
                throw new WeftException(ErrorCode.INVALID_CONFIGURATION,
                        ("no Spark worker gave an executor within %d s on %s: start a worker (sbin/start-worker.sh %s) with enough free "
                                + "cores and memory (weft.spark.executor.memory), or raise %s").formatted(waitMillis / 1000, parsed, parsed, EXECUTOR_WAIT));
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new WeftException(ErrorCode.JOB_CANCELLED, "interrupted while waiting for Spark executors on " + parsed, e);
            }
        }
    }
}
