package dev.weft.flight.store;

import static java.util.Objects.requireNonNull;

import java.util.function.BooleanSupplier;
import org.apache.arrow.memory.OutOfMemoryException;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Schema;

/** Appends a producer's batches to one partition, copying them into exactly sized memory charged to the budget. */
final class StoredPartitionWriter implements PartitionWriter {
    private final Partition partition;
    private final StoreMemory memory;
    private boolean completed;
    private boolean closed;

    StoredPartitionWriter(Partition partition, StoreMemory memory) {
        this.partition = partition;
        this.memory = memory;
    }

    @Override
    public void append(VectorSchemaRoot batch, BooleanSupplier cancelled) {
        requireNonNull(batch, "batch is null");
        requireNonNull(cancelled, "cancelled is null");
        checkUsable();
        Schema schema = partition.stream().schema();
        if (!batch.getSchema().getFields().equals(schema.getFields())) {
            throw new StoreException(StoreException.Kind.INVALID_ARGUMENT,
                    "a batch with schema %s was written to %s, whose schema is %s: write batches of the schema the partition was opened with"
                            .formatted(batch.getSchema(), partition.describe(), schema));
        }
        partition.checkAppendable();
        try (ArrowRecordBatch unloaded = new VectorUnloader(batch).getRecordBatch()) {
            long bytes = StoredBatch.bodyBytes(unloaded);
            memory.reserve(partition, bytes, cancelled);
            StoredBatch stored;
            try {
                stored = StoredBatch.copyOf(unloaded, memory.allocator());
            } catch (OutOfMemoryException e) {
                memory.ledger().release(bytes);
                throw new StoreException(StoreException.Kind.RESOURCE_EXHAUSTED,
                        "cannot allocate %d bytes for a batch of %s: %s; raise the Flight server's memory (-Xmx/--memory) or lower the store budget"
                                .formatted(bytes, partition.describe(), e.getMessage()), e);
            } catch (RuntimeException | Error e) {
                memory.ledger().release(bytes);
                throw e;
            }
            try {
                partition.add(stored);
            } catch (RuntimeException e) {
                stored.close();
                memory.ledger().release(bytes);
                throw e;
            }
        }
    }

    @Override
    public void complete() {
        checkUsable();
        partition.complete();
        completed = true;
    }

    @Override
    public void fail(String reason) {
        requireNonNull(reason, "reason is null");
        if (completed) {
            return;
        }
        closed = true;
        partition.fail(reason);
    }

    @Override
    public void close() {
        if (!completed && !closed) {
            fail("the producer went away before completing it");
        }
        closed = true;
    }

    private void checkUsable() {
        if (completed) {
            throw new StoreException(StoreException.Kind.INVALID_ARGUMENT,
                    "the writer of %s already completed it: nothing more can be written".formatted(partition.describe()));
        }
        if (closed) {
            throw new StoreException(StoreException.Kind.INVALID_ARGUMENT,
                    "the writer of %s is closed or failed: open a new stream to write again".formatted(partition.describe()));
        }
    }
}
