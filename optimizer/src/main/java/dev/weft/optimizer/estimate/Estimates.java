package dev.weft.optimizer.estimate;

import static java.util.Objects.requireNonNull;

import dev.weft.api.WeftException;
import dev.weft.api.ErrorCode;
import dev.weft.api.plan.LogicalOperator;
import java.util.IdentityHashMap;
import java.util.Map;

/** The estimate of every operator's output in one plan, loop-body operators included; looked up by identity. */
public final class Estimates {
    private final Map<LogicalOperator, Estimate> byOperator;

    public Estimates(Map<LogicalOperator, Estimate> byOperator) {
        this.byOperator = new IdentityHashMap<>(requireNonNull(byOperator, "byOperator is null"));
    }

    public Estimate of(LogicalOperator operator) {
        Estimate estimate = byOperator.get(operator);
        if (estimate == null) {
            throw new WeftException(ErrorCode.GENERIC_INTERNAL_ERROR,
                    "no estimate for %s (%s#%d): it is not part of the estimated plan".formatted(operator.info().describe(), operator.kind(), operator.id()));
        }
        return estimate;
    }

    public boolean contains(LogicalOperator operator) {
        return byOperator.containsKey(operator);
    }

    public int size() {
        return byOperator.size();
    }
}
