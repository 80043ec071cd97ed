package dev.weft.flight.store;

import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.ForeignAllocation;
import org.apache.arrow.memory.util.MemoryUtil;

/**
 * Off-heap buffers of exactly the requested size, charged to an allocator for exactly that size. An allocator's
 * {@code buffer(n)} applies its rounding policy (Arrow's default rounds everything below 16 MiB up to a power of two,
 * so a 520 KiB batch body costs 1 MiB); here the memory comes from {@code malloc} and is handed to the allocator as a
 * foreign allocation, which the allocator charges and frees (when the last reference is released) without rounding.
 */
final class ExactMemory {
    private ExactMemory() {}

    /** A buffer of exactly {@code bytes} bytes (uninitialized), owned by the caller, charged to the allocator. */
    static ArrowBuf allocate(BufferAllocator allocator, long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("cannot allocate %d bytes".formatted(bytes));
        }
        if (bytes == 0) {
            return allocator.getEmpty();
        }
        Allocation allocation = new Allocation(bytes, MemoryUtil.allocateMemory(bytes));
        try {
            return allocator.wrapForeignAllocation(allocation);
        } catch (RuntimeException | Error e) {
            allocation.free();
            throw e;
        }
    }

    private static final class Allocation extends ForeignAllocation {
        private final AtomicBoolean freed = new AtomicBoolean();

        Allocation(long size, long address) {
            super(size, address);
        }

        @Override
        protected void release0() {
            free();
        }

        /** Idempotent: the allocator frees on its own failure paths, and so do we. */
        void free() {
            if (freed.compareAndSet(false, true)) {
                MemoryUtil.freeMemory(memoryAddress());
            }
        }
    }
}
