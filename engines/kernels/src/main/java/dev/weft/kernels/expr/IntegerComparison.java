package dev.weft.kernels.expr;

import dev.weft.api.expr.Comparison;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Comparisons in the integer domain (integers, dates, timestamps): both operands are 4-byte or both 8-byte signed
 * vectors, or the right one is a constant; 64 rows are compared into one word of result bits at a time.
 */
final class IntegerComparison extends Evaluator {
    private final Comparison.Operator operator;
    private final Evaluator left;
    private final Evaluator right;
    private final LiteralEvaluator constant;

    /**
     * @param left a vector operand stored in 4 or 8 bytes
     * @param right an operand of the same width, or a literal
     */
    IntegerComparison(Field field, Comparison.Operator operator, Evaluator left, Evaluator right) {
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
                    int width = Numbers.width(left.type());
                    long a = Vectors.dataAddress(leftValues.vector(), rowCount, width);
                    ArrowBuf out = result.getDataBuffer();
                    if (constant != null) {
                        if (width == 4) {
                            intsWithConstant(a, constant.longValue(), out, rowCount);
                        } else {
                            longsWithConstant(a, constant.longValue(), out, rowCount);
                        }
                    } else {
                        long b = Vectors.dataAddress(rightValues.vector(), rowCount, width);
                        if (width == 4) {
                            ints(a, b, out, rowCount);
                        } else {
                            longs(a, b, out, rowCount);
                        }
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

    private void intsWithConstant(long address, long c, ArrowBuf out, int rowCount) {
        for (int w = 0, words = Bits.words(rowCount); w < words; w++) {
            long a = address + 4L * (w << 6);
            int count = Math.min(64, rowCount - (w << 6));
            long bits = 0;
            switch (operator) {
                case EQ -> {
                    for (int j = 0; j < count; j++) {
                        bits |= (MemoryUtil.getInt(a + 4L * j) == c ? 1L : 0L) << j;
                    }
                }
                case NE -> {
                    for (int j = 0; j < count; j++) {
                        bits |= (MemoryUtil.getInt(a + 4L * j) != c ? 1L : 0L) << j;
                    }
                }
                case LT -> {
                    for (int j = 0; j < count; j++) {
                        bits |= (MemoryUtil.getInt(a + 4L * j) < c ? 1L : 0L) << j;
                    }
                }
                case LE -> {
                    for (int j = 0; j < count; j++) {
                        bits |= (MemoryUtil.getInt(a + 4L * j) <= c ? 1L : 0L) << j;
                    }
                }
                case GT -> {
                    for (int j = 0; j < count; j++) {
                        bits |= (MemoryUtil.getInt(a + 4L * j) > c ? 1L : 0L) << j;
                    }
                }
                case GE -> {
                    for (int j = 0; j < count; j++) {
                        bits |= (MemoryUtil.getInt(a + 4L * j) >= c ? 1L : 0L) << j;
                    }
                }
            }
            Bits.writeWord(out, w, bits, rowCount);
        }
    }

    private void longsWithConstant(long address, long c, ArrowBuf out, int rowCount) {
        for (int w = 0, words = Bits.words(rowCount); w < words; w++) {
            long a = address + 8L * (w << 6);
            int count = Math.min(64, rowCount - (w << 6));
            long bits = 0;
            switch (operator) {
                case EQ -> {
                    for (int j = 0; j < count; j++) {
                        bits |= (MemoryUtil.getLong(a + 8L * j) == c ? 1L : 0L) << j;
                    }
                }
                case NE -> {
                    for (int j = 0; j < count; j++) {
                        bits |= (MemoryUtil.getLong(a + 8L * j) != c ? 1L : 0L) << j;
                    }
                }
                case LT -> {
                    for (int j = 0; j < count; j++) {
                        bits |= (MemoryUtil.getLong(a + 8L * j) < c ? 1L : 0L) << j;
                    }
                }
                case LE -> {
                    for (int j = 0; j < count; j++) {
                        bits |= (MemoryUtil.getLong(a + 8L * j) <= c ? 1L : 0L) << j;
                    }
                }
                case GT -> {
                    for (int j = 0; j < count; j++) {
                        bits |= (MemoryUtil.getLong(a + 8L * j) > c ? 1L : 0L) << j;
                    }
                }
                case GE -> {
                    for (int j = 0; j < count; j++) {
                        bits |= (MemoryUtil.getLong(a + 8L * j) >= c ? 1L : 0L) << j;
                    }
                }
            }
            Bits.writeWord(out, w, bits, rowCount);
        }
    }

    private void ints(long leftAddress, long rightAddress, ArrowBuf out, int rowCount) {
        for (int w = 0, words = Bits.words(rowCount); w < words; w++) {
            long a = leftAddress + 4L * (w << 6);
            long b = rightAddress + 4L * (w << 6);
            int count = Math.min(64, rowCount - (w << 6));
            long bits = 0;
            switch (operator) {
                case EQ -> {
                    for (int j = 0; j < count; j++) {
                        bits |= (MemoryUtil.getInt(a + 4L * j) == MemoryUtil.getInt(b + 4L * j) ? 1L : 0L) << j;
                    }
                }
                case NE -> {
                    for (int j = 0; j < count; j++) {
                        bits |= (MemoryUtil.getInt(a + 4L * j) != MemoryUtil.getInt(b + 4L * j) ? 1L : 0L) << j;
                    }
                }
                case LT -> {
                    for (int j = 0; j < count; j++) {
                        bits |= (MemoryUtil.getInt(a + 4L * j) < MemoryUtil.getInt(b + 4L * j) ? 1L : 0L) << j;
                    }
                }
                case LE -> {
                    for (int j = 0; j < count; j++) {
                        bits |= (MemoryUtil.getInt(a + 4L * j) <= MemoryUtil.getInt(b + 4L * j) ? 1L : 0L) << j;
                    }
                }
                case GT -> {
                    for (int j = 0; j < count; j++) {
                        bits |= (MemoryUtil.getInt(a + 4L * j) > MemoryUtil.getInt(b + 4L * j) ? 1L : 0L) << j;
                    }
                }
                case GE -> {
                    for (int j = 0; j < count; j++) {
                        bits |= (MemoryUtil.getInt(a + 4L * j) >= MemoryUtil.getInt(b + 4L * j) ? 1L : 0L) << j;
                    }
                }
            }
            Bits.writeWord(out, w, bits, rowCount);
        }
    }

    private void longs(long leftAddress, long rightAddress, ArrowBuf out, int rowCount) {
        for (int w = 0, words = Bits.words(rowCount); w < words; w++) {
            long a = leftAddress + 8L * (w << 6);
            long b = rightAddress + 8L * (w << 6);
            int count = Math.min(64, rowCount - (w << 6));
            long bits = 0;
            switch (operator) {
                case EQ -> {
                    for (int j = 0; j < count; j++) {
                        bits |= (MemoryUtil.getLong(a + 8L * j) == MemoryUtil.getLong(b + 8L * j) ? 1L : 0L) << j;
                    }
                }
                case NE -> {
                    for (int j = 0; j < count; j++) {
                        bits |= (MemoryUtil.getLong(a + 8L * j) != MemoryUtil.getLong(b + 8L * j) ? 1L : 0L) << j;
                    }
                }
                case LT -> {
                    for (int j = 0; j < count; j++) {
                        bits |= (MemoryUtil.getLong(a + 8L * j) < MemoryUtil.getLong(b + 8L * j) ? 1L : 0L) << j;
                    }
                }
                case LE -> {
                    for (int j = 0; j < count; j++) {
                        bits |= (MemoryUtil.getLong(a + 8L * j) <= MemoryUtil.getLong(b + 8L * j) ? 1L : 0L) << j;
                    }
                }
                case GT -> {
                    for (int j = 0; j < count; j++) {
                        bits |= (MemoryUtil.getLong(a + 8L * j) > MemoryUtil.getLong(b + 8L * j) ? 1L : 0L) << j;
                    }
                }
                case GE -> {
                    for (int j = 0; j < count; j++) {
                        bits |= (MemoryUtil.getLong(a + 8L * j) >= MemoryUtil.getLong(b + 8L * j) ? 1L : 0L) << j;
                    }
                }
            }
            Bits.writeWord(out, w, bits, rowCount);
        }
    }
}
