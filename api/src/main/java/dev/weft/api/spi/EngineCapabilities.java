package dev.weft.api.spi;

import static java.util.Objects.requireNonNull;

import dev.weft.api.plan.Lambdas;
import dev.weft.api.plan.LogicalOperator;
import java.util.Set;

/** What an engine can run: operator kinds, bounded and/or unbounded inputs, and whether it runs Java lambdas. */
public record EngineCapabilities(Set<Class<? extends LogicalOperator>> operators, boolean bounded, boolean unbounded,
                                 boolean lambdas) {
    public EngineCapabilities {
        operators = Set.copyOf(requireNonNull(operators, "operators is null"));
    }

    public boolean supports(LogicalOperator operator) {
        boolean kind = operators.stream().anyMatch(type -> type.isInstance(operator));
        boolean boundedness = operator.output().bounded() ? bounded : unbounded;
        return kind && boundedness && (lambdas || !Lambdas.uses(operator));
    }
}
