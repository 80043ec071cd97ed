package dev.weft.optimizer;

import static java.util.Objects.requireNonNull;

import dev.weft.optimizer.cost.Squash;
import java.util.Set;

/**
 * How the optimizer chooses: the engines it may use (empty: all it is given; configuration key {@code weft.engines})
 * and how cost intervals become one number ({@code weft.cost.squash}).
 */
public record OptimizerSettings(Set<String> allowedEngines, Squash squash) {
    public static final OptimizerSettings DEFAULTS = new OptimizerSettings(Set.of(), Squash.GEOMETRIC_MEAN);

    public OptimizerSettings {
        allowedEngines = Set.copyOf(requireNonNull(allowedEngines, "allowedEngines is null"));
        requireNonNull(squash, "squash is null");
    }
}
