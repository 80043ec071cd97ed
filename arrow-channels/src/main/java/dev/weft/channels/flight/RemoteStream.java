package dev.weft.channels.flight;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.util.Optional;
import org.apache.arrow.flight.Location;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Where a partitioned Flight stream is and how to reach it, in a form that travels to other JVMs (an engine host, its
 * executors): the server's location ({@code grpc+tcp://host:port}), the stream id, its partition count and schema (as
 * Arrow JSON), and the bearer token the server wants (null for none). {@link #toString()} never prints the token.
 */
public record RemoteStream(String location, String job, String stage, String output, int partitions, String schemaJson,
                           String bearerToken) implements Serializable {
    private static final long serialVersionUID = 1L;

    public RemoteStream {
        requireNonNull(location, "location is null");
        requireNonNull(job, "job is null");
        requireNonNull(stage, "stage is null");
        requireNonNull(output, "output is null");
        requireNonNull(schemaJson, "schemaJson is null");
        if (partitions < 1) {
            throw new IllegalArgumentException("stream %s/%s/%s needs at least 1 partition, got %d".formatted(job, stage, output, partitions));
        }
    }

    /** A remote stream of the id at the location, with the credentials' token. */
    public static RemoteStream of(Location location, FlightStreamId stream, int partitions, Schema schema, FlightCredentials credentials) {
        requireNonNull(location, "location is null");
        requireNonNull(stream, "stream is null");
        requireNonNull(schema, "schema is null");
        requireNonNull(credentials, "credentials is null");
        return new RemoteStream(location.getUri().toString(), stream.job(), stream.stage(), stream.output(), partitions,
                schema.toJson(), credentials.bearerToken().orElse(null));
    }

    public Schema schema() {
        try {
            return Schema.fromJSON(schemaJson);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the schema of remote stream %s is not valid Arrow JSON: %s".formatted(streamId().text(), e.getMessage()), e);
        }
    }

    public FlightStreamId streamId() {
        return new FlightStreamId(job, stage, output);
    }

    public Location flightLocation() {
        try {
            return new Location(location);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException("remote stream %s has an invalid location '%s': %s".formatted(streamId().text(), location, e.getMessage()), e);
        }
    }

    public FlightCredentials credentials() {
        return bearerToken == null ? FlightCredentials.none() : FlightCredentials.bearer(bearerToken);
    }

    public Optional<String> token() {
        return Optional.ofNullable(bearerToken);
    }

    @Override
    public String toString() {
        return "RemoteStream[%s, %d partitions, at %s, %s]".formatted(streamId().text(), partitions, location,
                bearerToken == null ? "no token" : "bearer token ****");
    }
}
