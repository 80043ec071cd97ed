package dev.weft.optimizer.explain;

import dev.weft.api.Pipeline;
import dev.weft.api.JoinKeys;
import dev.weft.api.expr.Expressions;
import dev.weft.api.plan.LogicalOperator;
import dev.weft.api.plan.Plan;
import dev.weft.api.spi.EngineCapabilities;
import dev.weft.optimizer.Alternative;
import dev.weft.optimizer.Boundary;
import dev.weft.optimizer.EngineOption;
import dev.weft.optimizer.PlacedPlan;
import dev.weft.optimizer.cost.Cost;
import dev.weft.optimizer.cost.CostProfile;
import dev.weft.optimizer.cost.CostProfile.Calibration;
import dev.weft.optimizer.cost.CostProfile.ChannelCost;
import dev.weft.optimizer.cost.CostProfile.EngineProcess;
import dev.weft.optimizer.cost.CostProfile.OperatorCost;
import dev.weft.optimizer.cost.CostProfile.StartUp;
import dev.weft.optimizer.cost.Squash;
import dev.weft.optimizer.estimate.Cardinality;
import dev.weft.optimizer.estimate.Estimate;
import dev.weft.optimizer.estimate.Estimates;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** Placed plans built by hand (no optimizer): small pipelines, two fake engines, simple deterministic numbers. */
final class ExplainFixtures {
    static final String LOCAL = "local";
    static final String CLUSTER = "cluster";

    private ExplainFixtures() {}

    static EngineOption engine(String name, EngineProcess process, int parallelism, double coldMillis, boolean warm) {
        CostProfile profile = new CostProfile(name, "classpath:profiles/test-" + name + ".json", process,
                new StartUp(coldMillis, coldMillis / 100), parallelism, Map.of("map", new OperatorCost(100, 0)),
                Map.of("flight", new ChannelCost(1.2, 1.0, 4.0)), new Calibration("test machine", 2, "2026-01-01", "by hand"));
        EngineCapabilities capabilities = new EngineCapabilities(Set.of(LogicalOperator.class), true, true, true);
        return new EngineOption(name, capabilities, profile, warm);
    }

    static List<EngineOption> engines() {
        return List.of(engine(LOCAL, EngineProcess.DRIVER, 1, 1, false), engine(CLUSTER, EngineProcess.HOST, 16, 4000, false));
    }

    /** collection (10 ints) -> filter (lambda) -> map -> collect. */
    static Plan chain() {
        Pipeline pipeline = Pipeline.create("chain");
        pipeline.fromCollection(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), Integer.class)
                .filter(x -> x % 2 == 0)
                .map(x -> x * 10, Integer.class).named("times ten")
                .collect();
        return pipeline.plan();
    }

    /** TPC-H lineitem joined with orders, filtered declaratively, collected. */
    static Plan join() {
        Pipeline pipeline = Pipeline.create("join");
        var orders = pipeline.readTpch("orders", 0.01);
        pipeline.readTpch("lineitem", 1)
                .filter(Expressions.col("l_quantity").gt(Expressions.lit(30)))
                .join(orders, JoinKeys.on("l_orderkey", "o_orderkey"))
                .collect();
        return pipeline.plan();
    }

    /** One mapped dataset read by two consumers, unioned. */
    static Plan shared() {
        Pipeline pipeline = Pipeline.create("shared");
        var mapped = pipeline.fromCollection(List.of(1L, 2L, 3L), Long.class).map(x -> x + 1, Long.class).named("shared map");
        mapped.filter(x -> x > 1).union(mapped.map(x -> x * 2, Long.class)).collect();
        return pipeline.plan();
    }

    /** A repeat loop whose body maps and filters. */
    static Plan loop() {
        Pipeline pipeline = Pipeline.create("loop");
        pipeline.fromCollection(List.of(1L, 2L, 3L), Long.class)
                .repeat(3, d -> d.map(x -> x + 1, Long.class).filter(x -> x < 100))
                .collect();
        return pipeline.plan();
    }

    /** An unbounded generator, mapped, consumed by a callback. */
    static Plan unbounded() {
        Pipeline pipeline = Pipeline.create("stream");
        pipeline.generateUnbounded(1000).map(x -> x * 2, Long.class).forEach(x -> { });
        return pipeline.plan();
    }

    /** Every operator of the plan, loop bodies included, inputs first. */
    static List<LogicalOperator> allOperators(Plan plan) {
        List<LogicalOperator> all = new ArrayList<>();
        Map<LogicalOperator, Boolean> seen = new IdentityHashMap<>();
        addAll(plan.operators(), all, seen);
        return all;
    }

    private static void addAll(List<LogicalOperator> operators, List<LogicalOperator> all, Map<LogicalOperator, Boolean> seen) {
        for (LogicalOperator operator : operators) {
            if (seen.put(operator, Boolean.TRUE) != null) {
                continue;
            }
            PlanView.body(operator).ifPresent(body -> addAll(Plan.topologicalOrder(List.of(body.result())), all, seen));
            all.add(operator);
        }
    }

    /** Rows [1000 x id, 1500 x id] @ 0.9 (a rate for unbounded edges); cost [rows / 1000, rows / 500] ms. */
    static PlacedPlan place(Plan plan, Function<LogicalOperator, String> engineOf, boolean withRunnerUp) {
        Map<LogicalOperator, Estimate> estimates = new HashMap<>();
        Map<Integer, String> placement = new LinkedHashMap<>();
        Map<Integer, Cost> costs = new LinkedHashMap<>();
        List<Boundary> boundaries = new ArrayList<>();
        Cost total = Cost.ZERO;
        for (LogicalOperator operator : allOperators(plan)) {
            double rows = 1000.0 * operator.id();
            Cardinality cardinality = new Cardinality(rows, rows * 1.5, 0.9, !operator.output().bounded());
            estimates.put(operator, new Estimate(cardinality, 8, Map.of()));
            placement.put(operator.id(), engineOf.apply(operator));
            Cost cost = new Cost(rows / 1000, rows / 500);
            costs.put(operator.id(), cost);
            total = total.plus(cost);
        }
        for (LogicalOperator operator : allOperators(plan)) {
            for (LogicalOperator input : operator.inputs()) {
                String from = placement.get(input.id());
                String to = placement.get(operator.id());
                if (!from.equals(to)) {
                    Cost cost = new Cost(2.5, 7.5);
                    boundaries.add(new Boundary(input.id(), operator.id(), from, to, "flight", cost));
                    total = total.plus(cost);
                }
            }
        }
        Map<String, Cost> startUps = new LinkedHashMap<>();
        for (EngineOption engine : engines()) {
            if (placement.containsValue(engine.name())) {
                Cost startUp = Cost.exactly(engine.profile().startUp().coldMillis());
                startUps.put(engine.name(), startUp);
                total = total.plus(startUp);
            }
        }
        Optional<Alternative> runnerUp = Optional.empty();
        if (withRunnerUp) {
            Map<Integer, String> allLocal = new LinkedHashMap<>();
            placement.keySet().forEach(id -> allLocal.put(id, LOCAL));
            Cost alternative = total.times(1.5, 2.0);
            runnerUp = Optional.of(new Alternative(allLocal, alternative, alternative.squash(Squash.GEOMETRIC_MEAN)));
        }
        return new PlacedPlan(plan, placement, boundaries, new Estimates(estimates), costs, startUps, total,
                Squash.GEOMETRIC_MEAN, runnerUp, engines());
    }

    static PlacedPlan allOn(Plan plan, String engine) {
        return place(plan, operator -> engine, true);
    }
}
