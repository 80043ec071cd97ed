package dev.weft.flight.store;

import dev.weft.channels.flight.FlightStreamId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.apache.arrow.vector.types.pojo.Schema;

/** One hosted stream: its schema and partitions, created when a producer or reader first touches them. */
final class HostedStream {
    /** More partitions than this is a bad request (a partition count read off the wire must not exhaust the heap). */
    static final int MAX_PARTITIONS = 65_536;

    private final FlightStreamId id;
    private final Schema schema;
    private final int partitionCount;
    private final StoreMemory memory;
    private final AtomicReferenceArray<Partition> partitions;
    private volatile String dropReason;

    HostedStream(FlightStreamId id, Schema schema, int partitionCount, StoreMemory memory) {
        this.id = id;
        this.schema = schema;
        this.partitionCount = partitionCount;
        this.memory = memory;
        this.partitions = new AtomicReferenceArray<>(partitionCount);
    }

    FlightStreamId id() {
        return id;
    }

    Schema schema() {
        return schema;
    }

    int partitionCount() {
        return partitionCount;
    }

    String describe() {
        return describe(id);
    }

    static String describe(FlightStreamId id) {
        return "'%s/%s/%s'".formatted(id.job(), id.stage(), id.output());
    }

    /** The partition, created on first use; the caller checked the index. */
    Partition partition(int index) {
        Partition existing = partitions.get(index);
        if (existing != null) {
            return existing;
        }
        Partition created = new Partition(this, index, memory);
        if (!partitions.compareAndSet(index, null, created)) {
            return partitions.get(index);
        }
        memory.register(created);
        String reason = dropReason;
        if (reason != null) {
            // dropped while we created it: drop() may not have seen it
            created.drop(reason);
            memory.unregister(created);
        }
        return created;
    }

    StreamInfo info() {
        List<PartitionInfo> infos = new ArrayList<>(partitionCount);
        for (int i = 0; i < partitionCount; i++) {
            Partition partition = partitions.get(i);
            infos.add(partition == null ? new PartitionInfo(i, PartitionState.OPEN, 0, 0, false) : partition.info());
        }
        return new StreamInfo(id, schema, partitionCount, infos);
    }

    void drop(String reason) {
        dropReason = reason;
        for (int i = 0; i < partitionCount; i++) {
            Partition partition = partitions.get(i);
            if (partition != null) {
                partition.drop(reason);
                memory.unregister(partition);
            }
        }
    }
}
