package dev.weft.optimizer;

import dev.weft.api.plan.LogicalOperator;
import dev.weft.api.plan.Plan;
import dev.weft.api.plan.SinkOperator;
import dev.weft.optimizer.enumerate.PlanIndex;
import dev.weft.optimizer.estimate.Cardinality;
import dev.weft.optimizer.estimate.Estimate;
import dev.weft.optimizer.estimate.Estimates;
import java.util.IdentityHashMap;
import java.util.Map;

/** Estimates written by hand for enumerator tests: rows per operator id; an operator without a number keeps its first input's rows. */
final class HandEstimates {
    static final double BYTES_PER_ROW = 16;

    private HandEstimates() {}

    static Estimates of(Plan plan, Map<Integer, Double> rowsById) {
        Map<LogicalOperator, Estimate> estimates = new IdentityHashMap<>();
        for (LogicalOperator operator : plan.operators()) {
            add(operator, rowsById, estimates);
        }
        return new Estimates(estimates);
    }

    private static void add(LogicalOperator operator, Map<Integer, Double> rowsById, Map<LogicalOperator, Estimate> estimates) {
        if (estimates.containsKey(operator)) {
            return;
        }
        for (LogicalOperator input : operator.inputs()) {
            add(input, rowsById, estimates);
        }
        PlanIndex.loopBody(operator).ifPresent(body -> {
            estimates.put(body.start(), estimates.get(operator.inputs().get(0)));
            add(body.result(), rowsById, estimates);
        });
        estimates.put(operator, estimate(operator, rowsById, estimates));
    }

    private static Estimate estimate(LogicalOperator operator, Map<Integer, Double> rowsById, Map<LogicalOperator, Estimate> done) {
        Double rows = rowsById.get(operator.id());
        boolean rate = !operator.output().bounded();
        if (rows == null && !operator.inputs().isEmpty() && done.containsKey(operator.inputs().get(0))) {
            return done.get(operator.inputs().get(0));
        }
        double value = rows == null ? (operator instanceof SinkOperator ? 0 : 1000) : rows;
        Cardinality cardinality = rate ? Cardinality.rate(value, value, 1) : Cardinality.exact(value);
        return new Estimate(cardinality, BYTES_PER_ROW, Map.of());
    }
}
