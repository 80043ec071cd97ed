package dev.weft.flight.store;

import static java.util.Objects.requireNonNull;

import java.util.function.BooleanSupplier;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Schema;

/** Reads one partition from its first batch, from memory or the spill file, waiting for batches not written yet. */
final class StoredPartitionReader implements PartitionReader {
    private final Partition partition;
    private final ReadCursor cursor;

    StoredPartitionReader(Partition partition, ReadCursor cursor) {
        this.partition = partition;
        this.cursor = cursor;
    }

    @Override
    public ArrowRecordBatch next(BooleanSupplier cancelled) {
        requireNonNull(cancelled, "cancelled is null");
        return partition.next(cursor, cancelled);
    }

    @Override
    public Schema schema() {
        return partition.stream().schema();
    }

    @Override
    public void close() {
        partition.detach(cursor);
    }
}
