package dev.weft.optimizer.enumerate;

import static java.util.Objects.requireNonNull;

import dev.weft.api.plan.DoWhileOperator;
import dev.weft.api.plan.LogicalOperator;
import dev.weft.api.plan.Plan;
import dev.weft.api.plan.RepeatOperator;
import dev.weft.optimizer.EngineOption;
import dev.weft.optimizer.cost.Cost;
import dev.weft.optimizer.cost.CostModel;
import dev.weft.optimizer.cost.Squash;
import dev.weft.optimizer.estimate.Estimate;
import dev.weft.optimizer.estimate.Estimates;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Every cost the enumerator needs, asked of the {@link CostModel} once and kept in arrays: each operator on each engine
 * it may run on (a loop: its own cost plus its body's per-iteration cost times the iterations: repeat {@code times},
 * do-while {@code [1, maxIterations]}), each engine's start-up, and, on demand, the cheapest channel of an edge between
 * two engines (the channel with the smallest squashed cost; NaN cost when the engines share none).
 */
public final class CostTable {
    private final PlanIndex index;
    private final List<EngineOption> engines;
    private final CostModel model;
    private final Estimates estimates;
    private final Squash squash;
    private final int engineCount;
    private final double[] operatorLower;
    private final double[] operatorUpper;
    private final double[] startLower;
    private final double[] startUpper;
    private final double[] moveLower;
    private final double[] moveUpper;
    private final String[] moveChannel;
    private final boolean[] moveKnown;

    public CostTable(PlanIndex index, List<EngineOption> engines, Candidates candidates, CostModel model, Estimates estimates, Squash squash) {
        this.index = requireNonNull(index, "index is null");
        this.engines = List.copyOf(requireNonNull(engines, "engines is null"));
        this.model = requireNonNull(model, "model is null");
        this.estimates = requireNonNull(estimates, "estimates is null");
        this.squash = requireNonNull(squash, "squash is null");
        this.engineCount = engines.size();
        int n = index.size();
        operatorLower = new double[n * engineCount];
        operatorUpper = new double[n * engineCount];
        Arrays.fill(operatorLower, Double.NaN);
        Arrays.fill(operatorUpper, Double.NaN);
        for (int i = 0; i < n; i++) {
            for (int e = 0; e < engineCount; e++) {
                if (candidates.allows(i, e)) {
                    Cost cost = operatorCost(i, engines.get(e));
                    operatorLower[i * engineCount + e] = cost.lowerMillis();
                    operatorUpper[i * engineCount + e] = cost.upperMillis();
                }
            }
        }
        startLower = new double[engineCount];
        startUpper = new double[engineCount];
        for (int e = 0; e < engineCount; e++) {
            Cost cost = model.startUp(engines.get(e));
            startLower[e] = cost.lowerMillis();
            startUpper[e] = cost.upperMillis();
        }
        int pairs = engineCount * engineCount;
        moveLower = new double[n * pairs];
        moveUpper = new double[n * pairs];
        moveChannel = new String[n * pairs];
        moveKnown = new boolean[n * pairs];
    }

    private Cost operatorCost(int i, EngineOption engine) {
        return cost(index.operator(i), engine);
    }

    /** An operator's cost; a loop's is its own plus its direct body's (nested loops recursively) times its iterations. */
    private Cost cost(LogicalOperator operator, EngineOption engine) {
        Cost own = single(operator, engine);
        if (PlanIndex.loopBody(operator).isEmpty()) {
            return own;
        }
        Cost iteration = Cost.ZERO;
        for (LogicalOperator inner : Plan.topologicalOrder(List.of(PlanIndex.loopBody(operator).get().result()))) {
            if (!index.contains(inner)) {
                iteration = iteration.plus(cost(inner, engine));
            }
        }
        double[] iterations = iterations(operator);
        return own.plus(iteration.times(iterations[0], iterations[1]));
    }

    /** The iterations of a loop as [lower, upper]: repeat {@code times}; do-while {@code [1, maxIterations]}. */
    static double[] iterations(LogicalOperator loop) {
        if (loop instanceof RepeatOperator repeat) {
            return new double[] {repeat.times(), repeat.times()};
        }
        if (loop instanceof DoWhileOperator doWhile) {
            return new double[] {1, doWhile.maxIterations()};
        }
        return new double[] {1, 1};
    }

    private Cost single(LogicalOperator operator, EngineOption engine) {
        List<Estimate> inputs = new ArrayList<>(operator.inputs().size());
        for (LogicalOperator input : operator.inputs()) {
            inputs.add(estimates.of(input));
        }
        return requireNonNull(model.operator(operator, engine, inputs, estimates.of(operator)),
                "cost model returned null for " + operator.kind());
    }

    public int engineCount() {
        return engineCount;
    }

    public double operatorLower(int operator, int engine) {
        return operatorLower[operator * engineCount + engine];
    }

    public double operatorUpper(int operator, int engine) {
        return operatorUpper[operator * engineCount + engine];
    }

    public Cost operatorCost(int operator, int engine) {
        return new Cost(operatorLower(operator, engine), operatorUpper(operator, engine));
    }

    public double startLower(int engine) {
        return startLower[engine];
    }

    public double startUpper(int engine) {
        return startUpper[engine];
    }

    public Cost startUp(int engine) {
        return new Cost(startLower[engine], startUpper[engine]);
    }

    /** Start-up of every engine in the mask, lower bound. */
    public double startLower(long mask) {
        double sum = 0;
        for (long m = mask; m != 0; m &= m - 1) {
            sum += startLower[Long.numberOfTrailingZeros(m)];
        }
        return sum;
    }

    public double startUpper(long mask) {
        double sum = 0;
        for (long m = mask; m != 0; m &= m - 1) {
            sum += startUpper[Long.numberOfTrailingZeros(m)];
        }
        return sum;
    }

    /** Lower bound of moving the producer's output from one engine to another; 0 on the same engine, NaN without a common channel. */
    public double moveLower(int producer, int from, int to) {
        if (from == to) {
            return 0;
        }
        int slot = movement(producer, from, to);
        return moveLower[slot];
    }

    public double moveUpper(int producer, int from, int to) {
        if (from == to) {
            return 0;
        }
        int slot = movement(producer, from, to);
        return moveUpper[slot];
    }

    /** The channel chosen for the edge, null without a common channel (never called on the same engine). */
    public String channel(int producer, int from, int to) {
        return moveChannel[movement(producer, from, to)];
    }

    private int movement(int producer, int from, int to) {
        int slot = (producer * engineCount + from) * engineCount + to;
        if (!moveKnown[slot]) {
            Map<String, Cost> channels = model.movement(engines.get(from), engines.get(to), estimates.of(index.operator(producer)));
            String best = null;
            Cost bestCost = null;
            double bestValue = Double.POSITIVE_INFINITY;
            for (Map.Entry<String, Cost> channel : channels.entrySet()) {
                double value = channel.getValue().squash(squash);
                if (value < bestValue || best == null) {
                    best = channel.getKey();
                    bestCost = channel.getValue();
                    bestValue = value;
                }
            }
            moveChannel[slot] = best;
            moveLower[slot] = best == null ? Double.NaN : bestCost.lowerMillis();
            moveUpper[slot] = best == null ? Double.NaN : bestCost.upperMillis();
            moveKnown[slot] = true;
        }
        return slot;
    }

    public Squash squash() {
        return squash;
    }
}
