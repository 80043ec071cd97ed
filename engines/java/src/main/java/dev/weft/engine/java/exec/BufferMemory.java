package dev.weft.engine.java.exec;

import static java.util.Objects.requireNonNull;

import dev.weft.kernels.memory.MemoryBudget;

/**
 * The part of a stage's {@link MemoryBudget} that data buffered between operators may hold. A reservation counts
 * against both this share and the stage's budget, so buffers never hold more than the share and never push the
 * kernels (aggregation, sort, join) out of the rest: a buffer that cannot reserve spills, a kernel may not be able
 * to. Thread-safe.
 */
public final class BufferMemory {
    private final MemoryBudget stage;
    private final MemoryBudget share;

    public BufferMemory(MemoryBudget stage, long limit) {
        this.stage = requireNonNull(stage, "stage is null");
        this.share = new MemoryBudget(Math.min(limit, stage.limit()));
    }

    /** Half of the stage's budget. */
    public static BufferMemory halfOf(MemoryBudget stage) {
        return new BufferMemory(stage, stage.limit() / 2);
    }

    /** Reserves the bytes if they fit both the share and the stage's budget; false (nothing reserved) if not. */
    public boolean tryReserve(long bytes) {
        if (!share.tryReserve(bytes)) {
            return false;
        }
        if (!stage.tryReserve(bytes)) {
            share.release(bytes);
            return false;
        }
        return true;
    }

    public void release(long bytes) {
        share.release(bytes);
        stage.release(bytes);
    }

    /** Bytes buffers hold now. */
    public long reserved() {
        return share.reserved();
    }

    public long limit() {
        return share.limit();
    }

    public MemoryBudget stage() {
        return stage;
    }

    @Override
    public String toString() {
        return "BufferMemory[reserved=%d, limit=%d, stage=%s]".formatted(share.reserved(), share.limit(), stage);
    }
}
