package dev.weft.optimizer.enumerate;

import static java.util.Objects.requireNonNull;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.plan.LogicalOperator;
import dev.weft.optimizer.cost.Squash;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The dynamic program. Operators are visited in topological order; for each operator {@code i} and each engine
 * {@code e} it may run on, it keeps a small Pareto set of partial plans of the sub-plan ending in {@code i}, each a cost
 * interval (operators and data movement, start-ups excluded) and the set of engines used (whose start-ups the whole plan
 * pays once). Partial plan A dominates B when {@code squash(A.cost + startUp(A.engines \ B.engines)) <= squash(B.cost)}:
 * whatever the rest of the plan adds, A is never worse. Each set keeps at most {@link #MAX_PARETO} plans (cheapest by
 * {@code cost + startUp(engines)} first); with E engines a set has at most 2^E members anyway.
 *
 * <p>An edge between two engines takes the cheapest channel the cost model offers for that pair (its cost depends on
 * the pair and the edge's data only, so the channel need not be a dimension of the search). An operator read by k > 1
 * edges (a shared sub-plan) contributes 1/k of its partial cost to each consumer, so the sum over consumers counts it
 * once; the consumers may still choose different placements for it, in which case the first consumer (sinks in plan
 * order, inputs in order, depth first) wins when the plan is read back, and the caller re-costs the result exactly.
 */
final class PlacementSearch {
    /** Pareto sets are cut to this many plans. */
    static final int MAX_PARETO = 32;

    private final PlanIndex index;
    private final CostTable costs;
    private final Candidates candidates;
    private final Squash squash;
    private final int engines;
    private final List<List<Entry>> sets;

    PlacementSearch(PlanIndex index, CostTable costs, Candidates candidates) {
        this.index = requireNonNull(index, "index is null");
        this.costs = requireNonNull(costs, "costs is null");
        this.candidates = requireNonNull(candidates, "candidates is null");
        this.squash = costs.squash();
        this.engines = costs.engineCount();
        this.sets = new ArrayList<>(index.size() * engines);
    }

    /** A partial plan (or, while combining inputs, one input's option or a combination of inputs). */
    static final class Entry {
        final int operator;
        final int engine;
        final double lower;
        final double upper;
        final long mask;
        /** The chosen partial plan of each input. */
        final Entry[] picks;
        /** For an input option: the input's partial plan it carries (its cost here is shared and includes the move). */
        final Entry source;
        double key;

        Entry(int operator, int engine, double lower, double upper, long mask, Entry[] picks) {
            this(operator, engine, lower, upper, mask, picks, null);
        }

        Entry(int operator, int engine, double lower, double upper, long mask, Entry[] picks, Entry source) {
            this.operator = operator;
            this.engine = engine;
            this.lower = lower;
            this.upper = upper;
            this.mask = mask;
            this.picks = picks;
            this.source = source;
        }
    }

    private static final Entry[] NO_PICKS = new Entry[0];
    private static final Comparator<Entry> BY_KEY = Comparator.comparingDouble(entry -> entry.key);

    /** Runs the search; returns complete placements (engine index per operator index), cheapest first, at most {@code limit}. */
    List<int[]> run(int limit) {
        for (int i = 0; i < index.size(); i++) {
            int[] inputs = index.inputs(i);
            boolean any = false;
            for (int e = 0; e < engines; e++) {
                List<Entry> set = candidates.allows(i, e) ? entries(i, e, inputs) : List.of();
                sets.add(set);
                any |= !set.isEmpty();
            }
            if (!any) {
                LogicalOperator operator = index.operator(i);
                throw new WeftException(ErrorCode.NO_PLACEMENT, ("no engine can run %s (%s#%d) and receive its inputs: the engines it may run on share "
                        + "no channel with the engines its inputs may run on; allow more engines in weft.engines or change the pins")
                        .formatted(operator.info().describe(), operator.kind(), operator.id()));
            }
        }
        List<Entry> roots = List.of(new Entry(-1, -1, 0, 0, 0, new Entry[index.sinkCount()]));
        for (int s = 0; s < index.sinkCount(); s++) {
            int sink = index.sink(s);
            List<Entry> options = new ArrayList<>();
            for (int e = 0; e < engines; e++) {
                options.addAll(set(sink, e));
            }
            roots = combine(roots, options, s);
        }
        List<int[]> placements = new ArrayList<>();
        for (Entry root : roots) {
            if (placements.size() == limit) {
                break;
            }
            placements.add(readBack(root));
        }
        return placements;
    }

    private List<Entry> set(int operator, int engine) {
        return sets.get(operator * engines + engine);
    }

    private List<Entry> entries(int i, int e, int[] inputs) {
        double ownLower = costs.operatorLower(i, e);
        double ownUpper = costs.operatorUpper(i, e);
        long own = 1L << e;
        if (inputs.length == 0) {
            return List.of(new Entry(i, e, ownLower, ownUpper, own, NO_PICKS));
        }
        List<Entry> combined = List.of(new Entry(i, e, 0, 0, own, new Entry[inputs.length]));
        for (int j = 0; j < inputs.length; j++) {
            List<Entry> options = options(inputs[j], e);
            if (options.isEmpty()) {
                return List.of();
            }
            combined = combine(combined, options, j);
        }
        List<Entry> result = new ArrayList<>(combined.size());
        for (Entry entry : combined) {
            Entry partial = new Entry(i, e, entry.lower + ownLower, entry.upper + ownUpper, entry.mask, entry.picks);
            result.add(partial);
        }
        keyAndSort(result);
        return result;
    }

    /** The ways input {@code input} can reach an operator on engine {@code to}: each partial plan of the input, its share if shared, plus the move. */
    private List<Entry> options(int input, int to) {
        double share = 1.0 / Math.max(1, index.consumerEdges(input));
        List<Entry> options = new ArrayList<>();
        long mask = candidates.mask(input);
        for (long m = mask; m != 0; m &= m - 1) {
            int from = Long.numberOfTrailingZeros(m);
            List<Entry> set = set(input, from);
            if (set.isEmpty()) {
                continue;
            }
            double moveLower = costs.moveLower(input, from, to);
            if (Double.isNaN(moveLower)) {
                continue;
            }
            double moveUpper = costs.moveUpper(input, from, to);
            for (Entry partial : set) {
                options.add(new Entry(input, from, partial.lower * share + moveLower, partial.upper * share + moveUpper, partial.mask,
                        NO_PICKS, partial));
            }
        }
        return prune(options);
    }

    /** Every combination of the partial combinations so far with one option for input (or sink) {@code slot}, pruned. */
    private List<Entry> combine(List<Entry> sofar, List<Entry> options, int slot) {
        List<Entry> result = new ArrayList<>(sofar.size() * options.size());
        for (Entry left : sofar) {
            for (Entry option : options) {
                Entry[] picks = left.picks.clone();
                picks[slot] = option.source != null ? option.source : option;
                result.add(new Entry(left.operator, left.engine, left.lower + option.lower, left.upper + option.upper, left.mask | option.mask, picks));
            }
        }
        return prune(result);
    }

    private void keyAndSort(List<Entry> entries) {
        for (Entry entry : entries) {
            entry.key = squash.apply(entry.lower + costs.startLower(entry.mask), entry.upper + costs.startUpper(entry.mask));
        }
        if (entries.size() > 1) {
            entries.sort(BY_KEY);
        }
    }

    /** Drops dominated entries (see the class comment) and keeps at most {@link #MAX_PARETO}, cheapest first. */
    private List<Entry> prune(List<Entry> entries) {
        if (entries.size() <= 1) {
            keyAndSort(entries);
            return entries;
        }
        keyAndSort(entries);
        List<Entry> kept = new ArrayList<>(Math.min(entries.size(), MAX_PARETO));
        for (Entry candidate : entries) {
            double candidateValue = squash.apply(candidate.lower, candidate.upper);
            boolean dominated = false;
            for (Entry keeper : kept) {
                long extra = keeper.mask & ~candidate.mask;
                double value = extra == 0 ? squash.apply(keeper.lower, keeper.upper)
                        : squash.apply(keeper.lower + costs.startLower(extra), keeper.upper + costs.startUpper(extra));
                if (value <= candidateValue) {
                    dominated = true;
                    break;
                }
            }
            if (!dominated) {
                kept.add(candidate);
                if (kept.size() == MAX_PARETO) {
                    break;
                }
            }
        }
        return kept;
    }

    /** The placement of a complete plan: sinks in order, depth first; an operator already placed keeps its first placement. */
    private int[] readBack(Entry root) {
        int[] placement = new int[index.size()];
        Arrays.fill(placement, -1);
        for (Entry pick : root.picks) {
            visit(pick, placement);
        }
        for (int i = 0; i < placement.length; i++) {
            if (placement[i] < 0) {
                throw new IllegalStateException("operator #%d was not reached from a sink".formatted(index.operator(i).id()));
            }
        }
        return placement;
    }

    private void visit(Entry partial, int[] placement) {
        if (placement[partial.operator] >= 0) {
            return;
        }
        placement[partial.operator] = partial.engine;
        for (Entry pick : partial.picks) {
            visit(pick, placement);
        }
    }
}
