package dev.weft.api.plan;

/** Whether an edge carries a finite dataset (batch) or an unbounded stream. Batch is a bounded stream. */
public enum Boundedness {
    BOUNDED,
    UNBOUNDED;

    public static Boundedness of(java.util.List<LogicalOperator> inputs) {
        return inputs.stream().anyMatch(i -> i.output().boundedness() == UNBOUNDED) ? UNBOUNDED : BOUNDED;
    }
}
