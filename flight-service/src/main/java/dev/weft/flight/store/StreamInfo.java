package dev.weft.flight.store;

import static java.util.Objects.requireNonNull;

import dev.weft.channels.flight.FlightStreamId;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Schema;

/** What the store holds of one stream: its schema and each of its partitions, in partition order. */
public record StreamInfo(FlightStreamId id, Schema schema, int partitionCount, List<PartitionInfo> partitions) {
    public StreamInfo {
        requireNonNull(id, "id is null");
        requireNonNull(schema, "schema is null");
        partitions = List.copyOf(requireNonNull(partitions, "partitions is null"));
    }

    /** True when every partition is COMPLETE. */
    public boolean complete() {
        return partitions.stream().allMatch(partition -> partition.state() == PartitionState.COMPLETE);
    }

    public long rows() {
        return partitions.stream().mapToLong(PartitionInfo::rows).sum();
    }

    public long bytes() {
        return partitions.stream().mapToLong(PartitionInfo::bytes).sum();
    }
}
