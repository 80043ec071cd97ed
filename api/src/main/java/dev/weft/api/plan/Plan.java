package dev.weft.api.plan;

import static java.util.Objects.requireNonNull;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Collections;

/** A validated logical plan: the DAG reachable from its sinks. */
public final class Plan {
    private final String name;
    private final List<SinkOperator> sinks;
    private final List<LogicalOperator> operators;
    private final EnginePins pins;

    private Plan(String name, List<SinkOperator> sinks, EnginePins pins) {
        this.name = requireNonNull(name, "name is null");
        this.sinks = List.copyOf(requireNonNull(sinks, "sinks is null"));
        this.operators = topologicalOrder(this.sinks);
        this.pins = requireNonNull(pins, "pins is null");
    }

    /** Builds and validates a plan; a plan without sinks, or an invalid one, is a user error. */
    public static Plan of(String name, List<SinkOperator> sinks) {
        return of(name, sinks, EnginePins.NONE);
    }

    /** Builds and validates a plan whose operators (or all of it) the user pinned to engines. */
    public static Plan of(String name, List<SinkOperator> sinks, EnginePins pins) {
        if (sinks.isEmpty()) {
            throw new WeftException(ErrorCode.INVALID_PLAN,
                    "pipeline '%s' has no sink: end it with collect(), forEach(...), writeText(...) or writeCsv(...)".formatted(name));
        }
        Plan plan = new Plan(name, sinks, pins);
        PlanValidator.validate(plan);
        return plan;
    }

    public String name() {
        return name;
    }

    /** The engines the user pinned operators (or the whole plan) to. */
    public EnginePins pins() {
        return pins;
    }

    public List<SinkOperator> sinks() {
        return sinks;
    }

    /** Every operator once, inputs before their consumers (loop bodies are not expanded). */
    public List<LogicalOperator> operators() {
        return operators;
    }

    /** The operators that read each operator's output. */
    public Map<LogicalOperator, List<LogicalOperator>> consumers() {
        Map<LogicalOperator, List<LogicalOperator>> consumers = new IdentityHashMap<>();
        for (LogicalOperator operator : operators) {
            consumers.putIfAbsent(operator, new ArrayList<>());
            for (LogicalOperator input : operator.inputs()) {
                consumers.computeIfAbsent(input, k -> new ArrayList<>()).add(operator);
            }
        }
        return consumers;
    }

    public static List<LogicalOperator> topologicalOrder(List<? extends LogicalOperator> roots) {
        List<LogicalOperator> order = new ArrayList<>();
        Set<LogicalOperator> visited = Collections.newSetFromMap(new IdentityHashMap<>());
        for (LogicalOperator root : roots) {
            visit(root, visited, order);
        }
        return List.copyOf(order);
    }

    private static void visit(LogicalOperator operator, Set<LogicalOperator> visited, List<LogicalOperator> order) {
        if (!visited.add(operator)) {
            return;
        }
        for (LogicalOperator input : operator.inputs()) {
            visit(input, visited, order);
        }
        order.add(operator);
    }

    @Override
    public String toString() {
        return PlanPrinter.print(this);
    }
}
