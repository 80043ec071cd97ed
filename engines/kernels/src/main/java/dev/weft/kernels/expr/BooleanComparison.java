package dev.weft.kernels.expr;

import dev.weft.api.expr.Comparison;
import java.util.List;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.types.pojo.Field;

/** Comparisons of booleans (false < true), 64 rows per bitwise operation. */
final class BooleanComparison extends Evaluator {
    private final Comparison.Operator operator;
    private final Evaluator left;
    private final Evaluator right;

    BooleanComparison(Field field, Comparison.Operator operator, Evaluator left, Evaluator right) {
        super(field, List.of(left, right));
        this.operator = operator;
        this.left = left;
        this.right = right;
    }

    @Override
    Values evaluate(Batch batch) {
        int rowCount = batch.rowCount();
        try (Values leftValues = left.evaluate(batch); Values rightValues = right.evaluate(batch)) {
            long[] l = Bits.values((BitVector) leftValues.vector(), rowCount);
            long[] r = Bits.values((BitVector) rightValues.vector(), rowCount);
            long[] validity = Bits.validity(leftValues.vector(), rowCount);
            long[] other = Bits.validity(rightValues.vector(), rowCount);
            long[] bits = new long[validity.length];
            for (int w = 0; w < bits.length; w++) {
                validity[w] &= other[w];
                long a = l[w];
                long b = r[w];
                bits[w] = switch (operator) {
                    case EQ -> ~(a ^ b);
                    case NE -> a ^ b;
                    case LT -> ~a & b;
                    case LE -> ~a | b;
                    case GT -> a & ~b;
                    case GE -> a | ~b;
                } & validity[w];
            }
            return Values.owned(BooleanResults.build(field(), bits, validity, rowCount, batch.allocator()));
        }
    }
}
