package dev.weft.adaptive;

import static dev.weft.api.expr.Expressions.col;
import static dev.weft.api.expr.Expressions.count;
import static dev.weft.api.expr.Expressions.sum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.api.Collected;
import dev.weft.api.Dataset;
import dev.weft.api.ErrorCode;
import dev.weft.api.JoinKeys;
import dev.weft.api.Pipeline;
import dev.weft.api.WeftException;
import dev.weft.api.types.Row;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The driver with {@code weft.channel=flight}: jobs cut into stages that hand off through the embedded Flight server. */
class TestFlightHandOffs {
    record Customer(long id, String country) {}

    record Order(long customer, long amount) {}

    record Keyed(long k, long v) {}

    @TempDir
    Path spill;

    private WeftConfig config(HandOffs channel, long flightMemory) {
        return WeftConfig.builder().parallelism(2).memoryBudget(32L << 20).spillDirectory(spill).batchSize(1024)
                .channel(channel).flightMemory(flightMemory).build();
    }

    /** Orders per country: a join and an aggregate (three cut edges), then a sort: four stages. */
    private static Collected<Row> ordersPerCountry(Pipeline pipeline, long orders) {
        Dataset<Customer> customers = pipeline.fromCollection(
                LongStream.range(0, 100).mapToObj(id -> new Customer(id, "country-" + id % 7)).toList(), Customer.class);
        Dataset<Row> joined = pipeline.generate(orders, 0)
                .map(v -> new Order(v % 100, v), Order.class)
                .join(customers, JoinKeys.on("customer", "id"));
        return joined.groupBy("country").aggregate(count().as("orders"), sum("amount").as("total"))
                .sort(col("country").asc()).collect();
    }

    private List<Row> run(HandOffs channel, long flightMemory, long orders) {
        try (Weft weft = Weft.create(config(channel, flightMemory))) {
            Pipeline pipeline = Pipeline.create("orders-per-country");
            Collected<Row> result = ordersPerCountry(pipeline, orders);
            JobHandle job = weft.submit(pipeline);
            job.await();
            return List.copyOf(job.collected(result));
        }
    }

    @Test
    void sameAnswerThroughFlightAsInProcess() {
        List<Row> inProcess = run(HandOffs.IN_PROCESS, 256L << 20, 200_000);
        List<Row> flight = run(HandOffs.FLIGHT, 256L << 20, 200_000);
        assertThat(inProcess).hasSize(7);
        assertThat(flight.toString()).isEqualTo(inProcess.toString());
    }

    @Test
    void aFlightBudgetFarBelowTheHandOffsSpillsAndLosesNothing() {
        List<Row> inProcess = run(HandOffs.IN_PROCESS, 256L << 20, 300_000);
        List<Row> flight = run(HandOffs.FLIGHT, 1L << 20, 300_000);
        assertThat(flight.toString()).isEqualTo(inProcess.toString());
        long orders = flight.stream().mapToLong(row -> row.getLong("orders")).sum();
        assertThat(orders).isEqualTo(300_000);
    }

    @Test
    void metricsAreKeptPerOperatorOfTheOriginalPlan() {
        try (Weft weft = Weft.create(config(HandOffs.FLIGHT, 64L << 20))) {
            Pipeline pipeline = Pipeline.create("metrics");
            Collected<Row> result = pipeline.generate(10_000, 0).map(v -> new Keyed(v % 3, v), Keyed.class)
                    .groupBy("k").aggregate(count().as("n")).collect();
            JobHandle job = weft.submit(pipeline);
            job.await();
            Map<Object, Object> counts = job.collected(result).stream().collect(Collectors.toMap(r -> r.get("k"), r -> r.get("n")));
            assertThat(counts).containsOnlyKeys(0L, 1L, 2L);
            assertThat(job.metrics()).extracting(OperatorMetricsSnapshot::kind).contains("generator-source", "map", "aggregate", "collect-sink");
            assertThat(job.metrics()).filteredOn(m -> m.kind().equals("map")).singleElement()
                    .satisfies(m -> assertThat(m.rows()).isEqualTo(10_000));
        }
    }

    @Test
    void aFailureInALaterStageFailsTheJobAndReleasesEverything() {
        try (Weft weft = Weft.create(config(HandOffs.FLIGHT, 64L << 20))) {
            Pipeline pipeline = Pipeline.create("fails-late");
            pipeline.generate(1_000, 0).map(v -> new Keyed(v % 10, v), Keyed.class)
                    .groupBy("k").aggregate(count().as("n"))
                    .map(row -> {
                        if (row.getLong("k") == 7L) {
                            throw new IllegalStateException("no 7 please");
                        }
                        return new Keyed(row.getLong("k"), row.getLong("n"));
                    }, Keyed.class).named("picky").collect();
            JobHandle job = weft.submit(pipeline);
            assertThatThrownBy(job::await).isInstanceOf(WeftException.class)
                    .hasMessageContaining("picky").hasMessageContaining("no 7 please")
                    .satisfies(e -> assertThat(((WeftException) e).errorCode()).isEqualTo(ErrorCode.USER_FUNCTION_FAILED));
            assertThat(job.state()).isEqualTo(JobState.FAILED);

            // the instance still runs jobs afterwards
            Pipeline next = Pipeline.create("after");
            Collected<Long> total = next.generate(100, 0).reduce(Long::sum).collect();
            JobHandle ok = weft.submit(next);
            ok.await();
            assertThat(ok.collected(total)).containsExactly(4950L);
        }
    }

    @Test
    void unknownChannelIsAConfigurationError() {
        assertThatThrownBy(() -> WeftConfig.defaults().with(Map.of(WeftConfig.CHANNEL, "carrier-pigeon"), "in the test"))
                .isInstanceOf(WeftException.class)
                .hasMessageContaining("weft.channel = 'carrier-pigeon' in the test is not a channel; use one of [in-process, flight]");
        assertThat(WeftConfig.defaults().withEnvironment(Map.of("WEFT_CHANNEL", "flight")).channel()).isEqualTo(HandOffs.FLIGHT);
        assertThatThrownBy(() -> WeftConfig.defaults().with(Map.of(WeftConfig.FLIGHT_MEMORY, "lots"), "in the test"))
                .hasMessageContaining("weft.flight.memory = 'lots' in the test is not a size");
    }
}
