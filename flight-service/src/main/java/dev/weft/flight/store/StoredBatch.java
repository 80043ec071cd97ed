package dev.weft.flight.store;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.message.ArrowBuffer;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;

/**
 * One batch held in memory: its buffers are slices of one off-heap block of exactly the batch's body size (buffers
 * 8-byte aligned, as in the Arrow IPC format), so the store holds what it charges and nothing more.
 */
final class StoredBatch implements AutoCloseable {
    private final ArrowRecordBatch batch;
    private final long bytes;

    private StoredBatch(ArrowRecordBatch batch, long bytes) {
        this.batch = batch;
        this.bytes = bytes;
    }

    /** Body bytes of the batch once copied: buffers 8-byte aligned, one after the other. */
    static long bodyBytes(ArrowRecordBatch source) {
        long end = 0;
        for (ArrowBuffer layout : source.getBuffersLayout()) {
            end = Math.max(end, layout.getOffset() + layout.getSize());
        }
        return align(end);
    }

    /** Copies the batch's buffers into one exactly sized block (caller closes the result; the source stays the caller's). */
    static StoredBatch copyOf(ArrowRecordBatch source, BufferAllocator allocator) {
        long bytes = bodyBytes(source);
        List<ArrowBuf> buffers = source.getBuffers();
        List<ArrowBuffer> layouts = source.getBuffersLayout();
        ArrowBuf body = ExactMemory.allocate(allocator, bytes);
        try {
            long written = 0;
            List<ArrowBuf> slices = new ArrayList<>(buffers.size());
            for (int i = 0; i < buffers.size(); i++) {
                ArrowBuffer layout = layouts.get(i);
                if (layout.getOffset() > written) {
                    body.setZero(written, layout.getOffset() - written);
                }
                ArrowBuf buffer = buffers.get(i);
                // an empty list vector reports a 4-byte offset buffer ((0 + 1) offsets) over no memory at all: copy
                // what is there, the rest is zero (offset 0 is what such a buffer means)
                long available = Math.max(0, Math.min(layout.getSize(), buffer.capacity() - buffer.readerIndex()));
                if (available > 0) {
                    body.setBytes(layout.getOffset(), buffer, buffer.readerIndex(), available);
                }
                if (available < layout.getSize()) {
                    body.setZero(layout.getOffset() + available, layout.getSize() - available);
                }
                slices.add(body.slice(layout.getOffset(), layout.getSize()));
                written = Math.max(written, layout.getOffset() + layout.getSize());
            }
            if (bytes > written) {
                body.setZero(written, bytes - written);
            }
            ArrowRecordBatch copy = new ArrowRecordBatch(source.getLength(), source.getNodes(), slices,
                    source.getBodyCompression(), source.getVariadicBufferCounts(), true);
            return new StoredBatch(copy, bytes);
        } finally {
            body.close();
        }
    }

    /** Body bytes held. */
    long bytes() {
        return bytes;
    }

    int rows() {
        return batch.getLength();
    }

    /** The stored batch itself (still owned by this object): for writing to a spill file. */
    ArrowRecordBatch batch() {
        return batch;
    }

    /** A new batch over the same memory (retained references): the caller closes it. */
    ArrowRecordBatch share() {
        return new ArrowRecordBatch(batch.getLength(), batch.getNodes(), batch.getBuffers(), batch.getBodyCompression(),
                batch.getVariadicBufferCounts(), true);
    }

    @Override
    public void close() {
        batch.close();
    }

    static long align(long bytes) {
        return (bytes + 7) & ~7L;
    }
}
