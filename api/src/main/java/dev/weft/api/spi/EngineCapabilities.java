package dev.weft.api.spi;

import static java.util.Objects.requireNonNull;

import dev.weft.api.plan.Lambdas;
import dev.weft.api.plan.LogicalOperator;
import java.util.Set;

/**
 * What an engine can run: operator kinds, bounded and/or unbounded inputs, whether it runs Java lambdas, which kinds
 * it runs on unbounded inputs ({@code unboundedOperators}: every kind by default; an engine that streams only through
 * some operators, as the Java engine does, names them), and whether it runs a lambda through the SQL equivalent its
 * hints declare ({@code sqlEquivalents}: an SQL engine that cannot run Java code may still run such a lambda).
 */
public record EngineCapabilities(Set<Class<? extends LogicalOperator>> operators, boolean bounded, boolean unbounded,
                                 boolean lambdas, Set<Class<? extends LogicalOperator>> unboundedOperators,
                                 boolean sqlEquivalents) {
    public EngineCapabilities {
        operators = Set.copyOf(requireNonNull(operators, "operators is null"));
        unboundedOperators = Set.copyOf(requireNonNull(unboundedOperators, "unboundedOperators is null"));
    }

    /** Capabilities that do not run lambdas through SQL equivalents. */
    public EngineCapabilities(Set<Class<? extends LogicalOperator>> operators, boolean bounded, boolean unbounded,
                              boolean lambdas, Set<Class<? extends LogicalOperator>> unboundedOperators) {
        this(operators, bounded, unbounded, lambdas, unboundedOperators, false);
    }

    /** Capabilities that run every kind they list on unbounded inputs when {@code unbounded} is true. */
    public EngineCapabilities(Set<Class<? extends LogicalOperator>> operators, boolean bounded, boolean unbounded, boolean lambdas) {
        this(operators, bounded, unbounded, lambdas, unbounded ? operators : Set.of());
    }

    public boolean supports(LogicalOperator operator) {
        boolean kind = operators.stream().anyMatch(type -> type.isInstance(operator));
        boolean boundedness = operator.output().bounded() ? bounded : supportsUnbounded(operator);
        return kind && boundedness && runsCode(operator);
    }

    /** Whether the engine can run the operator's lambdas, if it has any: as Java code, or through their SQL equivalents. */
    public boolean runsCode(LogicalOperator operator) {
        return lambdas || !Lambdas.uses(operator) || (sqlEquivalents && Lambdas.allHaveSqlEquivalents(operator));
    }

    /** Whether the engine runs this operator's kind on an unbounded input. */
    public boolean supportsUnbounded(LogicalOperator operator) {
        return unbounded && unboundedOperators.stream().anyMatch(type -> type.isInstance(operator));
    }
}
