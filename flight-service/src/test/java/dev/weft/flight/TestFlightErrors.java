package dev.weft.flight;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.api.types.DataTypes;
import dev.weft.channels.flight.FlightClientPool;
import dev.weft.channels.flight.FlightCredentials;
import dev.weft.channels.flight.FlightPartitionId;
import dev.weft.channels.flight.FlightStreamId;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.arrow.flight.AsyncPutListener;
import org.apache.arrow.flight.CallOption;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

/** Bad requests and exhausted memory are Flight status codes with descriptions that say what is wrong. */
class TestFlightErrors extends ServerTestBase {
    private static final FlightStreamId STREAM = new FlightStreamId("job-e", "stage", "out");

    @Test
    void aPartitionWithAnotherSchemaIsRefusedAsInvalidArgument() {
        WeftFlightServer server = startServer(16L << 20);
        FlightClientPool pool = clientPool(FlightCredentials.none());
        writePartition(pool, server.location(), new FlightPartitionId(STREAM, 0), 2, SampleBatches.LONGS, allocator,
                SampleBatches.longs(allocator, 0, 10));
        Schema other = new Schema(List.of(DataTypes.field("name", DataTypes.STRING, true)));
        FlightClient client = rawClient(server.location());

        try (VectorSchemaRoot root = VectorSchemaRoot.create(other, allocator)) {
            root.setRowCount(0);
            assertFlightStatus(() -> put(client, new FlightPartitionId(STREAM, 1).putDescriptor(2), root, 1),
                    FlightStatusCode.INVALID_ARGUMENT);
        }
    }

    @Test
    void aDescriptorThatIsNotAPartitionIsRefusedAsInvalidArgument() {
        WeftFlightServer server = startServer(16L << 20);
        FlightClient client = rawClient(server.location());
        try (VectorSchemaRoot root = SampleBatches.longs(allocator, 0, 10)) {
            assertFlightStatus(() -> put(client, FlightDescriptor.command("hello".getBytes(StandardCharsets.UTF_8)), root, 1),
                    FlightStatusCode.INVALID_ARGUMENT, "DoPut descriptor", "putDescriptor");
            assertFlightStatus(() -> put(client, STREAM.descriptor(), root, 1),
                    FlightStatusCode.INVALID_ARGUMENT, "DoPut descriptor");
        }
    }

    @Test
    void anUnknownTicketIsNotFound() {
        WeftFlightServer server = startServer(16L << 20);
        FlightClient client = rawClient(server.location());

        assertFlightStatus(() -> readAll(client, new FlightPartitionId(new FlightStreamId("nojob", "s", "o"), 0).ticket()),
                FlightStatusCode.NOT_FOUND);
        assertFlightStatus(() -> readAll(client, new Ticket("not a weft ticket".getBytes(StandardCharsets.UTF_8))),
                FlightStatusCode.NOT_FOUND, "not a weft ticket", "GetFlightInfo");
        assertFlightStatus(() -> client.getInfo(new FlightStreamId("nojob", "s", "o").descriptor()),
                FlightStatusCode.NOT_FOUND, "nojob/s/o", "ListFlights");
        assertFlightStatus(() -> client.getInfo(FlightDescriptor.path("only-one")),
                FlightStatusCode.INVALID_ARGUMENT, "GetFlightInfo descriptor");
    }

    @Test
    void overTheBudgetWithoutSpillIsResourceExhaustedAndThePartitionFails() {
        long budget = 1L << 20;
        WeftFlightServer server = startServer(FlightServiceConfig.builder().memoryBudgetBytes(budget).disableSpill());
        FlightClient client = rawClient(server.location());
        FlightPartitionId partition = new FlightPartitionId(STREAM, 0);

        try (VectorSchemaRoot root = SampleBatches.longs(allocator, 0, 64 * 1024)) { // 512 KiB a batch
            assertFlightStatus(() -> put(client, partition.putDescriptor(1), root, 8), FlightStatusCode.RESOURCE_EXHAUSTED);
        }
        assertFlightStatus(() -> readAll(client, partition.ticket()), FlightStatusCode.INTERNAL, "job-e");
        assertThat(server.store().memoryUsed()).isLessThanOrEqualTo(budget);
    }

    /** A raw DoPut of the root's content, {@code batches} times, then the server's answer. */
    static void put(FlightClient client, FlightDescriptor descriptor, VectorSchemaRoot root, int batches,
            CallOption... options) {
        FlightClient.ClientStreamListener put = client.startPut(descriptor, root, new AsyncPutListener(), options);
        for (int batch = 0; batch < batches; batch++) {
            put.putNext();
        }
        put.completed();
        put.getResult();
    }

    /** A raw DoGet of everything; returns the number of rows. */
    static long readAll(FlightClient client, Ticket ticket, CallOption... options) throws Exception {
        long rows = 0;
        FlightStream stream = client.getStream(ticket, options);
        try {
            while (stream.next()) {
                rows += stream.getRoot().getRowCount();
            }
        } finally {
            stream.close();
        }
        return rows;
    }
}
