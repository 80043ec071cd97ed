package dev.weft.engine.java.exec;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** The engine's worker threads: daemon threads named "weft-java-&lt;n&gt;". */
public final class WorkerThreads implements ThreadFactory {
    private static final ThreadLocal<Boolean> WORKER = ThreadLocal.withInitial(() -> Boolean.FALSE);

    private final AtomicInteger next = new AtomicInteger(1);

    @Override
    public Thread newThread(Runnable task) {
        Thread thread = new Thread(() -> {
            WORKER.set(Boolean.TRUE);
            task.run();
        }, "weft-java-" + next.getAndIncrement());
        thread.setDaemon(true);
        return thread;
    }

    /** Whether the current thread is a worker of some Java engine (work it starts runs inline, never waits on the pool). */
    public static boolean isWorker() {
        return WORKER.get();
    }
}
