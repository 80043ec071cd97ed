package dev.weft.optimizer.enumerate;

import dev.weft.optimizer.Boundary;
import dev.weft.optimizer.EngineOption;
import dev.weft.optimizer.cost.Cost;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The exact cost of one complete placement: every operator once on its engine, every edge between two engines once
 * over its cheapest channel, and the start-up of every engine used once.
 */
final class PlacementCosting {
    private PlacementCosting() {}

    /** {@code [lower, upper]} of the placement's total, or null if it is not feasible (an operator on an engine it may not run on, an edge without a channel). */
    static double[] total(PlanIndex index, CostTable costs, Candidates candidates, int[] placement) {
        double lower = 0;
        double upper = 0;
        long used = 0;
        for (int i = 0; i < placement.length; i++) {
            int engine = placement[i];
            if (!candidates.allows(i, engine)) {
                return null;
            }
            used |= 1L << engine;
            lower += costs.operatorLower(i, engine);
            upper += costs.operatorUpper(i, engine);
            for (int input : index.inputs(i)) {
                int from = placement[input];
                if (from != engine) {
                    double moveLower = costs.moveLower(input, from, engine);
                    if (Double.isNaN(moveLower)) {
                        return null;
                    }
                    lower += moveLower;
                    upper += costs.moveUpper(input, from, engine);
                }
            }
        }
        return new double[] {lower + costs.startLower(used), upper + costs.startUpper(used)};
    }

    /** The parts of a feasible placement, for the placed plan. */
    record Parts(Map<Integer, Cost> operatorCosts, List<Boundary> boundaries, Map<String, Cost> startUps, Cost total) {}

    static Parts parts(PlanIndex index, CostTable costs, Candidates candidates, List<EngineOption> engines, int[] placement) {
        Map<Integer, Cost> operatorCosts = new LinkedHashMap<>();
        List<Boundary> boundaries = new ArrayList<>();
        Map<String, Cost> startUps = new LinkedHashMap<>();
        Cost total = Cost.ZERO;
        for (int i = 0; i < placement.length; i++) {
            int engine = placement[i];
            Cost own = costs.operatorCost(i, engine);
            operatorCosts.put(index.operator(i).id(), own);
            total = total.plus(own);
            String name = engines.get(engine).name();
            if (!startUps.containsKey(name)) {
                Cost startUp = costs.startUp(engine);
                startUps.put(name, startUp);
                total = total.plus(startUp);
            }
            for (int input : index.inputs(i)) {
                int from = placement[input];
                if (from != engine) {
                    Cost move = new Cost(costs.moveLower(input, from, engine), costs.moveUpper(input, from, engine));
                    boundaries.add(new Boundary(index.operator(input).id(), index.operator(i).id(), engines.get(from).name(), name,
                            costs.channel(input, from, engine), move));
                    total = total.plus(move);
                }
            }
        }
        // the same summation as total(), so that the chosen plan and the runner-up compare exactly as they were ranked
        double[] exact = total(index, costs, candidates, placement);
        return new Parts(operatorCosts, boundaries, startUps, exact == null ? total : new Cost(exact[0], exact[1]));
    }
}
