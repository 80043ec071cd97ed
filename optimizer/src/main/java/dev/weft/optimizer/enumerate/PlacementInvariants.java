package dev.weft.optimizer.enumerate;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.plan.LogicalOperator;
import dev.weft.api.plan.Plan;
import dev.weft.optimizer.Boundary;
import dev.weft.optimizer.EngineOption;
import dev.weft.optimizer.OptimizerSettings;
import dev.weft.optimizer.PlacedPlan;
import dev.weft.optimizer.cost.CostProfile;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a finished placement; a violation is a bug of the optimizer, reported as
 * {@code OPTIMIZER_INVARIANT_VIOLATED: "rule <Rule> broke invariant <name>: ..."} where the rule is the part of the
 * optimizer whose job it was to prevent it:
 * <ul>
 *   <li>{@code plan-unchanged} (Optimizer): the placed plan is the very plan given (the optimizer never rewrites it,
 *       so operators' schemas are unchanged);</li>
 *   <li>{@code every-operator-placed} (PlacementSearch): every operator and loop-body operator has an engine that is
 *       one of the engines given;</li>
 *   <li>{@code loop-on-one-engine} (PlacementSearch): a loop's body runs on the loop's engine;</li>
 *   <li>{@code allowed-engine} (AllowListRule), {@code pin-respected} (PinRule), {@code capable-engine}
 *       (CapabilityRule): the candidate rules' constraints hold for the chosen engine;</li>
 *   <li>{@code boundary-channel} (CostTable, which chooses channels): an edge between two engines has exactly one
 *       boundary, whose channel both engines' profiles list ("in-process" only between two driver-process engines),
 *       and no boundary lies on an edge within one engine.</li>
 * </ul>
 */
public final class PlacementInvariants {
    private PlacementInvariants() {}

    public static void check(PlacedPlan placed, Plan plan, List<EngineOption> engines, OptimizerSettings settings) {
        if (placed.plan() != plan) {
            throw violated("Optimizer", "plan-unchanged", "the placed plan '%s' is not the plan '%s' that was given".formatted(placed.plan().name(), plan.name()));
        }
        Map<String, EngineOption> byName = new HashMap<>();
        for (EngineOption engine : engines) {
            byName.put(engine.name(), engine);
        }
        PlanIndex index = new PlanIndex(plan);
        AllowListRule allowList = new AllowListRule(settings.allowedEngines());
        PinRule pins = new PinRule(plan.pins());
        CapabilityRule capabilities = new CapabilityRule();
        for (int i = 0; i < index.size(); i++) {
            LogicalOperator operator = index.operator(i);
            EngineOption engine = engineOf(placed, operator, byName);
            List<LogicalOperator> body = index.body(i);
            for (LogicalOperator inner : body) {
                EngineOption innerEngine = engineOf(placed, inner, byName);
                if (innerEngine != engine) {
                    throw violated("PlacementSearch", "loop-on-one-engine", "%s is on '%s' but its loop %s is on '%s'"
                            .formatted(label(inner), innerEngine.name(), label(operator), engine.name()));
                }
            }
            holds(allowList, "allowed-engine", operator, body, engine);
            holds(pins, "pin-respected", operator, body, engine);
            holds(capabilities, "capable-engine", operator, body, engine);
            int[] inputs = index.inputs(i);
            for (int j = 0; j < inputs.length; j++) {
                checkEdge(placed, index.operator(inputs[j]), operator, byName);
            }
        }
        for (Boundary boundary : placed.boundaries()) {
            String from = placed.placement().get(boundary.producerId());
            String to = placed.placement().get(boundary.consumerId());
            if (!boundary.fromEngine().equals(from) || !boundary.toEngine().equals(to) || from.equals(to)) {
                throw violated("CostTable", "boundary-channel", "boundary #%d -> #%d says %s -> %s but the operators run on %s and %s"
                        .formatted(boundary.producerId(), boundary.consumerId(), boundary.fromEngine(), boundary.toEngine(), from, to));
            }
        }
    }

    private static void checkEdge(PlacedPlan placed, LogicalOperator producer, LogicalOperator consumer, Map<String, EngineOption> byName) {
        EngineOption from = byName.get(placed.engineOf(producer));
        EngineOption to = byName.get(placed.engineOf(consumer));
        Optional<Boundary> boundary = placed.boundary(producer, consumer);
        if (from == to) {
            return;
        }
        if (boundary.isEmpty()) {
            throw violated("CostTable", "boundary-channel", "the edge %s -> %s crosses from '%s' to '%s' without a boundary"
                    .formatted(label(producer), label(consumer), from.name(), to.name()));
        }
        String channel = boundary.get().channel();
        CostProfile out = from.profile();
        CostProfile in = to.profile();
        boolean shared = out.channel(channel).isPresent() && in.channel(channel).isPresent();
        boolean inProcess = !"in-process".equals(channel)
                || (out.process() == CostProfile.EngineProcess.DRIVER && in.process() == CostProfile.EngineProcess.DRIVER);
        if (!shared || !inProcess) {
            throw violated("CostTable", "boundary-channel", "the edge %s -> %s uses channel '%s' between '%s' (%s) and '%s' (%s), which %s"
                    .formatted(label(producer), label(consumer), channel, from.name(), out.origin(), to.name(), in.origin(),
                            shared ? "are not both in the driver process" : "do not both have it"));
        }
    }

    private static void holds(CandidateRule rule, String invariant, LogicalOperator operator, List<LogicalOperator> body, EngineOption engine) {
        Optional<String> reason = rule.exclude(operator, body, engine);
        if (reason.isPresent()) {
            throw violated(rule.name(), invariant, "%s was placed on '%s': %s".formatted(label(operator), engine.name(), reason.get()));
        }
    }

    private static EngineOption engineOf(PlacedPlan placed, LogicalOperator operator, Map<String, EngineOption> byName) {
        String name = placed.placement().get(operator.id());
        if (name == null) {
            throw violated("PlacementSearch", "every-operator-placed", "%s has no engine".formatted(label(operator)));
        }
        EngineOption engine = byName.get(name);
        if (engine == null) {
            throw violated("PlacementSearch", "every-operator-placed", "%s is on '%s', which is not one of the engines %s"
                    .formatted(label(operator), name, byName.keySet().stream().sorted().toList()));
        }
        return engine;
    }

    private static String label(LogicalOperator operator) {
        return "%s '%s' (#%d)".formatted(operator.kind(), operator.name(), operator.id());
    }

    private static WeftException violated(String rule, String invariant, String detail) {
        return new WeftException(ErrorCode.OPTIMIZER_INVARIANT_VIOLATED, "rule %s broke invariant %s: %s; this is a bug of the optimizer, please report it"
                .formatted(rule, invariant, detail));
    }
}
