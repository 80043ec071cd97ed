package dev.weft.optimizer;

import static java.util.Objects.requireNonNull;

import dev.weft.optimizer.cost.Cost;
import java.util.Map;

/** The runner-up plan: the cheapest placement that differs from the chosen one, for explain. */
public record Alternative(Map<Integer, String> engines, Cost total, double squashedTotal) {
    public Alternative {
        engines = Map.copyOf(requireNonNull(engines, "engines is null"));
        requireNonNull(total, "total is null");
    }
}
