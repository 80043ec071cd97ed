package dev.weft.api.spi;

import dev.weft.api.plan.Plan;

/**
 * Explains a plan as the optimizer would place it (for {@code Pipeline.explain()}); found with
 * {@link java.util.ServiceLoader} in the driver module, so that {@code api} needs no optimizer.
 */
public interface PlanExplainer {
    /** The chosen plan as text: operators, engines, estimated rows and costs, channels, the runner-up's cost. */
    String explain(Plan plan);
}
