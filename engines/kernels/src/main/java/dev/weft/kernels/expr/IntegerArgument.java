package dev.weft.kernels.expr;

/** An integer argument of a function: a constant, or the values of a column read once into a long array. */
final class IntegerArgument implements AutoCloseable {
    private final Values values;
    private final long constant;
    private final long[] longs;
    private final long[] validity;

    private IntegerArgument(Values values, long constant, long[] longs, long[] validity) {
        this.values = values;
        this.constant = constant;
        this.longs = longs;
        this.validity = validity;
    }

    /** The argument's values; a NULL constant is not allowed here (the compiler folds it to a NULL result). */
    static IntegerArgument of(Evaluator evaluator, Batch batch) {
        if (evaluator instanceof LiteralEvaluator literal) {
            return new IntegerArgument(null, literal.longValue(), null, null);
        }
        Values values = evaluator.evaluate(batch);
        try {
            int rowCount = batch.rowCount();
            return new IntegerArgument(values, 0, Numbers.readLongs(values.vector(), rowCount), Bits.validity(values.vector(), rowCount));
        } catch (RuntimeException | Error e) {
            values.close();
            throw e;
        }
    }

    long value(int row) {
        return longs == null ? constant : longs[row];
    }

    boolean isValid(int row) {
        return validity == null || Bits.isSet(validity, row);
    }

    /** Clears the rows where this argument is NULL. */
    void restrict(long[] rows) {
        if (validity != null) {
            for (int w = 0; w < rows.length; w++) {
                rows[w] &= validity[w];
            }
        }
    }

    @Override
    public void close() {
        if (values != null) {
            values.close();
        }
    }
}
