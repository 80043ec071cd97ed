package dev.weft.kernels.expr;

import dev.weft.api.expr.Comparison;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Comparisons of double vectors (float and integer operands already widened), or of a double vector with a
 * constant; IEEE semantics (NaN is unequal to everything). 64 rows are compared into one word at a time.
 */
final class DoubleComparison extends Evaluator {
    private final Comparison.Operator operator;
    private final Evaluator left;
    private final Evaluator right;
    private final LiteralEvaluator constant;

    DoubleComparison(Field field, Comparison.Operator operator, Evaluator left, Evaluator right) {
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
            FieldVector result = Vectors.allocate(field(), rowCount, batch.allocator());
            try {
                long[] validity = Bits.validity(leftValues.vector(), rowCount);
                if (rightValues != null) {
                    long[] other = Bits.validity(rightValues.vector(), rowCount);
                    for (int w = 0; w < validity.length; w++) {
                        validity[w] &= other[w];
                    }
                }
                if (rowCount > 0) {
                    long a = Vectors.dataAddress(leftValues.vector(), rowCount, 8);
                    ArrowBuf out = result.getDataBuffer();
                    if (constant != null) {
                        withConstant(a, constant.doubleValue(), out, rowCount);
                    } else {
                        vectors(a, Vectors.dataAddress(rightValues.vector(), rowCount, 8), out, rowCount);
                    }
                }
                Bits.writeWords(result.getValidityBuffer(), validity, rowCount);
                result.setValueCount(rowCount);
                return Values.owned(result);
            } catch (RuntimeException | Error e) {
                result.close();
                throw e;
            }
        }
    }

    private static double get(long address, int row) {
        return Double.longBitsToDouble(MemoryUtil.getLong(address + 8L * row));
    }

    private void withConstant(long address, double c, ArrowBuf out, int rowCount) {
        for (int w = 0, words = Bits.words(rowCount); w < words; w++) {
            long a = address + 8L * (w << 6);
            int count = Math.min(64, rowCount - (w << 6));
            long bits = 0;
            switch (operator) {
                case EQ -> {
                    for (int j = 0; j < count; j++) {
                        bits |= (get(a, j) == c ? 1L : 0L) << j;
                    }
                }
                case NE -> {
                    for (int j = 0; j < count; j++) {
                        bits |= (get(a, j) != c ? 1L : 0L) << j;
                    }
                }
                case LT -> {
                    for (int j = 0; j < count; j++) {
                        bits |= (get(a, j) < c ? 1L : 0L) << j;
                    }
                }
                case LE -> {
                    for (int j = 0; j < count; j++) {
                        bits |= (get(a, j) <= c ? 1L : 0L) << j;
                    }
                }
                case GT -> {
                    for (int j = 0; j < count; j++) {
                        bits |= (get(a, j) > c ? 1L : 0L) << j;
                    }
                }
                case GE -> {
                    for (int j = 0; j < count; j++) {
                        bits |= (get(a, j) >= c ? 1L : 0L) << j;
                    }
                }
            }
            Bits.writeWord(out, w, bits, rowCount);
        }
    }

    private void vectors(long leftAddress, long rightAddress, ArrowBuf out, int rowCount) {
        for (int w = 0, words = Bits.words(rowCount); w < words; w++) {
            long a = leftAddress + 8L * (w << 6);
            long b = rightAddress + 8L * (w << 6);
            int count = Math.min(64, rowCount - (w << 6));
            long bits = 0;
            switch (operator) {
                case EQ -> {
                    for (int j = 0; j < count; j++) {
                        bits |= (get(a, j) == get(b, j) ? 1L : 0L) << j;
                    }
                }
                case NE -> {
                    for (int j = 0; j < count; j++) {
                        bits |= (get(a, j) != get(b, j) ? 1L : 0L) << j;
                    }
                }
                case LT -> {
                    for (int j = 0; j < count; j++) {
                        bits |= (get(a, j) < get(b, j) ? 1L : 0L) << j;
                    }
                }
                case LE -> {
                    for (int j = 0; j < count; j++) {
                        bits |= (get(a, j) <= get(b, j) ? 1L : 0L) << j;
                    }
                }
                case GT -> {
                    for (int j = 0; j < count; j++) {
                        bits |= (get(a, j) > get(b, j) ? 1L : 0L) << j;
                    }
                }
                case GE -> {
                    for (int j = 0; j < count; j++) {
                        bits |= (get(a, j) >= get(b, j) ? 1L : 0L) << j;
                    }
                }
            }
            Bits.writeWord(out, w, bits, rowCount);
        }
    }
}
