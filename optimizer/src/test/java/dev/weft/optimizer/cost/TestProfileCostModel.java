package dev.weft.optimizer.cost;

import static dev.weft.api.expr.Expressions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.weft.api.Dataset;
import dev.weft.api.ErrorCode;
import dev.weft.api.JoinKeys;
import dev.weft.api.Pipeline;
import dev.weft.api.WeftException;
import dev.weft.api.expr.SortKey;
import dev.weft.api.plan.LogicalOperator;
import dev.weft.api.spi.EngineCapabilities;
import dev.weft.optimizer.EngineOption;
import dev.weft.optimizer.cost.CostProfile.Calibration;
import dev.weft.optimizer.cost.CostProfile.ChannelCost;
import dev.weft.optimizer.cost.CostProfile.EngineProcess;
import dev.weft.optimizer.cost.CostProfile.OperatorCost;
import dev.weft.optimizer.cost.CostProfile.StartUp;
import dev.weft.optimizer.estimate.Cardinality;
import dev.weft.optimizer.estimate.Estimate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class TestProfileCostModel {
    private static final Offset<Double> EPSILON = within(1e-9);
    private static final EngineCapabilities ALL = new EngineCapabilities(Set.of(LogicalOperator.class), true, true, true);
    private static final ChannelCost IN_PROCESS = new ChannelCost(0.01, 0.02, 0.05);
    private static final ChannelCost FLIGHT = new ChannelCost(1.0, 2.0, 4.0);

    private final ProfileCostModel model = new ProfileCostModel();

    private final Pipeline pipeline = Pipeline.create("costs");
    private final Dataset<Long> numbers = pipeline.generate(1000, 0);
    private final Dataset<Long> mapped = numbers.map(value -> value * 2, Long.class);

    @Test
    void operatorTimeIsRecordsAndBytesOverParallelism() {
        EngineOption engine = engine("two", EngineProcess.DRIVER, 2, Map.of("map", new OperatorCost(100, 1)), Map.of());
        Estimate input = new Estimate(Cardinality.between(1000, 2000, 0.5), 8, Map.of());

        Cost cost = model.operator(mapped.operator(), engine, List.of(input), input);

        // lower: (1000 x 100 + 8000 x 1) / 2 ns; upper: (2000 x 100 + 16000 x 1) / 2 ns
        assertThat(cost.lowerMillis()).isCloseTo(0.054, EPSILON);
        assertThat(cost.upperMillis()).isCloseTo(0.108, EPSILON);
    }

    @Test
    void sourceCostsItsOutputAndSinksCollectOnOneThread() {
        EngineOption engine = engine("four", EngineProcess.HOST, 4,
                Map.of("generator-source", new OperatorCost(40, 0), "collect-sink", new OperatorCost(40, 0), "callback-sink", new OperatorCost(40, 0)), Map.of());
        Estimate rows = new Estimate(Cardinality.exact(1_000_000), 8, Map.of());
        mapped.collect();
        mapped.forEach(value -> { });
        List<LogicalOperator> sinks = List.copyOf(pipeline.plan().sinks());

        assertThat(model.operator(numbers.operator(), engine, List.of(), rows)).isEqualTo(Cost.exactly(10));  // 1e6 x 40 / 4 ns
        for (LogicalOperator sink : sinks) {
            assertThat(model.operator(sink, engine, List.of(rows), rows)).isEqualTo(Cost.exactly(40));       // 1e6 x 40 / 1 ns
        }
    }

    @Test
    void joinCountsTheRecordsOfBothInputs() {
        Dataset<?> joined = mapped.join(pipeline.generate(10, 0), JoinKeys.using("value"));
        EngineOption engine = engine("one", EngineProcess.DRIVER, 1, Map.of("join", new OperatorCost(10, 0)), Map.of());
        Estimate left = new Estimate(Cardinality.exact(1_000_000), 8, Map.of());
        Estimate right = new Estimate(Cardinality.between(100, 300, 0.9), 8, Map.of());

        Cost cost = model.operator(joined.operator(), engine, List.of(left, right), left);

        assertThat(cost.lowerMillis()).isCloseTo(10.001, EPSILON);
        assertThat(cost.upperMillis()).isCloseTo(10.003, EPSILON);
    }

    @Test
    void cartesianProductCountsItsOutputRows() {
        Dataset<?> product = mapped.cartesian(pipeline.generate(10, 0).select(col("value").as("r")));
        EngineOption engine = engine("one", EngineProcess.DRIVER, 1, Map.of("cartesian", new OperatorCost(10, 0)), Map.of());
        Estimate left = new Estimate(Cardinality.exact(1_000), 8, Map.of());
        Estimate right = new Estimate(Cardinality.exact(1_000), 8, Map.of());
        Estimate output = new Estimate(Cardinality.exact(1_000_000), 16, Map.of());

        Cost cost = model.operator(product.operator(), engine, List.of(left, right), output);

        assertThat(cost.lowerMillis()).isCloseTo(10.0, EPSILON);
        assertThat(cost.upperMillis()).isCloseTo(10.0, EPSILON);
    }

    @Test
    void sortPerRecordCostGrowsWithLog2OfRowsBeyond65536() {
        Dataset<Long> sorted = mapped.sort(SortKey.ascending(col("value")));
        EngineOption engine = engine("one", EngineProcess.DRIVER, 1, Map.of("sort", new OperatorCost(100, 0)), Map.of());
        Estimate small = new Estimate(Cardinality.exact(1 << 10), 8, Map.of());
        Estimate big = new Estimate(Cardinality.between(1 << 16, 1 << 20, 1), 8, Map.of());

        assertThat(model.operator(sorted.operator(), engine, List.of(small), small).lowerMillis()).isCloseTo(1024 * 100 / 1e6, EPSILON);
        Cost cost = model.operator(sorted.operator(), engine, List.of(big), big);
        assertThat(cost.lowerMillis()).isCloseTo(65536 * 100 / 1e6, EPSILON);
        assertThat(cost.upperMillis()).isCloseTo(1048576 * 100 * 1.25 / 1e6, EPSILON);
        assertThat(ProfileCostModel.sortFactor(0)).isEqualTo(1);
        assertThat(ProfileCostModel.sortFactor(1e9)).isCloseTo(1.87, within(0.01));
    }

    @Test
    void unboundedRatesGiveMillisecondsOfWorkPerSecond() {
        Dataset<Long> stream = pipeline.generateUnbounded(10_000).map(value -> value, Long.class);
        EngineOption engine = engine("one", EngineProcess.DRIVER, 1, Map.of("map", new OperatorCost(1000, 0)), Map.of());
        Estimate rate = new Estimate(Cardinality.rate(10_000, 20_000, 1), 8, Map.of());

        assertThat(model.operator(stream.operator(), engine, List.of(rate), rate)).isEqualTo(new Cost(10, 20));
    }

    @Test
    void missingKindIsAnErrorNamingProfileAndKind() {
        EngineOption engine = engine("bare", EngineProcess.DRIVER, 1, Map.of(), Map.of());
        Estimate rows = new Estimate(Cardinality.exact(1), 8, Map.of());

        assertThatThrownBy(() -> model.operator(mapped.operator(), engine, List.of(rows), rows))
                .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_COST_PROFILE))
                .hasMessageContaining("engine 'bare'")
                .hasMessageContaining("\"operators\".\"map\"");
    }

    @Test
    void startUpIsColdUnlessWarm() {
        EngineOption engine = engine("e", EngineProcess.HOST, 1, Map.of(), Map.of());

        assertThat(model.startUp(engine)).isEqualTo(Cost.exactly(300));
        assertThat(model.startUp(engine.asWarm())).isEqualTo(Cost.exactly(7));
    }

    @Test
    void driverEnginesShareTheInProcessChannelCheapestFirst() {
        EngineOption a = engine("a", EngineProcess.DRIVER, 1, Map.of(), Map.of(Channels.FLIGHT, FLIGHT, Channels.IN_PROCESS, IN_PROCESS));
        EngineOption b = engine("b", EngineProcess.DRIVER, 1, Map.of(),
                Map.of(Channels.IN_PROCESS, new ChannelCost(0.5, 0.04, 0.01), Channels.FLIGHT, new ChannelCost(9, 3, 6)));
        Estimate data = new Estimate(Cardinality.between(1_000_000, 2_000_000, 0.5), 10, Map.of());

        Map<String, Cost> movement = model.movement(a, b, data);

        assertThat(movement.keySet()).containsExactly(Channels.IN_PROCESS, Channels.FLIGHT);
        // in-process: max(0.05, 0.01) + 1e7..2e7 bytes x (0.01 out of a + 0.04 into b) ns
        assertThat(movement.get(Channels.IN_PROCESS).lowerMillis()).isCloseTo(0.05 + 0.5, EPSILON);
        assertThat(movement.get(Channels.IN_PROCESS).upperMillis()).isCloseTo(0.05 + 1.0, EPSILON);
        // flight: max(4, 6) + 1e7..2e7 bytes x (1 + 3) ns
        assertThat(movement.get(Channels.FLIGHT)).isEqualTo(new Cost(46, 86));
    }

    @Test
    void inProcessNeedsBothEnginesInTheDriver() {
        EngineOption driver = engine("d", EngineProcess.DRIVER, 1, Map.of(), Map.of(Channels.FLIGHT, FLIGHT, Channels.IN_PROCESS, IN_PROCESS));
        EngineOption host = engine("h", EngineProcess.HOST, 1, Map.of(), Map.of(Channels.FLIGHT, FLIGHT, Channels.IN_PROCESS, IN_PROCESS));
        Estimate data = new Estimate(Cardinality.exact(0), 10, Map.of());

        assertThat(model.movement(driver, host, data)).containsOnlyKeys(Channels.FLIGHT).containsEntry(Channels.FLIGHT, Cost.exactly(4));
        assertThat(model.movement(host, driver, data)).containsOnlyKeys(Channels.FLIGHT);
    }

    @Test
    void noSharedChannelGivesNoMovement() {
        EngineOption a = engine("a", EngineProcess.DRIVER, 1, Map.of(), Map.of(Channels.IN_PROCESS, IN_PROCESS));
        EngineOption b = engine("b", EngineProcess.HOST, 1, Map.of(), Map.of(Channels.FLIGHT, FLIGHT, Channels.JDBC_BULK_LOAD, FLIGHT));

        assertThat(model.movement(a, b, new Estimate(Cardinality.exact(5), 10, Map.of()))).isEmpty();
    }

    @Test
    void channelsAreOrderedByTheirSquashedCost() {
        ChannelCost fileSlowStart = new ChannelCost(0.1, 0.1, 50);
        EngineOption a = engine("a", EngineProcess.HOST, 1, Map.of(), Map.of(Channels.FLIGHT, FLIGHT, Channels.ARROW_IPC_FILE, fileSlowStart));
        EngineOption b = engine("b", EngineProcess.HOST, 1, Map.of(), Map.of(Channels.FLIGHT, FLIGHT, Channels.ARROW_IPC_FILE, fileSlowStart));

        // 1 MB: flight 4 + 3 ms < file 50 + 0.2 ms; 1 GB: file 50 + 200 ms < flight 4 + 3000 ms
        assertThat(model.movement(a, b, new Estimate(Cardinality.exact(1e5), 10, Map.of())).keySet())
                .containsExactly(Channels.FLIGHT, Channels.ARROW_IPC_FILE);
        assertThat(model.movement(a, b, new Estimate(Cardinality.exact(1e8), 10, Map.of())).keySet())
                .containsExactly(Channels.ARROW_IPC_FILE, Channels.FLIGHT);
        // a wide interval: the upper squash prefers the file, the lower one flight
        Estimate wide = new Estimate(Cardinality.between(1e5, 1e8, 0.1), 10, Map.of());
        assertThat(new ProfileCostModel(Squash.UPPER).movement(a, b, wide).keySet()).containsExactly(Channels.ARROW_IPC_FILE, Channels.FLIGHT);
        assertThat(new ProfileCostModel(Squash.LOWER).movement(a, b, wide).keySet()).containsExactly(Channels.FLIGHT, Channels.ARROW_IPC_FILE);
    }

    @Test
    void fakeEnginesBreakEvenAsDocumented() {
        ClassLoader loader = getClass().getClassLoader();
        EngineOption local = option(CostProfiles.fromResource(loader, "profiles/fake-engines.json", "local").orElseThrow());
        EngineOption cluster = option(CostProfiles.fromResource(loader, "profiles/fake-engines.json", "cluster").orElseThrow());

        assertThat(total(local, 1000)).isLessThan(total(cluster, 1000));
        assertThat(total(local, 1e9)).isGreaterThan(total(cluster, 1e9));
        assertThat(total(local, 4e7)).isLessThan(total(cluster, 4e7));       // break-even at ~4.4e7 rows
        assertThat(total(local, 5e7)).isGreaterThan(total(cluster, 5e7));
        assertThat(model.movement(local, cluster, new Estimate(Cardinality.exact(1), 8, Map.of()))).containsOnlyKeys(Channels.FLIGHT);
    }

    /** Start-up plus one map over the rows. */
    private double total(EngineOption engine, double rows) {
        Estimate estimate = new Estimate(Cardinality.exact(rows), 8, Map.of());
        return model.startUp(engine).plus(model.operator(mapped.operator(), engine, List.of(estimate), estimate)).squash(Squash.GEOMETRIC_MEAN);
    }

    private static EngineOption option(CostProfile profile) {
        return new EngineOption(profile.engine(), ALL, profile, false);
    }

    private static EngineOption engine(String name, EngineProcess process, int parallelism, Map<String, OperatorCost> operators,
                                       Map<String, ChannelCost> channels) {
        CostProfile profile = new CostProfile(name, "test:" + name, process, new StartUp(300, 7), parallelism, operators, channels,
                new Calibration("test", 1, "2026-01-01", "hand"));
        return new EngineOption(name, ALL, profile, false);
    }
}
