package dev.weft.adaptive;

import static dev.weft.api.expr.Expressions.col;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.adaptive.StageRouting.ChannelKind;
import dev.weft.api.Pipeline;
import dev.weft.api.plan.LogicalOperator;
import dev.weft.api.plan.Plan;
import dev.weft.optimizer.Boundary;
import dev.weft.optimizer.PlacedPlan;
import dev.weft.optimizer.cost.Channels;
import dev.weft.optimizer.cost.Cost;
import dev.weft.optimizer.cost.Squash;
import dev.weft.optimizer.estimate.Estimates;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How placed plans are cut into stages and which channel each cut takes (placements built by hand). */
class TestStageRouting {
    /** generate #1 -> filter #2 -> distinct #3 -> collect #4 */
    private static Plan plan() {
        Pipeline pipeline = Pipeline.create("routing");
        pipeline.generate(100, 0).filter(col("value").lt(50L)).distinct().collect();
        return pipeline.plan();
    }

    private static PlacedPlan placed(Plan plan, Map<Integer, String> engines, String channel) {
        List<Boundary> boundaries = new ArrayList<>();
        for (LogicalOperator operator : plan.operators()) {
            for (LogicalOperator input : operator.inputs()) {
                String from = engines.get(input.id());
                String to = engines.get(operator.id());
                if (!from.equals(to)) {
                    boundaries.add(new Boundary(input.id(), operator.id(), from, to, channel, Cost.ZERO));
                }
            }
        }
        return new PlacedPlan(plan, engines, boundaries, new Estimates(Map.of()), Map.of(), Map.of(), Cost.ZERO, Squash.GEOMETRIC_MEAN,
                Optional.empty(), List.of());
    }

    private static Map<Integer, String> allOn(Plan plan, String engine) {
        Map<Integer, String> engines = new HashMap<>();
        plan.operators().forEach(operator -> engines.put(operator.id(), engine));
        return engines;
    }

    @Test
    void oneEngineInProcessIsOneUncutStage() {
        Plan plan = plan();
        StageRouting routing = StageRouting.of(placed(plan, allOn(plan, "java"), Channels.IN_PROCESS), "job", 2, HandOffs.IN_PROCESS);
        assertThat(routing.stages()).hasSize(1);
        assertThat(routing.stages().get(0).sinks()).isEqualTo(plan.sinks());
        assertThat(routing.singleStage()).isTrue();
        assertThat(routing.engineOfStage()).containsEntry("job/stage-1", "java");
    }

    @Test
    void oneEngineInFlightModeIsCutBeforeExchangesThroughFlight() {
        Plan plan = plan();
        StageRouting routing = StageRouting.of(placed(plan, allOn(plan, "java"), Channels.IN_PROCESS), "job", 2, HandOffs.FLIGHT);
        assertThat(routing.stages()).hasSize(2);
        assertThat(routing.channelKinds()).containsOnly(Map.entry("op-2", ChannelKind.FLIGHT));
        assertThat(routing.engineOfStage().values()).containsOnly("java");
    }

    @Test
    void engineBoundariesTakeTheOptimizersChannel() {
        Plan plan = plan();
        Map<Integer, String> engines = allOn(plan, "java");
        engines.put(2, "twin");
        StageRouting routing = StageRouting.of(placed(plan, engines, Channels.IN_PROCESS), "job", 3, HandOffs.IN_PROCESS);
        assertThat(routing.stages()).hasSize(3);
        assertThat(routing.engineOfStage().values()).containsExactly("java", "twin", "java");
        assertThat(routing.channelKinds()).containsOnly(Map.entry("op-1", ChannelKind.IN_PROCESS), Map.entry("op-2", ChannelKind.IN_PROCESS));
        assertThat(routing.lastReader()).containsEntry("op-1", 1).containsEntry("op-2", 2);

        StageRouting overFlight = StageRouting.of(placed(plan, engines, Channels.FLIGHT), "job", 3, HandOffs.IN_PROCESS);
        assertThat(overFlight.channelKinds().values()).containsOnly(ChannelKind.FLIGHT);

        StageRouting flightMode = StageRouting.of(placed(plan, engines, Channels.IN_PROCESS), "job", 3, HandOffs.FLIGHT);
        assertThat(flightMode.channelKinds()).as("engine boundaries keep the optimizer's channel in flight mode")
                .containsOnly(Map.entry("op-1", ChannelKind.IN_PROCESS), Map.entry("op-2", ChannelKind.IN_PROCESS));
    }
}
