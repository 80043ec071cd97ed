package dev.weft.kernels.expr;

import dev.weft.api.expr.Comparison;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Comparisons of strings or binaries on their bytes, without decoding: unsigned lexicographic order, which for
 * UTF-8 is code point order. Uses the JDK's vectorized array comparisons.
 */
final class BytesComparison extends Evaluator {
    private final Comparison.Operator operator;
    private final Evaluator left;
    private final Evaluator right;
    private final LiteralEvaluator constant;

    BytesComparison(Field field, Comparison.Operator operator, Evaluator left, Evaluator right) {
        super(field, List.of(left, right));
        this.operator = operator;
        this.left = left;
        this.right = right;
        this.constant = right instanceof LiteralEvaluator literal ? literal : null;
    }

    @Override
    Values evaluate(Batch batch) {
        int rowCount = batch.rowCount();
        try (Values leftValues = left.evaluate(batch);
                Values rightValues = constant == null ? right.evaluate(batch) : null) {
            Utf8Column a = Utf8Column.of(leftValues.vector(), rowCount);
            Utf8Column b = rightValues == null ? null : Utf8Column.of(rightValues.vector(), rowCount);
            long[] validity = a.validity().clone();
            if (b != null) {
                long[] other = b.validity();
                for (int w = 0; w < validity.length; w++) {
                    validity[w] &= other[w];
                }
            }
            long[] bits = new long[validity.length];
            byte[] data = a.data();
            boolean equality = operator == Comparison.Operator.EQ || operator == Comparison.Operator.NE;
            boolean negate = operator == Comparison.Operator.NE;
            if (b == null) {
                byte[] c = constant.bytes();
                for (int i = 0; i < rowCount; i++) {
                    boolean match = equality
                            ? Arrays.equals(data, a.start(i), a.end(i), c, 0, c.length) != negate
                            : Comparisons.test(operator, Arrays.compareUnsigned(data, a.start(i), a.end(i), c, 0, c.length));
                    if (match) {
                        Bits.set(bits, i);
                    }
                }
            } else {
                byte[] other = b.data();
                for (int i = 0; i < rowCount; i++) {
                    boolean match = equality
                            ? Arrays.equals(data, a.start(i), a.end(i), other, b.start(i), b.end(i)) != negate
                            : Comparisons.test(operator, Arrays.compareUnsigned(data, a.start(i), a.end(i), other, b.start(i), b.end(i)));
                    if (match) {
                        Bits.set(bits, i);
                    }
                }
            }
            return Values.owned(BooleanResults.build(field(), bits, validity, rowCount, batch.allocator()));
        }
    }
}
