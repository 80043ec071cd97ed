package dev.weft.api.plan;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;

/**
 * Where the user pinned work: a whole pipeline ({@code pipeline.on(...)}) and single operators ({@code dataset.on(...)},
 * by operator id). An operator pin wins over the pipeline pin. The optimizer places pinned operators on their engine
 * or fails naming the pin.
 */
public record EnginePins(Optional<String> pipeline, Map<Integer, String> operators) {
    public static final EnginePins NONE = new EnginePins(Optional.empty(), Map.of());

    public EnginePins {
        requireNonNull(pipeline, "pipeline is null");
        operators = Map.copyOf(requireNonNull(operators, "operators is null"));
    }

    /** The engine this operator must run on, if the user said so. */
    public Optional<String> of(LogicalOperator operator) {
        String pinned = operators.get(operator.id());
        return pinned != null ? Optional.of(pinned) : pipeline;
    }

    /** Whether the operator itself (not the whole pipeline) is pinned. */
    public boolean pinsOperator(LogicalOperator operator) {
        return operators.containsKey(operator.id());
    }

    public boolean isEmpty() {
        return pipeline.isEmpty() && operators.isEmpty();
    }
}
