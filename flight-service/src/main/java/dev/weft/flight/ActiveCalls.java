package dev.weft.flight;

/** Counts the DoGet and DoPut calls running in the producer, so a graceful shutdown can wait for them. */
final class ActiveCalls {
    private final Object lock = new Object();
    private int running;

    /** Marks a call as running until the returned handle is closed. */
    Call enter() {
        synchronized (lock) {
            running++;
        }
        return this::exit;
    }

    int running() {
        synchronized (lock) {
            return running;
        }
    }

    /** Waits until no call runs or the deadline ({@link System#nanoTime()} based) passes; true if none runs. */
    boolean awaitIdle(long deadlineNanos) throws InterruptedException {
        synchronized (lock) {
            while (running > 0) {
                long remainingNanos = deadlineNanos - System.nanoTime();
                if (remainingNanos <= 0) {
                    return false;
                }
                long millis = Math.max(1, remainingNanos / 1_000_000);
                lock.wait(millis);
            }
            return true;
        }
    }

    private void exit() {
        synchronized (lock) {
            running--;
            lock.notifyAll();
        }
    }

    /** A running call; closing it ends it. */
    interface Call extends AutoCloseable {
        @Override
        void close();
    }
}
