package dev.weft.optimizer.enumerate;

import dev.weft.api.plan.LogicalOperator;
import dev.weft.api.spi.EngineCapabilities;
import dev.weft.optimizer.EngineOption;
import java.util.List;
import java.util.Optional;

/**
 * The engine's capabilities must support the operator and every operator of its loop body: the operator kind (this is
 * also "where data lives": only engines that can read a source kind list it), bounded or unbounded input, and lambdas.
 */
public final class CapabilityRule implements CandidateRule {
    @Override
    public Optional<String> exclude(LogicalOperator operator, List<LogicalOperator> body, EngineOption engine) {
        EngineCapabilities capabilities = engine.capabilities();
        if (!capabilities.supports(operator)) {
            return Optional.of(reason(operator, capabilities));
        }
        for (LogicalOperator inner : body) {
            if (!capabilities.supports(inner)) {
                return Optional.of("cannot run loop body operator '%s' (%s#%d): %s".formatted(inner.name(), inner.kind(), inner.id(),
                        reason(inner, capabilities)));
            }
        }
        return Optional.empty();
    }

    /** Why the capabilities refuse the operator, most basic reason first. */
    static String reason(LogicalOperator operator, EngineCapabilities capabilities) {
        if (capabilities.operators().stream().noneMatch(type -> type.isInstance(operator))) {
            return "cannot run %s operators".formatted(operator.kind());
        }
        if (operator.output().bounded() && !capabilities.bounded()) {
            return "unbounded only: cannot run a bounded input";
        }
        if (!operator.output().bounded() && !capabilities.unbounded()) {
            return "bounded only: cannot run an unbounded (streaming) input";
        }
        if (!operator.output().bounded() && !capabilities.supportsUnbounded(operator)) {
            return "cannot run %s on an unbounded (streaming) input".formatted(operator.kind());
        }
        if (!capabilities.runsCode(operator)) {
            return capabilities.sqlEquivalents()
                    ? "cannot run lambdas without an SQL equivalent (Hints.sql(...))"
                    : "cannot run lambdas";
        }
        return "does not support it";
    }
}
