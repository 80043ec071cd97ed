package dev.weft.cli;

import dev.weft.adaptive.JobHandle;
import java.time.Duration;

/** Cancels a job when the JVM is asked to stop (Ctrl-C, SIGTERM) and gives it a moment to release its resources. */
final class CancelOnShutdown implements AutoCloseable {
    private static final Duration GRACE = Duration.ofSeconds(10);

    private final Thread hook;

    private CancelOnShutdown(JobHandle job) {
        this.hook = new Thread(() -> {
            if (!job.state().isDone()) {
                job.cancel();
                try {
                    job.await(GRACE);
                } catch (RuntimeException e) {
                    // cancelled: the expected outcome
                }
            }
        }, "weft-cancel-on-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    static CancelOnShutdown install(JobHandle job) {
        return new CancelOnShutdown(job);
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down; the hook runs
        }
    }
}
