package dev.weft.kernels.memory;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A byte budget for operator state, shared by the operators of one task (thread-safe). Operators reserve before they
 * grow and release when they free; an operator that cannot reserve spills to disk or fails with
 * {@code EXCEEDED_MEMORY_LIMIT}. The budget is a number, not an allocator: it covers Arrow buffers and an estimate of
 * Java-heap state such as hash tables.
 */
public final class MemoryBudget {
    /** The setting that sizes the budget, named in errors that ask the user to raise it. */
    public static final String SETTING = "weft.memory.budget";

    private final long limit;
    private final AtomicLong reserved = new AtomicLong();

    public MemoryBudget(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("memory budget must be >= 0 bytes, got " + bytes);
        }
        this.limit = bytes;
    }

    /** Reserves the bytes if they fit under the limit; false (and nothing reserved) if not. */
    public boolean tryReserve(long bytes) {
        checkNotNegative(bytes);
        while (true) {
            long current = reserved.get();
            long next = current + bytes;
            if (next > limit || next < 0) {
                return false;
            }
            if (reserved.compareAndSet(current, next)) {
                return true;
            }
        }
    }

    /** Gives back bytes reserved earlier. */
    public void release(long bytes) {
        checkNotNegative(bytes);
        long after = reserved.addAndGet(-bytes);
        if (after < 0) {
            reserved.addAndGet(bytes);
            throw new IllegalStateException("released %d bytes but only %d were reserved".formatted(bytes, after + bytes));
        }
    }

    public long reserved() {
        return reserved.get();
    }

    public long limit() {
        return limit;
    }

    public long available() {
        return Math.max(0, limit - reserved.get());
    }

    @Override
    public String toString() {
        return "MemoryBudget[reserved=%d, limit=%d]".formatted(reserved.get(), limit);
    }

    private static void checkNotNegative(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must be >= 0, got " + bytes);
        }
    }
}
