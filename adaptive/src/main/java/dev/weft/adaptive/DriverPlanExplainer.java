package dev.weft.adaptive;

import dev.weft.api.plan.Plan;
import dev.weft.api.spi.PlanExplainer;
import dev.weft.optimizer.explain.PlanExplain;
import java.util.Set;

/**
 * {@code Pipeline.explain()}: the placement the driver would choose with the configuration of the environment
 * ({@code WEFT_*} variables), as text. No engine is started, so every engine's start-up is counted cold.
 */
public final class DriverPlanExplainer implements PlanExplainer {
    @Override
    public String explain(Plan plan) {
        WeftConfig config = WeftConfig.fromEnvironment();
        DriverPlanner planner = new DriverPlanner(config, EngineRegistry.load(DriverPlanExplainer.class.getClassLoader()));
        return PlanExplain.text(planner.place(plan, Set.of()));
    }
}
