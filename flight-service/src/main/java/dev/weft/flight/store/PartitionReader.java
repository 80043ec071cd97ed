package dev.weft.flight.store;

import java.util.function.BooleanSupplier;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Schema;

/** The consumer side of one partition, from its first batch; used by one thread at a time. */
public interface PartitionReader extends AutoCloseable {
    /**
     * The next batch (caller closes it; its buffers are retained references to stored memory or freshly read from the
     * spill file), waiting while the partition is OPEN and has no more yet (checking {@code cancelled} every few ms:
     * {@link StoreException.Kind#CANCELLED}); null at the end of a COMPLETE partition;
     * {@link StoreException.Kind#FAILED} if the producer failed.
     */
    ArrowRecordBatch next(BooleanSupplier cancelled);

    Schema schema();

    @Override
    void close();
}
