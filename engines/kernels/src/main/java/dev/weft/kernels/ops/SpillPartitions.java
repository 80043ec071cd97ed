package dev.weft.kernels.ops;

import dev.weft.channels.IpcFileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/** One Arrow IPC spill file per hash partition, opened on the first batch written to it. */
final class SpillPartitions implements AutoCloseable {
    private final SpillFiles files;
    private final Schema schema;
    private final BufferAllocator allocator;
    private final IpcFileChannel.Writer[] writers = new IpcFileChannel.Writer[Hashing.PARTITIONS];
    private final Path[] paths = new Path[Hashing.PARTITIONS];
    private long bytesWritten;

    SpillPartitions(SpillFiles files, Schema schema, BufferAllocator allocator) {
        this.files = files;
        this.schema = schema;
        this.allocator = allocator;
    }

    void write(int partition, VectorSchemaRoot batch) {
        if (writers[partition] == null) {
            paths[partition] = files.create();
            writers[partition] = IpcFileChannel.openWriter(paths[partition], schema, allocator);
        }
        writers[partition].write(batch);
    }

    /** Closes the files and returns those that got rows, in partition order. */
    List<Path> finish() {
        List<Path> written = new ArrayList<>();
        for (int p = 0; p < writers.length; p++) {
            if (writers[p] != null) {
                writers[p].close();
                bytesWritten += writers[p].bytesWritten();
                writers[p] = null;
                written.add(paths[p]);
            }
        }
        return written;
    }

    long bytesWritten() {
        return bytesWritten;
    }

    @Override
    public void close() {
        RuntimeException failure = null;
        for (int p = 0; p < writers.length; p++) {
            if (writers[p] != null) {
                try {
                    writers[p].close();
                } catch (RuntimeException e) {
                    if (failure == null) {
                        failure = e;
                    } else {
                        failure.addSuppressed(e);
                    }
                }
                writers[p] = null;
            }
        }
        Arrays.fill(paths, null);
        if (failure != null) {
            throw failure;
        }
    }
}
