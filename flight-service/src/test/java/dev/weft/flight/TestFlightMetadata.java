package dev.weft.flight;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.channels.flight.FlightClientPool;
import dev.weft.channels.flight.FlightCredentials;
import dev.weft.channels.flight.FlightPartitionId;
import dev.weft.channels.flight.FlightStreamId;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.flight.Action;
import org.apache.arrow.flight.ActionType;
import org.apache.arrow.flight.Criteria;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.Result;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** GetFlightInfo, ListFlights and the lifecycle actions. */
class TestFlightMetadata extends ServerTestBase {
    private static final FlightStreamId ORDERS = new FlightStreamId("job-a", "stage-1", "orders");
    private static final FlightStreamId USERS = new FlightStreamId("job-b", "stage-2", "users");

    private WeftFlightServer server;
    private FlightClientPool pool;
    private FlightClient client;

    @BeforeEach
    void startServer() {
        server = startServer(16L << 20);
        pool = clientPool(FlightCredentials.none());
        client = rawClient(server.location());
    }

    @Test
    void flightInfoHasOneEndpointPerPartitionAndTotalsOnceEveryPartitionIsComplete() {
        write(ORDERS, 0, 3, 100);
        write(ORDERS, 1, 3, 50);

        FlightInfo partial = client.getInfo(ORDERS.descriptor());
        assertThat(partial.getSchemaOptional()).contains(SampleBatches.LONGS);
        assertThat(partial.getDescriptor()).isEqualTo(ORDERS.descriptor());
        assertThat(partial.getEndpoints()).hasSize(3);
        for (int partition = 0; partition < 3; partition++) {
            FlightEndpoint endpoint = partial.getEndpoints().get(partition);
            assertThat(endpoint.getTicket()).isEqualTo(new FlightPartitionId(ORDERS, partition).ticket());
            assertThat(endpoint.getLocations()).containsExactly(server.location());
        }
        assertThat(partial.getRecords()).as("records while partition 2 is missing").isEqualTo(-1);
        assertThat(partial.getBytes()).as("bytes while partition 2 is missing").isEqualTo(-1);

        write(ORDERS, 2, 3, 25);
        FlightInfo complete = client.getInfo(ORDERS.descriptor());
        assertThat(complete.getRecords()).isEqualTo(175);
        assertThat(complete.getBytes()).isEqualTo(server.store().info(ORDERS).orElseThrow().bytes()).isPositive();
    }

    @Test
    void listFlightsShowsEveryStreamOrThoseOfOneJob() {
        write(ORDERS, 0, 1, 10);
        write(USERS, 0, 1, 20);

        List<String> all = new ArrayList<>();
        client.listFlights(Criteria.ALL).forEach(info -> all.add(String.join("/", info.getDescriptor().getPath())));
        assertThat(all).containsExactlyInAnyOrder("job-a/stage-1/orders", "job-b/stage-2/users");

        List<FlightInfo> jobB = new ArrayList<>();
        client.listFlights(new Criteria("job-b".getBytes(StandardCharsets.UTF_8))).forEach(jobB::add);
        assertThat(jobB).singleElement().satisfies(info -> {
            assertThat(info.getDescriptor()).isEqualTo(USERS.descriptor());
            assertThat(info.getRecords()).isEqualTo(20);
        });
    }

    @Test
    void listJobsDropJobAndHealth() {
        write(ORDERS, 0, 1, 10);
        write(new FlightStreamId("job-a", "stage-1", "returns"), 0, 1, 10);
        write(USERS, 0, 1, 20);

        assertThat(action(ServiceActions.LIST_JOBS, "")).containsExactly("job-a", "job-b");
        assertThat(action(ServiceActions.HEALTH, "")).singleElement().asString()
                .contains("\"status\":\"serving\"", "\"memoryBudgetBytes\":16777216", "\"streams\":3", "\"jobs\":2",
                        "\"memoryUsedBytes\":", "\"spilledBytes\":");

        assertThat(action(ServiceActions.DROP_JOB, "job-a")).containsExactly("2");
        assertThat(action(ServiceActions.LIST_JOBS, "")).containsExactly("job-b");
        assertFlightStatus(() -> client.getInfo(ORDERS.descriptor()), FlightStatusCode.NOT_FOUND, "job-a/stage-1/orders");
        assertThat(action(ServiceActions.DROP_JOB, "job-a")).containsExactly("0");
    }

    @Test
    void badActionsAreInvalidArguments() {
        assertFlightStatus(() -> action("reboot", ""), FlightStatusCode.INVALID_ARGUMENT, "reboot", "drop-job, list-jobs, health");
        assertFlightStatus(() -> action(ServiceActions.DROP_JOB, " "), FlightStatusCode.INVALID_ARGUMENT, "job id");
    }

    @Test
    void listActionsNamesTheThreeActions() {
        List<String> types = new ArrayList<>();
        client.listActions().forEach(type -> types.add(type.getType()));
        assertThat(types).containsExactly("drop-job", "list-jobs", "health");
        client.listActions().forEach(type -> assertThat(type.getDescription()).isNotBlank());
        assertThat(ServiceActions.TYPES).extracting(ActionType::getType).containsExactlyElementsOf(types);
    }

    private void write(FlightStreamId stream, int partition, int partitionCount, int rows) {
        writePartition(pool, server.location(), new FlightPartitionId(stream, partition), partitionCount, SampleBatches.LONGS,
                allocator, SampleBatches.longs(allocator, 0, rows));
    }

    private List<String> action(String type, String body) {
        List<String> results = new ArrayList<>();
        client.doAction(new Action(type, body.getBytes(StandardCharsets.UTF_8)))
                .forEachRemaining((Result result) -> results.add(new String(result.getBody(), StandardCharsets.UTF_8)));
        return results;
    }
}
