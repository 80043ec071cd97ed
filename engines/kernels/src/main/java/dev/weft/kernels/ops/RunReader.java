package dev.weft.kernels.ops;

import static java.util.Objects.requireNonNull;

import dev.weft.channels.IpcFileChannel;
import java.nio.file.Path;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/** A sorted run (an Arrow IPC spill file) read back as a stream; each batch is handed over without a copy. */
final class RunReader implements SortedBatchStream {
    private final IpcFileChannel.Reader reader;
    private final BufferAllocator allocator;
    private boolean closed;

    RunReader(Path file, BufferAllocator allocator) {
        this.allocator = requireNonNull(allocator, "allocator is null");
        this.reader = IpcFileChannel.openReader(requireNonNull(file, "file is null"), allocator);
    }

    @Override
    public VectorSchemaRoot next() {
        if (closed) {
            throw new IllegalStateException("run reader is closed");
        }
        return reader.next() ? BatchCopies.transfer(reader.root(), allocator) : null;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            reader.close();
        }
    }
}
