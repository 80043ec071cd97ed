package dev.weft.kernels.expr;

import dev.weft.api.expr.Logical;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * AND / OR with SQL three-valued logic, 64 rows per bitwise operation: FALSE AND x is FALSE, TRUE OR x is TRUE,
 * otherwise NULL propagates. When the right operand may fail, it is evaluated only for the rows the left operand
 * does not decide.
 */
final class LogicalEvaluator extends Evaluator {
    private final Logical.Operator operator;
    private final Evaluator left;
    private final Evaluator right;
    private final boolean guardRight;

    LogicalEvaluator(Field field, Logical.Operator operator, Evaluator left, Evaluator right) {
        super(field, List.of(left, right));
        this.operator = operator;
        this.left = left;
        this.right = right;
        this.guardRight = right.mayFail();
    }

    @Override
    Values evaluate(Batch batch) {
        int rowCount = batch.rowCount();
        BooleanWords l;
        try (Values leftValues = left.evaluate(batch)) {
            l = BooleanWords.of(leftValues.vector(), rowCount);
        }
        BooleanWords r = evaluateRight(batch, l);
        boolean and = operator == Logical.Operator.AND;
        long[] values = new long[l.trueRows().length];
        long[] validity = new long[values.length];
        for (int w = 0; w < values.length; w++) {
            long trueRows;
            long falseRows;
            if (and) {
                trueRows = l.trueRows()[w] & r.trueRows()[w];
                falseRows = l.falseRows()[w] | r.falseRows()[w];
            } else {
                trueRows = l.trueRows()[w] | r.trueRows()[w];
                falseRows = l.falseRows()[w] & r.falseRows()[w];
            }
            values[w] = trueRows;
            validity[w] = trueRows | falseRows;
        }
        return Values.owned(BooleanResults.build(field(), values, validity, rowCount, batch.allocator()));
    }

    private BooleanWords evaluateRight(Batch batch, BooleanWords l) {
        int rowCount = batch.rowCount();
        if (!guardRight) {
            try (Values rightValues = right.evaluate(batch)) {
                return BooleanWords.of(rightValues.vector(), rowCount);
            }
        }
        long[] decided = operator == Logical.Operator.AND ? l.falseRows() : l.trueRows();
        long[] undecided = new long[decided.length];
        for (int w = 0; w < undecided.length; w++) {
            undecided[w] = ~decided[w] & Bits.mask(w, rowCount);
        }
        int[] rows = Bits.setRows(undecided);
        if (rows.length == rowCount) {
            try (Values rightValues = right.evaluate(batch)) {
                return BooleanWords.of(rightValues.vector(), rowCount);
            }
        }
        if (rows.length == 0) {
            return new BooleanWords(new long[decided.length], new long[decided.length]);
        }
        try (Values rightValues = RowSubsets.evaluate(right, batch, rows, rows.length)) {
            return BooleanWords.scattered(rightValues.vector(), rows, rows.length, rowCount);
        }
    }
}
