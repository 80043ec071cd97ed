package dev.weft.flight;

import dev.weft.channels.flight.FlightPartitionId;
import dev.weft.flight.store.PartitionInfo;
import dev.weft.flight.store.PartitionState;
import dev.weft.flight.store.StreamInfo;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.Location;

/** The FlightInfo of a hosted stream: its schema, one endpoint per partition, totals once every partition is complete. */
final class FlightInfos {
    /** What FlightInfo reports for records and bytes while they are not known yet. */
    static final long UNKNOWN = -1;

    private FlightInfos() {}

    static FlightInfo of(StreamInfo stream, Location location) {
        List<FlightEndpoint> endpoints = new ArrayList<>(stream.partitionCount());
        for (int partition = 0; partition < stream.partitionCount(); partition++) {
            endpoints.add(new FlightEndpoint(new FlightPartitionId(stream.id(), partition).ticket(), location));
        }
        long records = UNKNOWN;
        long bytes = UNKNOWN;
        if (complete(stream)) {
            records = stream.partitions().stream().mapToLong(PartitionInfo::rows).sum();
            bytes = stream.partitions().stream().mapToLong(PartitionInfo::bytes).sum();
        }
        return new FlightInfo(stream.schema(), stream.id().descriptor(), endpoints, bytes, records);
    }

    /** True once every partition of the stream was written and completed. */
    static boolean complete(StreamInfo stream) {
        long completed = stream.partitions().stream()
                .filter(partition -> partition.state() == PartitionState.COMPLETE)
                .mapToInt(PartitionInfo::partition)
                .distinct()
                .count();
        return completed == stream.partitionCount();
    }
}
