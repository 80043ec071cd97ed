package dev.weft.optimizer.enumerate;

import static java.util.Objects.requireNonNull;

import dev.weft.api.plan.DoWhileOperator;
import dev.weft.api.plan.LogicalOperator;
import dev.weft.api.plan.LoopBody;
import dev.weft.api.plan.Plan;
import dev.weft.api.plan.RepeatOperator;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The plan's operators numbered in topological order (inputs first), with input indices, the number of edges reading
 * each operator, and the body operators of each loop (which run on their loop's engine). The enumerator works on these
 * arrays instead of maps so that planning allocates little.
 */
public final class PlanIndex {
    private final Plan plan;
    private final List<LogicalOperator> operators;
    private final Map<LogicalOperator, Integer> positions = new IdentityHashMap<>();
    private final int[][] inputs;
    private final int[] consumerEdges;
    private final List<List<LogicalOperator>> bodies;
    private final int[] sinks;

    public PlanIndex(Plan plan) {
        this.plan = requireNonNull(plan, "plan is null");
        this.operators = plan.operators();
        for (int i = 0; i < operators.size(); i++) {
            positions.put(operators.get(i), i);
        }
        inputs = new int[operators.size()][];
        consumerEdges = new int[operators.size()];
        bodies = new ArrayList<>(operators.size());
        for (int i = 0; i < operators.size(); i++) {
            LogicalOperator operator = operators.get(i);
            List<LogicalOperator> in = operator.inputs();
            inputs[i] = new int[in.size()];
            for (int j = 0; j < in.size(); j++) {
                int input = positions.get(in.get(j));
                inputs[i][j] = input;
                consumerEdges[input]++;
            }
            bodies.add(bodyOperators(operator));
        }
        sinks = plan.sinks().stream().mapToInt(positions::get).toArray();
    }

    /** The operators of a loop's body (every operator reachable from its result that is not an operator of the outer plan); empty for other operators. */
    private List<LogicalOperator> bodyOperators(LogicalOperator operator) {
        Optional<LoopBody> body = loopBody(operator);
        if (body.isEmpty()) {
            return List.of();
        }
        List<LogicalOperator> result = new ArrayList<>();
        for (LogicalOperator inner : Plan.topologicalOrder(List.of(body.get().result()))) {
            if (!positions.containsKey(inner)) {
                result.add(inner);
                // nested loops: their bodies run on the same engine too
                result.addAll(bodyOperators(inner));
            }
        }
        return List.copyOf(result);
    }

    public static Optional<LoopBody> loopBody(LogicalOperator operator) {
        if (operator instanceof RepeatOperator repeat) {
            return Optional.of(repeat.body());
        }
        if (operator instanceof DoWhileOperator doWhile) {
            return Optional.of(doWhile.body());
        }
        return Optional.empty();
    }

    /** Whether the operator is one of the outer plan's (not only inside a loop body). */
    public boolean contains(LogicalOperator operator) {
        return positions.containsKey(operator);
    }

    public Plan plan() {
        return plan;
    }

    public int size() {
        return operators.size();
    }

    public LogicalOperator operator(int index) {
        return operators.get(index);
    }

    public int indexOf(LogicalOperator operator) {
        Integer index = positions.get(operator);
        if (index == null) {
            throw new IllegalArgumentException("%s (#%d) is not an operator of plan '%s'".formatted(operator.kind(), operator.id(), plan.name()));
        }
        return index;
    }

    /** Indices of the operator's inputs, in input order (an input read twice appears twice). */
    public int[] inputs(int index) {
        return inputs[index];
    }

    /** How many input edges read the operator's output (0 for sinks). */
    public int consumerEdges(int index) {
        return consumerEdges[index];
    }

    /** The loop body's operators (nested bodies included), empty for an operator that is not a loop. */
    public List<LogicalOperator> body(int index) {
        return bodies.get(index);
    }

    public int[] sinks() {
        return sinks.clone();
    }

    int sinkCount() {
        return sinks.length;
    }

    int sink(int position) {
        return sinks[position];
    }
}
