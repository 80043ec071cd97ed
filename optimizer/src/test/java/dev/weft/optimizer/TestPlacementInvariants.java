package dev.weft.optimizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.api.Engine;
import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.Dataset;
import dev.weft.api.Pipeline;
import dev.weft.api.plan.LogicalOperator;
import dev.weft.api.plan.Plan;
import dev.weft.api.plan.RepeatOperator;
import dev.weft.optimizer.cost.Cost;
import dev.weft.optimizer.cost.ProfileCostModel;
import dev.weft.optimizer.cost.Squash;
import dev.weft.optimizer.enumerate.PlacementInvariants;
import dev.weft.optimizer.estimate.CardinalityEstimator;
import dev.weft.optimizer.estimate.SourceStatisticsLookup;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.LongStream;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

class TestPlacementInvariants {
    private static final List<EngineOption> ENGINES = GoldenPlans.fakeEngines();

    private final Pipeline pipeline = Pipeline.create("invariants");
    private final Dataset<Long> source = pipeline.fromCollection(LongStream.range(0, 100).boxed().toList(), Long.class);
    private final Dataset<Long> filtered = source.filter(x -> x > 3);

    private PlacedPlan optimized(Plan plan, OptimizerSettings settings) {
        return new Optimizer(ENGINES, new ProfileCostModel(), new CardinalityEstimator(SourceStatisticsLookup.NONE), settings).optimize(plan);
    }

