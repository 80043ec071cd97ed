package dev.weft.engine.java.physical;

import static java.util.Objects.requireNonNull;

import dev.weft.api.types.ElementType;
import dev.weft.channels.Batches;
import dev.weft.channels.RowEncoder;
import dev.weft.engine.java.exec.ExecutionContext;
import dev.weft.kernels.memory.MemoryBudget;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The estimated Java-heap size of one table of groups (reduceByKey, coGroup), charged to the stage's
 * {@link MemoryBudget}: the table may grow while its estimate stays under its share and the budget grants the bytes
 * (reserved in chunks); when it cannot, the table hands its data on to spillable buckets. Not thread-safe except
 * {@link #close}.
 */
final class ObjectMemory implements AutoCloseable {
    /** The smallest share a table gets, however small the budget. */
    static final long MIN_SHARE = 64L << 10;
    private static final long CHUNK = 32L << 10;

    private final MemoryBudget budget;
    private final long share;
    private long used;
    private long reserved;

    ObjectMemory(MemoryBudget budget, long share) {
        this.budget = requireNonNull(budget, "budget is null");
        this.share = share;
    }

    /**
     * A table of one running task: the buffers between operators may hold half of the budget, the tables of the
     * {@code parallelism} tasks running at once share the other half with the kernels.
     */
    static ObjectMemory forTask(ExecutionContext context) {
        long share = Math.max(MIN_SHARE, context.memoryBudget().limit() / (2L * Math.max(1, context.parallelism())));
        return new ObjectMemory(context.memoryBudget(), share);
    }

    /** Accounts for {@code bytes} more if they fit the share and the budget; false (nothing changed) if not. */
    boolean tryGrow(long bytes) {
        if (used + bytes > share) {
            return false;
        }
        while (used + bytes > reserved) {
            long chunk = Math.max(CHUNK, used + bytes - reserved);
            if (!budget.tryReserve(chunk)) {
                return false;
            }
            reserved += chunk;
        }
        used += bytes;
        return true;
    }

    /** Accounts for {@code bytes} more without asking: lets an empty table take its first entry, so that it always progresses. */
    void grow(long bytes) {
        used += bytes;
    }

    long used() {
        return used;
    }

    long share() {
        return share;
    }

    /** The table was emptied: gives back everything it reserved. */
    synchronized void reset() {
        budget.release(reserved);
        reserved = 0;
        used = 0;
    }

    @Override
    public void close() {
        reset();
    }

    /**
     * Estimates the heap bytes of an element of one type: the Arrow size of the first {@value #SAMPLE} elements,
     * encoded once, times {@value #HEAP_FACTOR} (object headers, boxing, references) plus {@value #OBJECT_OVERHEAD}
     * bytes; {@value #DEFAULT_BYTES} bytes until the sample is complete. Thread-safe.
     */
    static final class ElementSizer implements AutoCloseable {
        static final int SAMPLE = 256;
        static final long DEFAULT_BYTES = 256;
        static final long HEAP_FACTOR = 2;
        static final long OBJECT_OVERHEAD = 32;

        private final ElementType<Object> type;
        private final BufferAllocator allocator;
        private RowEncoder<Object> encoder;
        private volatile long estimate = -1;
        private boolean closed;

        ElementSizer(ElementType<Object> type, BufferAllocator allocator) {
            this.type = requireNonNull(type, "type is null");
            this.allocator = requireNonNull(allocator, "allocator is null");
        }

        /** The estimated heap bytes of an element like this one (which may join the sample). */
        long bytesOf(Object element) {
            long known = estimate;
            if (known >= 0) {
                return known;
            }
            synchronized (this) {
                if (estimate >= 0) {
                    return estimate;
                }
                if (closed) {
                    return DEFAULT_BYTES;
                }
                if (encoder == null) {
                    encoder = RowEncoder.create(type, allocator);
                }
                encoder.append(element);
                if (encoder.rowCount() >= SAMPLE) {
                    try (VectorSchemaRoot sample = encoder.finish()) {
                        estimate = HEAP_FACTOR * Batches.sizeInBytes(sample) / sample.getRowCount() + OBJECT_OVERHEAD;
                    } finally {
                        encoder.close();
                        encoder = null;
                    }
                }
                return DEFAULT_BYTES;
            }
        }

        @Override
        public synchronized void close() {
            closed = true;
            if (encoder != null) {
                encoder.close();
                encoder = null;
            }
        }
    }
}
