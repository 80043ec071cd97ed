package dev.weft.kernels.memory;

import static java.util.Objects.requireNonNull;

/**
 * The part of a {@link MemoryBudget} one operator holds: grown and shrunk to the operator's current footprint,
 * released entirely on close. Not thread-safe (one owner).
 */
public final class MemoryReservation implements AutoCloseable {
    private final MemoryBudget budget;
    private long bytes;

    public MemoryReservation(MemoryBudget budget) {
        this.budget = requireNonNull(budget, "budget is null");
    }

    /** Sets the reservation to {@code target} bytes; false (reservation unchanged) if growing does not fit the budget. */
    public boolean tryResize(long target) {
        if (target < 0) {
            throw new IllegalArgumentException("reservation must be >= 0 bytes, got " + target);
        }
        if (target > bytes) {
            if (!budget.tryReserve(target - bytes)) {
                return false;
            }
        } else if (target < bytes) {
            budget.release(bytes - target);
        }
        bytes = target;
        return true;
    }

    public long bytes() {
        return bytes;
    }

    public MemoryBudget budget() {
        return budget;
    }

    @Override
    public void close() {
        if (bytes > 0) {
            budget.release(bytes);
            bytes = 0;
        }
    }
}
