package dev.weft.optimizer;

import static dev.weft.api.expr.Expressions.col;
import static dev.weft.api.expr.Expressions.count;
import static dev.weft.api.expr.Expressions.sum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.api.Engine;
import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.Dataset;
import dev.weft.api.Pipeline;
import dev.weft.api.plan.LogicalOperator;
import dev.weft.api.plan.Plan;
import dev.weft.api.types.Row;
import dev.weft.optimizer.cost.ProfileCostModel;
import dev.weft.optimizer.cost.Squash;
import dev.weft.optimizer.estimate.CardinalityEstimator;
import dev.weft.optimizer.estimate.SourceStatisticsLookup;
import dev.weft.optimizer.estimate.Estimates;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** Which engines the optimizer picks, with the fake engines of profiles/fake-engines.json (see its README for the break-evens). */
class TestOptimizerChoices {
    private final Map<Integer, Double> rows = new HashMap<>();

    private PlacedPlan place(Pipeline pipeline) {
        return place(pipeline, GoldenPlans.fakeEngines(), OptimizerSettings.DEFAULTS);
    }

    private static PlacedPlan place(Pipeline pipeline, List<EngineOption> engines, OptimizerSettings settings) {
        return new Optimizer(engines, new ProfileCostModel(), new CardinalityEstimator(SourceStatisticsLookup.NONE), settings)
                .optimize(pipeline.plan());
    }

    /** With estimates written by hand (exact rows set with {@link #rows}), for tests that check cost accounting. */
    private PlacedPlan placeWithHandEstimates(Pipeline pipeline) {
        Plan plan = pipeline.plan();
        Estimates estimates = HandEstimates.of(plan, rows);
        return new Optimizer(GoldenPlans.fakeEngines(), new ProfileCostModel(), new CardinalityEstimator(SourceStatisticsLookup.NONE),
                OptimizerSettings.DEFAULTS).optimize(plan, estimates);
    }

    private <T> Dataset<T> rows(Dataset<T> dataset, double count) {
        rows.put(dataset.operator().id(), count);
        return dataset;
    }

    private static List<Long> longs(int n) {
        return LongStream.range(0, n).boxed().toList();
    }

    @Test
    void smallInputRunsOnTheCheapStartEngine() {
        Pipeline pipeline = Pipeline.create("small");
        pipeline.fromCollection(longs(1000), Long.class).map(x -> x + 1, Long.class).collect();

        PlacedPlan placed = place(pipeline);

        assertThat(placed.enginesUsed()).containsExactly("local");
        assertThat(placed.boundaries()).isEmpty();
        assertThat(placed.startUps()).containsOnlyKeys("local");
        assertThat(placed.runnerUp()).isPresent();
        assertThat(placed.runnerUp().get().squashedTotal()).isGreaterThanOrEqualTo(placed.squashedTotal());
        assertThat(placed.runnerUp().get().engines()).isNotEqualTo(placed.placement());
    }

    @Test
    void hugeInputRunsOnTheParallelEngine() {
        Pipeline pipeline = Pipeline.create("huge");
        Dataset<Row> lineitem = pipeline.readTpch("lineitem", 100);
        Dataset<Row> big = lineitem.map(row -> row, lineitem.schema());
        big.count().collect();

        PlacedPlan placed = place(pipeline);

        assertThat(placed.engineOf(lineitem.operator())).isEqualTo("cluster");
        assertThat(placed.engineOf(big.operator())).isEqualTo("cluster");
        assertThat(placed.startUps()).containsKey("cluster");
    }

