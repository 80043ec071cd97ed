package dev.weft.channels.local;

import static java.util.Objects.requireNonNull;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.spi.BatchReader;
import dev.weft.api.spi.StageInput;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/** The reading side of an in-process channel: batches come out loaded (zero copy) into the reader's allocator. */
public final class InProcessStageInput implements StageInput {
    private final String channel;
    private final Schema schema;
    private final List<RetainedPartition> partitions;
    private final BufferAllocator allocator;

    InProcessStageInput(String channel, Schema schema, List<RetainedPartition> partitions, BufferAllocator allocator) {
        this.channel = requireNonNull(channel, "channel is null");
        this.schema = requireNonNull(schema, "schema is null");
        this.partitions = List.copyOf(partitions);
        this.allocator = requireNonNull(allocator, "allocator is null");
    }

    @Override
    public Schema schema() {
        return schema;
    }

    @Override
    public int partitions() {
        return partitions.size();
    }

    @Override
    public BatchReader open(int partition) {
        if (partition < 0 || partition >= partitions.size()) {
            throw new WeftException(ErrorCode.INVALID_ARGUMENT, "partition %d of channel '%s' does not exist: give 0 <= partition < %d"
                    .formatted(partition, channel, partitions.size()));
        }
        return new Reader(partitions.get(partition));
    }

    @Override
    public String toString() {
        return "InProcessStageInput[%s, %d partitions]".formatted(channel, partitions.size());
    }

    /** One pass over one partition. */
    private final class Reader implements BatchReader {
        private final RetainedPartition partition;
        private int next;
        private boolean closed;

        Reader(RetainedPartition partition) {
            this.partition = partition;
        }

        @Override
        public VectorSchemaRoot next() {
            if (closed) {
                throw new WeftException(ErrorCode.INVALID_ARGUMENT, "the reader of %s is closed".formatted(partition.name()));
            }
            VectorSchemaRoot batch = partition.read(next, allocator);
            if (batch != null) {
                next++;
            }
            return batch;
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
