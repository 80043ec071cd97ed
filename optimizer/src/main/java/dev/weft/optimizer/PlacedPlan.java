package dev.weft.optimizer;

import static java.util.Objects.requireNonNull;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.plan.LogicalOperator;
import dev.weft.api.plan.Plan;
import dev.weft.optimizer.cost.Cost;
import dev.weft.optimizer.cost.Squash;
import dev.weft.optimizer.estimate.Estimates;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The optimizer's answer: the engine of every operator (by operator id; loop-body operators run on their loop's engine
 * and are listed too), the channel at every engine boundary, the estimates and costs behind the choice, and the
 * runner-up.
 *
 * @param operatorCosts each operator's own cost on its engine (loops include their bodies), start-up excluded
 * @param startUps the start-up cost of each engine the plan uses, by engine name
 * @param total operators + boundaries + start-ups
 * @param engines the engines that were considered, for explain
 */
public record PlacedPlan(Plan plan, Map<Integer, String> placement, List<Boundary> boundaries, Estimates estimates,
                         Map<Integer, Cost> operatorCosts, Map<String, Cost> startUps, Cost total, Squash squash,
                         Optional<Alternative> runnerUp, List<EngineOption> engines) {
    public PlacedPlan {
        requireNonNull(plan, "plan is null");
        placement = Map.copyOf(requireNonNull(placement, "placement is null"));
        boundaries = List.copyOf(requireNonNull(boundaries, "boundaries is null"));
        requireNonNull(estimates, "estimates is null");
        operatorCosts = Map.copyOf(requireNonNull(operatorCosts, "operatorCosts is null"));
        startUps = Map.copyOf(requireNonNull(startUps, "startUps is null"));
        requireNonNull(total, "total is null");
        requireNonNull(squash, "squash is null");
        requireNonNull(runnerUp, "runnerUp is null");
        engines = List.copyOf(requireNonNull(engines, "engines is null"));
    }

    /** The engine the operator runs on. */
    public String engineOf(LogicalOperator operator) {
        String engine = placement.get(operator.id());
        if (engine == null) {
            throw new WeftException(ErrorCode.GENERIC_INTERNAL_ERROR, "%s (#%d) was not placed".formatted(operator.info().describe(), operator.id()));
        }
        return engine;
    }

    /** The boundary on the edge from producer to consumer, if they run on different engines. */
    public Optional<Boundary> boundary(LogicalOperator producer, LogicalOperator consumer) {
        return boundaries.stream().filter(b -> b.producerId() == producer.id() && b.consumerId() == consumer.id()).findFirst();
    }

    public double squashedTotal() {
        return total.squash(squash);
    }

    /** The distinct engines used, in order of first use. */
    public List<String> enginesUsed() {
        return plan.operators().stream().map(this::engineOf).distinct().toList();
    }
}
