package dev.weft.optimizer;

import static java.util.Objects.requireNonNull;

import dev.weft.api.plan.Plan;
import dev.weft.optimizer.cost.CostModel;
import dev.weft.optimizer.enumerate.PlanEnumerator;
import dev.weft.optimizer.estimate.CardinalityEstimator;
import dev.weft.optimizer.estimate.Estimates;
import java.util.List;

/**
 * The cost-based cross-engine optimizer: places every operator of a plan on one of the given engines so that the whole
 * job (operators, data movement between engines, each used engine's start-up once) costs least.
 *
 * <h2>Steps</h2>
 * <ol>
 *   <li><b>Estimate</b> every edge with the {@link CardinalityEstimator} (intervals with confidence).</li>
 *   <li><b>Constrain</b> before costing: candidate rules remove engines per operator, in this order
 *       {@code AllowListRule} ({@code weft.engines}), {@code PinRule} ({@code Dataset.on}/{@code Pipeline.on}; an
 *       operator pin wins), {@code CapabilityRule} (operator kind, which also covers "where data lives", bounded vs
 *       unbounded input, lambdas; a loop's whole body too). An operator left without engines is a
 *       {@code NO_PLACEMENT} error naming the operator and each engine's reason.</li>
 *   <li><b>Cost</b> each operator on each remaining engine, each engine's start-up (warm or cold) and, lazily, each
 *       cross-engine edge's cheapest channel, once each ({@code CostTable}). Loops run with their body on one engine;
 *       their cost is their own plus the body's per-iteration cost times the iterations ({@code repeat}: times;
 *       {@code do-while}: {@code [1, maxIterations]}).</li>
 *   <li><b>Search</b> by dynamic programming over the operators in topological order ({@code PlacementSearch}): per
 *       (operator, engine) a Pareto set of partial plans over (squashed cost interval, set of engines used), so that
 *       start-up is paid once per engine; a partial plan A prunes B when {@code squash(A + startUp(A.engines \ B.engines))
 *       <= squash(B)}; sets are capped at 32 plans. The output channel of an edge is not a search dimension: its cost
 *       depends only on the producer's data and the two engines, so the cheapest channel per engine pair is optimal.
 *       On a tree this is exact (up to the cap and to comparing squashed partial intervals, which is exact for the
 *       linear squashes mean/lower/upper and an approximation for the geometric mean).</li>
 *   <li><b>DAGs</b> (an operator read by k &gt; 1 edges, e.g. a dataset used by two sinks or a self-join): each
 *       consumer is charged 1/k of the shared sub-plan's partial cost, so that it is counted once in total; consumers
 *       may prefer different engines for it, and then the first consumer in read-back order (sinks in plan order, inputs
 *       in order, depth first) wins. Because of this the result is re-costed exactly: every operator once, every
 *       cross-engine edge once, every engine's start-up once.</li>
 *   <li><b>Improve and runner-up</b>: the best 8 complete plans of the search are re-costed exactly, then a bounded
 *       local search (at most 3 rounds) tries every single-operator move to another engine and, per engine, moving
 *       everything that may run there; the cheapest exactly-costed placement wins and the cheapest other placement
 *       seen is the runner-up (so it is the best alternative among those neighbours, not a proof of the global
 *       second best).</li>
 *   <li><b>Check</b> the invariants ({@code PlacementInvariants}): a violation is {@code OPTIMIZER_INVARIANT_VIOLATED}
 *       naming the rule that let it through.</li>
 * </ol>
 *
 * <h2>Complexity</h2>
 * With n operators, E engines (at most 63), P the Pareto cap (32) and d the inputs of an operator: the search costs
 * {@code O(sum over operators of E x d x (E x P + P^2) x P)} comparisons in the worst case, in practice sets hold a
 * few plans (one per distinct engine set that is not dominated), so it is about {@code O(n x E^2)}; the local search
 * costs {@code O(rounds x n x E x (n + edges))}; the cost model is asked {@code n x E} operator costs and at most
 * {@code edges x E^2} movements. 100 operators on 5 engines plan in a few milliseconds.
 */
public final class Optimizer {
    private final CardinalityEstimator estimator;
    private final PlanEnumerator enumerator;

    public Optimizer(List<EngineOption> engines, CostModel model, CardinalityEstimator estimator, OptimizerSettings settings) {
        this.estimator = requireNonNull(estimator, "estimator is null");
        this.enumerator = new PlanEnumerator(engines, model, settings);
    }

    /**
     * Places the plan; WeftException(NO_PLACEMENT) naming the operator and, per engine, why it was excluded
     * ("spark: not in weft.engines [java]", "sql: cannot run lambdas", "java: bounded only", "pinned to 'x' which is
     * not on the classpath (found: ...)").
     */
    public PlacedPlan optimize(Plan plan) {
        requireNonNull(plan, "plan is null");
        return optimize(plan, estimator.estimate(plan));
    }

    /** Places the plan with estimates from elsewhere (observed statistics, tests); they must cover every operator. */
    public PlacedPlan optimize(Plan plan, Estimates estimates) {
        return enumerator.place(plan, estimates);
    }
}
