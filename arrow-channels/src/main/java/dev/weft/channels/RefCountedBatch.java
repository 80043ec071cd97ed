package dev.weft.channels;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A batch shared by reference: starts with one reference, {@link #retain()} adds one, {@link #close()} drops one and
 * closes the batch when the last one is dropped. Closing more often than retained throws: the batch is closed exactly once.
 */
public final class RefCountedBatch implements AutoCloseable {
    private final VectorSchemaRoot root;
    private final AtomicInteger references = new AtomicInteger(1);

    private RefCountedBatch(VectorSchemaRoot root) {
        this.root = root;
    }

    /** Takes ownership of the batch, with one reference held by the caller. */
    public static RefCountedBatch of(VectorSchemaRoot root) {
        return new RefCountedBatch(requireNonNull(root, "root is null"));
    }

    /** The batch; valid while the caller holds a reference. */
    public VectorSchemaRoot root() {
        if (references.get() <= 0) {
            throw new IllegalStateException("batch is already closed");
        }
        return root;
    }

    public int rowCount() {
        return root().getRowCount();
    }

    /** Adds a reference (for one more reader); returns this. */
    public RefCountedBatch retain() {
        while (true) {
            int current = references.get();
            if (current <= 0) {
                throw new IllegalStateException("cannot retain a batch that is already closed");
            }
            if (references.compareAndSet(current, current + 1)) {
                return this;
            }
        }
    }

    public int referenceCount() {
        return Math.max(0, references.get());
    }

    /** Drops a reference; the last one closes the batch. */
    @Override
    public void close() {
        while (true) {
            int current = references.get();
            if (current <= 0) {
                throw new IllegalStateException("batch closed more often than retained: it is already closed");
            }
            if (references.compareAndSet(current, current - 1)) {
                if (current == 1) {
                    root.close();
                }
                return;
            }
        }
    }
}
