package dev.weft.flight.store;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The store's memory budget: bytes reserved by writers (copies under way plus stored batches held in memory), and a
 * place where blocked writers wait for something to change (memory released, a reader advanced, a partition completed).
 * Its lock is a leaf: it is never held while taking another lock.
 */
final class MemoryLedger {
    private final long budget;
    private final AtomicLong used = new AtomicLong();
    /** Counts reader and memory events (a reader advanced or left, memory was released, a partition completed). */
    private final AtomicLong progress = new AtomicLong();
    /** Counts every change that may make something spillable (progress, and batches added): when to look again. */
    private final AtomicLong version = new AtomicLong();
    private final AtomicInteger waiters = new AtomicInteger();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();

    MemoryLedger(long budget) {
        this.budget = budget;
    }

    long budget() {
        return budget;
    }

    long used() {
        return used.get();
    }

    long progress() {
        return progress.get();
    }

    long version() {
        return version.get();
    }

    int waiters() {
        return waiters.get();
    }

    /** Reserves the bytes if they fit in the budget. */
    boolean tryReserve(long bytes) {
        while (true) {
            long current = used.get();
            if (current + bytes > budget) {
                return false;
            }
            if (used.compareAndSet(current, current + bytes)) {
                return true;
            }
        }
    }

    /** Reserves the bytes even beyond the budget (one batch larger than the whole budget, with nothing else held). */
    void forceReserve(long bytes) {
        used.addAndGet(bytes);
    }

    void release(long bytes) {
        if (bytes == 0) {
            return;
        }
        long now = used.addAndGet(-bytes);
        if (now < 0) {
            throw new IllegalStateException("memory ledger released %d bytes more than it reserved".formatted(-now));
        }
        changed();
    }

    /** A reader advanced or left, memory was released, a partition completed: wakes the waiters. */
    void changed() {
        progress.incrementAndGet();
        added();
    }

    /** A batch was added (it may be spillable, e.g. in a partition nobody reads): wakes the waiters. */
    void added() {
        version.incrementAndGet();
        if (waiters.get() > 0) {
            lock.lock();
            try {
                this.changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /** Waits until {@link #changed()} or the timeout; a missed signal costs at most the timeout. */
    void awaitChange(long timeout, TimeUnit unit) throws InterruptedException {
        waiters.incrementAndGet();
        lock.lock();
        try {
            changed.await(timeout, unit);
        } finally {
            lock.unlock();
            waiters.decrementAndGet();
        }
    }
}
