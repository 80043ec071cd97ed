package dev.weft.api.spi;

import static java.util.Objects.requireNonNull;

import dev.weft.api.plan.LogicalOperator;
import dev.weft.api.plan.Plan;
import dev.weft.api.plan.SinkOperator;
import java.util.List;

/** A connected group of operators that one engine runs, given by the sinks it ends in. */
public record Stage(String id, List<SinkOperator> sinks) {
    public Stage {
        requireNonNull(id, "id is null");
        sinks = List.copyOf(requireNonNull(sinks, "sinks is null"));
        if (sinks.isEmpty()) {
            throw new IllegalArgumentException("a stage needs at least one sink");
        }
    }

    /** The stage's operators, inputs before consumers. */
    public List<LogicalOperator> operators() {
        return Plan.topologicalOrder(sinks);
    }
}