    @Test
    void mixedPlanWhenTheBoundaryPays() {
        Pipeline pipeline = Pipeline.create("mixed");
        Dataset<Row> lineitem = pipeline.readTpch("lineitem", 100);
        Dataset<Row> grouped = lineitem.groupBy("l_partkey").aggregate(sum("l_quantity").as("quantity"));
        Dataset<Row> mapped = grouped.map(row -> row, grouped.schema());
        mapped.collect();

        PlacedPlan placed = place(pipeline);

        // ~2e7 groups (part keys at SF 100): collecting them on cluster costs 5000 ns each, moving them to local ~100 ns
        LogicalOperator collect = placed.plan().sinks().get(0);
        assertThat(placed.engineOf(lineitem.operator())).isEqualTo("cluster");
        assertThat(placed.engineOf(grouped.operator())).isEqualTo("cluster");
        assertThat(placed.engineOf(collect)).isEqualTo("local");
        assertThat(placed.boundaries()).hasSize(1);
        Boundary boundary = placed.boundaries().get(0);
        assertThat(boundary.fromEngine()).isEqualTo("cluster");
        assertThat(boundary.toEngine()).isEqualTo("local");
        assertThat(boundary.channel()).isEqualTo("flight");
        assertThat(boundary.consumerId()).isEqualTo(collect.id());
        assertThat(placed.startUps()).containsOnlyKeys("cluster", "local");
        assertThat(placed.runnerUp()).isPresent();
    }

    @Test
    void unboundedSourceNeverOnABoundedOnlyEngine() {
        Pipeline pipeline = Pipeline.create("stream");
        pipeline.generateUnbounded(1000).map(x -> x * 2, Long.class).forEach(x -> { });

        PlacedPlan placed = place(pipeline);

        assertThat(placed.enginesUsed()).containsExactly("stream");
    }

    @Test
    void unboundedSourceWithoutAStreamingEngineIsNoPlacement() {
        Pipeline pipeline = Pipeline.create("stream");
        Dataset<Long> source = pipeline.generateUnbounded(1000);
        source.forEach(x -> { });
        List<EngineOption> engines = GoldenPlans.fakeEngines().stream().filter(e -> !e.name().equals("stream")).toList();

        assertThatThrownBy(() -> place(pipeline, engines, OptimizerSettings.DEFAULTS))
                .isInstanceOf(WeftException.class)
                .satisfies(e -> assertThat(((WeftException) e).errorCode()).isEqualTo(ErrorCode.NO_PLACEMENT))
                .hasMessageContaining(source.operator().info().describe())
                .hasMessageContaining("local: bounded only")
                .hasMessageContaining("cluster: bounded only")
                .hasMessageContaining("sql: cannot run generator-source operators");
    }

    @Test
    void aLambdaNeverRunsOnTheDeclarativeEngine() {
        Pipeline pipeline = Pipeline.create("declarative-then-lambda");
        Dataset<Row> orders = pipeline.readTpch("orders", 0.1);
        Dataset<Row> filtered = orders.filter(col("o_totalprice").gt(1000.0));
        Dataset<Row> opaque = filtered.filter(row -> row.size() > 0);
        Dataset<Row> grouped = opaque.groupBy("o_custkey").aggregate(count().as("n"));
        grouped.collect();

        PlacedPlan placed = place(pipeline);

        assertThat(placed.engineOf(orders.operator())).isEqualTo("sql");
        assertThat(placed.engineOf(filtered.operator())).isEqualTo("sql");
        assertThat(placed.engineOf(opaque.operator())).isNotEqualTo("sql");
        assertThat(placed.boundary(filtered.operator(), opaque.operator())).isPresent()
                .get().extracting(Boundary::channel).isEqualTo("in-process");
    }

    @Test
    void operatorPinIsHonoured() {
        Pipeline pipeline = Pipeline.create("pinned");
        Dataset<Long> source = pipeline.fromCollection(longs(10), Long.class);
        Dataset<Long> mapped = source.map(x -> x + 1, Long.class).on(Engine.named("cluster"));
        mapped.collect();

        PlacedPlan placed = place(pipeline);

        assertThat(placed.engineOf(mapped.operator())).isEqualTo("cluster");
    }

    @Test
    void pipelinePinPutsEverythingOnTheEngine() {
        Pipeline pipeline = Pipeline.create("pinned").on(Engine.named("stream"));
        pipeline.fromCollection(longs(10), Long.class).map(x -> x + 1, Long.class).collect();

        assertThat(place(pipeline).enginesUsed()).containsExactly("stream");
    }

