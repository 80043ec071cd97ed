package dev.weft.optimizer.cost;

import dev.weft.api.plan.LogicalOperator;
import dev.weft.optimizer.EngineOption;
import dev.weft.optimizer.estimate.Estimate;
import java.util.List;
import java.util.Map;

/**
 * What the enumerator asks about time. {@link ProfileCostModel} answers from engines' cost profiles; a model learned
 * from observed stage times can replace it without touching the enumerator.
 */
public interface CostModel {
    /**
     * Time to run the operator on the engine (start-up excluded), given the estimates of its inputs (in input order)
     * and of its output. Loops are costed by the enumerator from their bodies; here a loop operator costs its own
     * per-iteration bookkeeping.
     */
    Cost operator(LogicalOperator operator, EngineOption engine, List<Estimate> inputs, Estimate output);

    /** Time to bring the engine up for a job: its cold start-up, or its warm start-up if it already runs. */
    Cost startUp(EngineOption engine);

    /**
     * The channels the data of an edge can take from one engine to another (never called with the same engine), each
     * with the time to move the given data over it. Empty if the two engines share no channel.
     */
    Map<String, Cost> movement(EngineOption from, EngineOption to, Estimate data);
}
