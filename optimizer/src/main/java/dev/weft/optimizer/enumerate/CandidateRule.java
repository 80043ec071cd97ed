package dev.weft.optimizer.enumerate;

import dev.weft.api.plan.LogicalOperator;
import dev.weft.optimizer.EngineOption;
import java.util.List;
import java.util.Optional;

/**
 * A constraint applied before any cost is computed: it removes engines that may not run an operator. The enumerator
 * only considers engines every rule lets through; the invariant checker names the rule whose constraint a finished
 * placement breaks.
 */
public interface CandidateRule {
    /** The rule's name for messages, e.g. "CapabilityRule". */
    default String name() {
        return getClass().getSimpleName();
    }

    /**
     * Why the engine may not run the operator (without the engine's name: "cannot run lambdas"), or empty if it may.
     *
     * @param body the operators of the operator's loop body, which must run on the same engine (empty if not a loop)
     */
    Optional<String> exclude(LogicalOperator operator, List<LogicalOperator> body, EngineOption engine);
}
