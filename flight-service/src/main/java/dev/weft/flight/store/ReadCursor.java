package dev.weft.flight.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where one reader is in a partition: the index of the next batch (kept across spills), and the channel it reads the
 * partition's spill file with. {@code position} and {@code closed} are guarded by the partition's lock; the channel is
 * used by the reading thread only.
 */
final class ReadCursor {
    private static final Logger LOG = LoggerFactory.getLogger(ReadCursor.class);

    int position;
    boolean closed;
    private FileChannel channel;
    private Path channelPath;

    synchronized ArrowRecordBatch readSpilled(Path file, ArrowBlock block, BufferAllocator allocator) throws IOException {
        if (channel == null || !file.equals(channelPath)) {
            closeChannel();
            channel = SpillFile.openForReading(file);
            channelPath = file;
        }
        return SpillFile.read(channel, block, allocator);
    }

    synchronized void closeChannel() {
        FileChannel open = channel;
        channel = null;
        channelPath = null;
        if (open != null) {
            try {
                open.close();
            } catch (IOException e) {
                LOG.debug("closing a spill file reader failed: {}", e.toString());
            }
        }
    }
}
