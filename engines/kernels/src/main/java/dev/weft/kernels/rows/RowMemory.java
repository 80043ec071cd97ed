package dev.weft.kernels.rows;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/** The JVM-wide allocator of row-level work that is given none: batches built here are closed before a call returns. */
final class RowMemory {
    private static final class Holder {
        static final BufferAllocator ROOT = new RootAllocator(Long.MAX_VALUE);
    }

    private RowMemory() {}

    static BufferAllocator allocator() {
        return Holder.ROOT;
    }
}