    @Test
    void pinToAnIncapableEngineNamesTheOperator() {
        Pipeline pipeline = Pipeline.create("bad-pin");
        Dataset<Long> mapped = pipeline.fromCollection(longs(10), Long.class).filter(x -> x > 1).on(Engine.named("sql"));
        mapped.collect();

        assertThatThrownBy(() -> place(pipeline))
                .isInstanceOf(WeftException.class)
                .satisfies(e -> assertThat(((WeftException) e).errorCode()).isEqualTo(ErrorCode.NO_PLACEMENT))
                .hasMessageContaining(mapped.operator().info().describe())
                .hasMessageContaining("sql: cannot run lambdas")
                .hasMessageContaining("local: operator pinned to 'sql'");
    }

    @Test
    void pinToAnUnknownEngineSaysWhatWasFound() {
        Pipeline pipeline = Pipeline.create("unknown-pin");
        pipeline.fromCollection(longs(10), Long.class).on(Engine.SPARK).collect();

        assertThatThrownBy(() -> place(pipeline))
                .isInstanceOf(WeftException.class)
                .hasMessageContaining("pinned to 'spark' which is not on the classpath (found: local, cluster, stream, sql)");
    }

    @Test
    void allowListRestrictsTheEngines() {
        Pipeline pipeline = Pipeline.create("allowed");
        pipeline.fromCollection(longs(10), Long.class).map(x -> x + 1, Long.class).collect();

        PlacedPlan placed = place(pipeline, GoldenPlans.fakeEngines(), new OptimizerSettings(Set.of("cluster"), Squash.GEOMETRIC_MEAN));

        assertThat(placed.enginesUsed()).containsExactly("cluster");
        assertThat(placed.runnerUp()).isEmpty();
    }

    @Test
    void allowListWithoutACapableEngineIsNoPlacement() {
        Pipeline pipeline = Pipeline.create("allowed");
        pipeline.fromCollection(longs(10), Long.class).filter(x -> x > 1).collect();

        assertThatThrownBy(() -> place(pipeline, GoldenPlans.fakeEngines(), new OptimizerSettings(Set.of("sql"), Squash.GEOMETRIC_MEAN)))
                .isInstanceOf(WeftException.class)
                .hasMessageContaining("local: not in weft.engines [sql]")
                .hasMessageContaining("sql: cannot run lambdas");
    }

    @Test
    void aWarmEngineChangesTheChoice() {
        Pipeline pipeline = Pipeline.create("medium");
        Dataset<Long> source = pipeline.generate(3_000_000, 0);
        source.map(x -> x + 1, Long.class).count().collect();

        List<EngineOption> coldCluster = GoldenPlans.fakeEngines().stream().filter(e -> !e.name().equals("sql")).toList();
        PlacedPlan cold = place(pipeline, coldCluster, OptimizerSettings.DEFAULTS);
        List<EngineOption> warmCluster = coldCluster.stream().map(e -> e.name().equals("cluster") ? e.asWarm() : e).toList();
        PlacedPlan warm = place(pipeline, warmCluster, OptimizerSettings.DEFAULTS);

        assertThat(cold.engineOf(source.operator())).isEqualTo("local");
        assertThat(warm.engineOf(source.operator())).isEqualTo("cluster");
        assertThat(warm.startUps().get("cluster").lowerMillis()).isEqualTo(50.0);
    }

