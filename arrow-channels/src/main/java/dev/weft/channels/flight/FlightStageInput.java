package dev.weft.channels.flight;

import static java.util.Objects.requireNonNull;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.spi.StageInput;
import org.apache.arrow.flight.Location;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;

/** A StageInput reading a stream's partitions from one server, one DoGet per opened partition. */
public final class FlightStageInput implements StageInput {
    private final FlightClientPool clients;
    private final Location location;
    private final FlightStreamId stream;
    private final int partitions;
    private final Schema schema;
    private final BufferAllocator allocator;

    public FlightStageInput(FlightClientPool clients, Location location, FlightStreamId stream, int partitions, Schema schema,
                            BufferAllocator allocator) {
        this.clients = requireNonNull(clients, "clients is null");
        this.location = requireNonNull(location, "location is null");
        this.stream = requireNonNull(stream, "stream is null");
        this.schema = requireNonNull(schema, "schema is null");
        this.allocator = requireNonNull(allocator, "allocator is null");
        if (partitions < 1) {
            throw new WeftException(ErrorCode.INVALID_ARGUMENT,
                    "stream %s needs at least 1 partition, got %d".formatted(stream.text(), partitions));
        }
        this.partitions = partitions;
    }

    @Override
    public Schema schema() {
        return schema;
    }

    @Override
    public int partitions() {
        return partitions;
    }

    @Override
    public FlightChannelReader open(int partition) {
        if (partition < 0 || partition >= partitions) {
            throw new WeftException(ErrorCode.INVALID_ARGUMENT,
                    "partition %d of stream %s does not exist: give 0 <= partition < %d".formatted(partition, stream.text(), partitions));
        }
        return FlightChannelReader.open(clients, location, new FlightPartitionId(stream, partition), allocator);
    }

    /** The server the partitions are read from. */
    public Location location() {
        return location;
    }

    /** The stream the partitions belong to. */
    public FlightStreamId stream() {
        return stream;
    }

    /** The stream as another process (an engine host's executors) reads it, with the given credentials. */
    public RemoteStream remote(FlightCredentials credentials) {
        return RemoteStream.of(location, stream, partitions, schema, credentials);
    }

    /** The stream as another process reads it, with the credentials of this input's client pool. */
    public RemoteStream remote() {
        return remote(clients.credentials());
    }

    @Override
    public String toString() {
        return "FlightStageInput[%s, %d partitions, from %s]".formatted(stream.text(), partitions, location);
    }
}
