package dev.weft.optimizer.enumerate;

import static java.util.Objects.requireNonNull;

import dev.weft.api.plan.EnginePins;
import dev.weft.api.plan.LogicalOperator;
import dev.weft.optimizer.EngineOption;
import java.util.List;
import java.util.Optional;

/** A pinned operator (or every operator of a pinned pipeline) runs on its pinned engine only; an operator pin wins. */
public final class PinRule implements CandidateRule {
    private final EnginePins pins;

    public PinRule(EnginePins pins) {
        this.pins = requireNonNull(pins, "pins is null");
    }

    @Override
    public Optional<String> exclude(LogicalOperator operator, List<LogicalOperator> body, EngineOption engine) {
        Optional<String> pinned = pins.of(operator);
        if (pinned.isEmpty() || pinned.get().equals(engine.name())) {
            return Optional.empty();
        }
        return Optional.of("%s pinned to '%s'".formatted(pins.pinsOperator(operator) ? "operator" : "pipeline", pinned.get()));
    }
}
