package dev.weft.kernels.expr;

/**
 * Evaluates an expression for some rows only, so that rows a guard excludes (CASE WHEN b <> 0 THEN a / b) never
 * reach an expression that would fail on them: the rows are copied into a smaller batch first.
 */
final class RowSubsets {
    private RowSubsets() {}

    /**
     * Whether to evaluate {@code evaluator} on a copy of {@code count} rows rather than on the whole batch: when it
     * could fail on the rows left out, or when it reads no column (a constant), so nothing needs copying.
     */
    static boolean worthIt(Evaluator evaluator, Batch batch, int count) {
        return count < batch.rowCount() && (evaluator.mayFail() || evaluator.columns().isEmpty());
    }

    /**
     * The values of {@code evaluator} for rows {@code rows[0..count)}; when {@code count} is the batch's row count
     * (all rows, in order) the whole batch is evaluated and row k of the result is row k of the batch.
     */
    static Values evaluate(Evaluator evaluator, Batch batch, int[] rows, int count) {
        if (count == batch.rowCount()) {
            return evaluator.evaluate(batch);
        }
        try (Batch subset = batch.subset(rows, count, evaluator.columns())) {
            Values values = evaluator.evaluate(subset);
            if (values.isOwned()) {
                return values;
            }
            // a column of the subset, which closes with it: hand over a copy of its own
            return Values.owned(RowCopier.copy(values.vector(), Vectors.identity(count), count, batch.allocator()));
        }
    }
}