    private static PlacedPlan with(PlacedPlan placed, Plan plan, Map<Integer, String> placement, List<Boundary> boundaries) {
        return new PlacedPlan(plan, placement, boundaries, placed.estimates(), placed.operatorCosts(), placed.startUps(), placed.total(),
                placed.squash(), placed.runnerUp(), placed.engines());
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertViolated(PlacedPlan placed, Plan plan, OptimizerSettings settings) {
        return assertThatThrownBy(() -> PlacementInvariants.check(placed, plan, ENGINES, settings))
                .isInstanceOf(WeftException.class)
                .satisfies(e -> assertThat(((WeftException) e).errorCode()).isEqualTo(ErrorCode.OPTIMIZER_INVARIANT_VIOLATED));
    }

    @Test
    void anOptimizedPlanHolds() {
        filtered.collect();
        Plan plan = pipeline.plan();
        PlacedPlan placed = optimized(plan, OptimizerSettings.DEFAULTS);

        assertThatCode(() -> PlacementInvariants.check(placed, plan, ENGINES, OptimizerSettings.DEFAULTS)).doesNotThrowAnyException();
    }

    @Test
    void lambdaOnTheDeclarativeEngineBreaksTheCapabilityRule() {
        filtered.collect();
        Plan plan = pipeline.plan();
        PlacedPlan placed = optimized(plan, OptimizerSettings.DEFAULTS);
        Map<Integer, String> placement = new HashMap<>();
        plan.operators().forEach(op -> placement.put(op.id(), "sql"));

        assertViolated(with(placed, plan, placement, List.of()), plan, OptimizerSettings.DEFAULTS)
                .hasMessageContaining("rule CapabilityRule broke invariant capable-engine")
                .hasMessageContaining("filter")
                .hasMessageContaining("cannot run lambdas");
    }

    @Test
    void anIgnoredPinBreaksThePinRule() {
        filtered.on(Engine.named("cluster")).collect();
        Plan plan = pipeline.plan();
        PlacedPlan placed = optimized(plan, OptimizerSettings.DEFAULTS);
        Map<Integer, String> placement = new HashMap<>();
        plan.operators().forEach(op -> placement.put(op.id(), "local"));

        assertViolated(with(placed, plan, placement, List.of()), plan, OptimizerSettings.DEFAULTS)
                .hasMessageContaining("rule PinRule broke invariant pin-respected")
                .hasMessageContaining("operator pinned to 'cluster'");
    }

    @Test
    void anEngineOutsideTheAllowListBreaksTheAllowListRule() {
        filtered.collect();
        Plan plan = pipeline.plan();
        OptimizerSettings onlyCluster = new OptimizerSettings(Set.of("cluster"), Squash.GEOMETRIC_MEAN);
        PlacedPlan placed = optimized(plan, onlyCluster);
        Map<Integer, String> placement = new HashMap<>(placed.placement());
        placement.put(source.operator().id(), "local");

        assertViolated(with(placed, plan, placement, List.of()), plan, onlyCluster)
                .hasMessageContaining("rule AllowListRule broke invariant allowed-engine")
                .hasMessageContaining("not in weft.engines [cluster]");
    }

    @Test
    void anUnplacedOrUnknownEngineBreaksEveryOperatorPlaced() {
        filtered.collect();
        Plan plan = pipeline.plan();
        PlacedPlan placed = optimized(plan, OptimizerSettings.DEFAULTS);
        Map<Integer, String> missing = new HashMap<>(placed.placement());
        missing.remove(filtered.operator().id());
        Map<Integer, String> unknown = new HashMap<>(placed.placement());
        unknown.put(filtered.operator().id(), "spark");

        assertViolated(with(placed, plan, missing, List.of()), plan, OptimizerSettings.DEFAULTS)
                .hasMessageContaining("rule PlacementSearch broke invariant every-operator-placed");
        assertViolated(with(placed, plan, unknown, List.of()), plan, OptimizerSettings.DEFAULTS)
                .hasMessageContaining("rule PlacementSearch broke invariant every-operator-placed")
                .hasMessageContaining("'spark'");
    }

    @Test
    void aCrossEngineEdgeNeedsABoundaryWithASharedChannel() {
        filtered.collect();
        Plan plan = pipeline.plan();
        PlacedPlan placed = optimized(plan, OptimizerSettings.DEFAULTS);
        Map<Integer, String> placement = new HashMap<>();
        plan.operators().forEach(op -> placement.put(op.id(), "local"));
        placement.put(source.operator().id(), "cluster");
        Boundary inProcess = new Boundary(source.operator().id(), filtered.operator().id(), "cluster", "local", "in-process", Cost.ZERO);
        Boundary flight = new Boundary(source.operator().id(), filtered.operator().id(), "cluster", "local", "flight", Cost.ZERO);

        assertViolated(with(placed, plan, placement, List.of()), plan, OptimizerSettings.DEFAULTS)
                .hasMessageContaining("rule CostTable broke invariant boundary-channel")
                .hasMessageContaining("without a boundary");
        assertViolated(with(placed, plan, placement, List.of(inProcess)), plan, OptimizerSettings.DEFAULTS)
                .hasMessageContaining("rule CostTable broke invariant boundary-channel")
                .hasMessageContaining("'in-process'");
        assertThatCode(() -> PlacementInvariants.check(with(placed, plan, placement, List.of(flight)), plan, ENGINES, OptimizerSettings.DEFAULTS))
                .doesNotThrowAnyException();
    }

    @Test
    void aBoundaryWithinOneEngineIsWrong() {
        filtered.collect();
        Plan plan = pipeline.plan();
        PlacedPlan placed = optimized(plan, OptimizerSettings.DEFAULTS);
        Map<Integer, String> placement = new HashMap<>();
        plan.operators().forEach(op -> placement.put(op.id(), "local"));
        Boundary stray = new Boundary(source.operator().id(), filtered.operator().id(), "local", "local", "flight", Cost.ZERO);

        assertViolated(with(placed, plan, placement, List.of(stray)), plan, OptimizerSettings.DEFAULTS)
                .hasMessageContaining("rule CostTable broke invariant boundary-channel");
    }

    @Test
    void aDifferentPlanObjectBreaksPlanUnchanged() {
        filtered.collect();
        Plan plan = pipeline.plan();
        PlacedPlan placed = optimized(plan, OptimizerSettings.DEFAULTS);

        assertViolated(placed, pipeline.plan(), OptimizerSettings.DEFAULTS)
                .hasMessageContaining("rule Optimizer broke invariant plan-unchanged");
    }

    @Test
    void aLoopBodyOffItsLoopsEngineBreaksLoopOnOneEngine() {
        Dataset<Long> loop = source.repeat(2, ds -> ds.map(x -> x + 1, Long.class));
        loop.collect();
        Plan plan = pipeline.plan();
        PlacedPlan placed = optimized(plan, OptimizerSettings.DEFAULTS);
        LogicalOperator bodyMap = ((RepeatOperator) loop.operator()).body().result();
        Map<Integer, String> placement = new HashMap<>(placed.placement());
        placement.put(bodyMap.id(), placed.engineOf(loop.operator()).equals("local") ? "cluster" : "local");

        assertThat(placed.placement()).containsKey(bodyMap.id());
        assertViolated(with(placed, plan, placement, placed.boundaries()), plan, OptimizerSettings.DEFAULTS)
                .hasMessageContaining("rule PlacementSearch broke invariant loop-on-one-engine");
    }
}