    @Test
    void sharedSubPlanIsPlacedOnceAndCostedOnce() {
        Pipeline pipeline = Pipeline.create("shared");
        Dataset<Long> source = rows(pipeline.fromCollection(longs(10), Long.class), 1000);
        Dataset<Long> shared = source.map(x -> x + 1, Long.class);
        shared.filter(x -> x > 3).collect();
        shared.map(x -> x * 2, Long.class).collect();

        PlacedPlan placed = placeWithHandEstimates(pipeline);

        assertThat(placed.enginesUsed()).containsExactly("local");
        // every operator once: 6 operators x 1000 rows x 100 ns (sinks see their input's 1000 rows), plus local's start-up
        assertThat(placed.total().lowerMillis()).isCloseTo(6 * 1000 * 100 / 1e6 + 1.0, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void loopBodyRunsOnTheLoopsEngine() {
        Pipeline pipeline = Pipeline.create("loop");
        Dataset<Long> source = rows(pipeline.fromCollection(longs(10), Long.class), 1000);
        Dataset<Long> loop = source.repeat(3, ds -> ds.map(x -> x + 1, Long.class));
        loop.collect();

        PlacedPlan placed = placeWithHandEstimates(pipeline);

        assertThat(placed.enginesUsed()).containsExactly("local");
        LogicalOperator bodyMap = ((dev.weft.api.plan.RepeatOperator) loop.operator()).body().result();
        assertThat(placed.engineOf(bodyMap)).isEqualTo("local");
        // repeat itself + 3 x (loop-input + map) on 1000 rows at 100 ns
        assertThat(placed.operatorCosts().get(loop.operator().id()).lowerMillis()).isCloseTo(0.1 + 3 * 0.2, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void loopWithALambdaNeverOnTheDeclarativeEngine() {
        Pipeline pipeline = Pipeline.create("loop").on(Engine.named("sql"));
        pipeline.fromCollection(longs(10), Long.class).repeat(2, ds -> ds.map(x -> x + 1, Long.class)).collect();

        assertThatThrownBy(() -> place(pipeline))
                .isInstanceOf(WeftException.class)
                .hasMessageContaining("sql: cannot run repeat operators");
    }

    @Test
    void doWhileCostsBetweenOneAndMaxIterations() {
        Pipeline pipeline = Pipeline.create("do-while");
        Dataset<Long> source = rows(pipeline.fromCollection(longs(10), Long.class), 1000);
        Dataset<Long> loop = source.doWhile(ds -> ds.map(x -> x + 1, Long.class), (completed, result) -> completed < 3, 10);
        loop.collect();

        PlacedPlan placed = placeWithHandEstimates(pipeline);

        // do-while itself (0.1 ms) + [1, 10] x (loop-input + map: 0.2 ms)
        dev.weft.optimizer.cost.Cost cost = placed.operatorCosts().get(loop.operator().id());
        assertThat(cost.lowerMillis()).isCloseTo(0.1 + 0.2, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(cost.upperMillis()).isCloseTo(0.1 + 10 * 0.2, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void enginesWithoutACommonChannelCannotShareAnEdge() {
        List<EngineOption> engines = new java.util.ArrayList<>(GoldenPlans.fakeEngines());
        EngineOption local = engines.get(0);
        dev.weft.optimizer.cost.CostProfile p = local.profile();
        dev.weft.optimizer.cost.CostProfile islandProfile = new dev.weft.optimizer.cost.CostProfile("island", p.origin(), p.process(), p.startUp(),
                p.parallelism(), p.operators(), Map.of("jdbc-bulk-load", p.channels().get("flight")), p.calibration());
        engines.add(new EngineOption("island", local.capabilities(), islandProfile, false));
        Pipeline pipeline = Pipeline.create("island");
        Dataset<Long> source = pipeline.fromCollection(longs(10), Long.class).on(Engine.named("island"));
        Dataset<Long> mapped = source.map(x -> x + 1, Long.class).on(Engine.named("stream"));
        mapped.collect();

        assertThatThrownBy(() -> place(pipeline, engines, OptimizerSettings.DEFAULTS))
                .isInstanceOf(WeftException.class)
                .satisfies(e -> assertThat(((WeftException) e).errorCode()).isEqualTo(ErrorCode.NO_PLACEMENT))
                .hasMessageContaining(mapped.operator().info().describe())
                .hasMessageContaining("share no channel");
    }
}
