package dev.weft.optimizer.enumerate;

import static java.util.Objects.requireNonNull;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.plan.LogicalOperator;
import dev.weft.api.plan.Plan;
import dev.weft.optimizer.Alternative;
import dev.weft.optimizer.EngineOption;
import dev.weft.optimizer.OptimizerSettings;
import dev.weft.optimizer.PlacedPlan;
import dev.weft.optimizer.cost.Cost;
import dev.weft.optimizer.cost.CostModel;
import dev.weft.optimizer.cost.Squash;
import dev.weft.optimizer.estimate.Estimates;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Places a plan whose estimates are known: applies the {@link CandidateRule}s, asks the cost model once per operator
 * and engine ({@link CostTable}), runs the dynamic program ({@link PlacementSearch}), re-costs its best complete plans
 * exactly, then improves on them by a bounded local search whose neighbours are also the runner-up candidates:
 * every single-operator move to another engine, and for each engine "everything that can run there moved there". The
 * cheapest exactly-costed placement wins; the cheapest other one is the runner-up. Finally the
 * {@link PlacementInvariants} are checked.
 */
public final class PlanEnumerator {
    /** Complete plans read back from the search's final Pareto set. */
    static final int ROOT_PLANS = 8;
    /** Rounds of local search around a new best placement. */
    static final int LOCAL_SEARCH_ROUNDS = 3;

    private final List<EngineOption> engines;
    private final CostModel model;
    private final OptimizerSettings settings;

    public PlanEnumerator(List<EngineOption> engines, CostModel model, OptimizerSettings settings) {
        this.engines = List.copyOf(requireNonNull(engines, "engines is null"));
        this.model = requireNonNull(model, "model is null");
        this.settings = requireNonNull(settings, "settings is null");
        Set<String> names = new HashSet<>();
        for (EngineOption engine : this.engines) {
            if (!names.add(engine.name())) {
                throw new IllegalArgumentException("engine '%s' is given twice".formatted(engine.name()));
            }
        }
    }

    /** The rules every candidate passes, in the order their reasons are reported. */
    public List<CandidateRule> rules(Plan plan) {
        return List.of(new AllowListRule(settings.allowedEngines()), new PinRule(plan.pins()), new CapabilityRule());
    }

    public PlacedPlan place(Plan plan, Estimates estimates) {
        requireNonNull(plan, "plan is null");
        requireNonNull(estimates, "estimates is null");
        PlanIndex index = new PlanIndex(plan);
        Candidates candidates = Candidates.compute(index, engines, rules(plan));
        Squash squash = settings.squash();
        CostTable costs = new CostTable(index, engines, candidates, model, estimates, squash);
        List<int[]> fromSearch = new PlacementSearch(index, costs, candidates).run(ROOT_PLANS);

        Map<Key, Double> evaluated = new HashMap<>();
        Map<Key, double[]> totals = new LinkedHashMap<>();
        Key best = null;
        for (int[] placement : fromSearch) {
            best = better(best, evaluate(new Key(placement), index, costs, candidates, evaluated, totals), evaluated);
        }
        if (best == null) {
            throw new WeftException(ErrorCode.NO_PLACEMENT, "plan '%s' has no placement whose engine boundaries all have a channel; allow more engines in weft.engines or change the pins"
                    .formatted(plan.name()));
        }
        for (int round = 0; round < LOCAL_SEARCH_ROUNDS; round++) {
            Key start = best;
            for (int[] neighbour : neighbours(start.placement, index, candidates)) {
                best = better(best, evaluate(new Key(neighbour), index, costs, candidates, evaluated, totals), evaluated);
            }
            if (best.equals(start)) {
                break;
            }
        }
        Key runnerUp = null;
        for (Key key : totals.keySet()) {
            if (!key.equals(best)) {
                runnerUp = better(runnerUp, key, evaluated);
            }
        }

        PlacementCosting.Parts parts = PlacementCosting.parts(index, costs, candidates, engines, best.placement);
        Optional<Alternative> alternative = Optional.empty();
        if (runnerUp != null) {
            double[] total = totals.get(runnerUp);
            Cost cost = new Cost(total[0], total[1]);
            alternative = Optional.of(new Alternative(names(index, runnerUp.placement), cost, cost.squash(squash)));
        }
        PlacedPlan placed = new PlacedPlan(plan, names(index, best.placement), parts.boundaries(), estimates, parts.operatorCosts(),
                parts.startUps(), parts.total(), squash, alternative, engines);
        PlacementInvariants.check(placed, plan, engines, settings);
        return placed;
    }

    private static Key better(Key current, Key candidate, Map<Key, Double> evaluated) {
        if (candidate == null) {
            return current;
        }
        Double value = evaluated.get(candidate);
        if (value == null || value.isNaN()) {
            return current;
        }
        if (current == null || value < evaluated.get(current)) {
            return candidate;
        }
        return current;
    }

    /** Costs the placement exactly once; infeasible placements get NaN and are never chosen. */
    private Key evaluate(Key key, PlanIndex index, CostTable costs, Candidates candidates, Map<Key, Double> evaluated,
                         Map<Key, double[]> totals) {
        if (!evaluated.containsKey(key)) {
            double[] total = PlacementCosting.total(index, costs, candidates, key.placement);
            if (total == null) {
                evaluated.put(key, Double.NaN);
            } else {
                evaluated.put(key, settings.squash().apply(total[0], total[1]));
                totals.put(key, total);
            }
        }
        return key;
    }

    /** Every single-operator move, and for each engine: every operator that may run there moved there. */
    private List<int[]> neighbours(int[] placement, PlanIndex index, Candidates candidates) {
        List<int[]> result = new ArrayList<>();
        for (int e = 0; e < engines.size(); e++) {
            int[] moved = placement.clone();
            for (int i = 0; i < moved.length; i++) {
                if (candidates.allows(i, e)) {
                    moved[i] = e;
                }
            }
            result.add(moved);
        }
        for (int i = 0; i < placement.length; i++) {
            for (long m = candidates.mask(i); m != 0; m &= m - 1) {
                int e = Long.numberOfTrailingZeros(m);
                if (e != placement[i]) {
                    int[] moved = placement.clone();
                    moved[i] = e;
                    result.add(moved);
                }
            }
        }
        return result;
    }

    /** Engine names by operator id, loop-body operators on their loop's engine. */
    private Map<Integer, String> names(PlanIndex index, int[] placement) {
        Map<Integer, String> names = new LinkedHashMap<>();
        for (int i = 0; i < placement.length; i++) {
            String engine = engines.get(placement[i]).name();
            names.put(index.operator(i).id(), engine);
            for (LogicalOperator inner : index.body(i)) {
                names.put(inner.id(), engine);
            }
        }
        return names;
    }

    /** A placement as a map key. */
    private static final class Key {
        final int[] placement;
        final int hash;

        Key(int[] placement) {
            this.placement = placement;
            this.hash = Arrays.hashCode(placement);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && key.hash == hash && Arrays.equals(key.placement, placement);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
