package dev.weft.flight;

import static dev.weft.flight.TestFlightErrors.put;
import static dev.weft.flight.TestFlightErrors.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.channels.flight.FlightChannelReader;
import dev.weft.channels.flight.FlightClientPool;
import dev.weft.channels.flight.FlightCredentials;
import dev.weft.channels.flight.FlightPartitionId;
import dev.weft.channels.flight.FlightStreamId;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.flight.Action;
import org.apache.arrow.flight.CallOption;
import org.apache.arrow.flight.Criteria;
import org.apache.arrow.flight.FlightCallHeaders;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.HeaderCallOption;
import org.apache.arrow.flight.Result;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** With tokens configured, every call needs "authorization: Bearer <one of them>". */
class TestFlightAuth extends ServerTestBase {
    private static final String TOKEN = "s3cret-token-1";
    private static final String OTHER_TOKEN = "s3cret-token-2";
    private static final FlightStreamId STREAM = new FlightStreamId("auth-job", "stage", "out");
    private static final FlightPartitionId PARTITION = new FlightPartitionId(STREAM, 0);

    private WeftFlightServer server;
    private FlightClient client;

    @BeforeEach
    void startServerWithTokens() {
        server = startServer(FlightServiceConfig.builder().memoryBudgetBytes(16L << 20).disableSpill()
                .tokens(Set.of(TOKEN, OTHER_TOKEN)));
        client = rawClient(server.location());
        writePartition(clientPool(FlightCredentials.bearer(TOKEN)), server.location(), PARTITION, 1, SampleBatches.LONGS,
                allocator, SampleBatches.longs(allocator, 0, 100));
    }

    @Test
    void withTheRightTokensEveryCallWorks() throws Exception {
        for (String token : new String[] {TOKEN, OTHER_TOKEN}) {
            CallOption[] options = FlightCredentials.bearer(token).callOptions();
            assertThat(readAll(client, PARTITION.ticket(), options)).isEqualTo(100);
            assertThat(client.listFlights(Criteria.ALL, options)).hasSize(1);
            assertThat(client.doAction(new Action(ServiceActions.HEALTH), options).hasNext()).isTrue();
            assertThat(client.getInfo(STREAM.descriptor(), options).getEndpoints()).hasSize(1);
        }
        FlightPartitionId another = new FlightPartitionId(new FlightStreamId("auth-job", "stage", "other"), 0);
        try (VectorSchemaRoot root = SampleBatches.longs(allocator, 0, 10)) {
            put(client, another.putDescriptor(1), root, 1, FlightCredentials.bearer(OTHER_TOKEN).callOptions());
        }
    }

    @Test
    void everyCallWithoutATokenIsUnauthenticated() {
        assertEveryCallUnauthenticated(new CallOption[0], "No credentials");
    }

    @Test
    void everyCallWithAWrongTokenIsUnauthenticatedWithoutEchoingIt() {
        assertEveryCallUnauthenticated(FlightCredentials.bearer("wrong-token").callOptions(), "refused");
        assertEveryCallUnauthenticated(FlightCredentials.bearer(TOKEN + "x").callOptions(), "refused");
    }

    @Test
    void aHeaderThatIsNotABearerTokenIsUnauthenticated() {
        FlightCallHeaders headers = new FlightCallHeaders();
        headers.insert("authorization", "Basic " + TOKEN);
        assertEveryCallUnauthenticated(new CallOption[] {new HeaderCallOption(headers)}, "not a bearer token");
    }

    @Test
    void theChannelReaderReportsAuthenticationFailed() {
        FlightClientPool wrong = clientPool(FlightCredentials.bearer("wrong-token"));
        assertThatThrownBy(() -> {
            try (FlightChannelReader reader = FlightChannelReader.open(wrong, server.location(), PARTITION, allocator)) {
                reader.next();
            }
        }).isInstanceOfSatisfying(WeftException.class,
                e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.AUTHENTICATION_FAILED));
    }

    private void assertEveryCallUnauthenticated(CallOption[] options, String description) {
        Map<String, ThrowingCallable> calls = Map.of(
                "DoGet", () -> readAll(client, PARTITION.ticket(), options),
                "DoPut", () -> {
                    try (VectorSchemaRoot root = SampleBatches.longs(allocator, 0, 10)) {
                        put(client, new FlightPartitionId(STREAM, 0).putDescriptor(1), root, 1, options);
                    }
                },
                "ListFlights", () -> client.listFlights(Criteria.ALL, options).forEach(info -> { }),
                "DoAction", () -> {
                    Iterator<Result> results = client.doAction(new Action(ServiceActions.LIST_JOBS), options);
                    results.forEachRemaining(result -> { });
                },
                "GetFlightInfo", () -> client.getInfo(STREAM.descriptor(), options),
                "ListActions", () -> client.listActions(options).forEach(type -> { }));
        calls.forEach((name, call) -> assertThatThrownBy(call)
                .as(name)
                .isInstanceOfSatisfying(FlightRuntimeException.class, e -> {
                    assertThat(e.status().code()).as("%s status", name).isEqualTo(FlightStatusCode.UNAUTHENTICATED);
                    assertThat(e.status().description()).as("%s description", name)
                            .contains(description)
                            .doesNotContain(TOKEN, OTHER_TOKEN, "wrong-token");
                }));
    }
}
