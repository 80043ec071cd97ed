package dev.weft.kernels.expr;

import dev.weft.api.expr.Arithmetic;
import java.util.List;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Checked integer arithmetic on int or bigint vectors (both operands already of the result type), with a
 * specialization for a constant right operand. Overflow and division by zero are errors; division truncates toward
 * zero. Null rows are skipped, so garbage under a null never fails.
 */
final class IntegerArithmetic extends Evaluator {
    private final Arithmetic.Operator operator;
    private final Evaluator left;
    private final Evaluator right;
    private final LiteralEvaluator constant;
    private final boolean wide;
    private final String expression;

    private IntegerArithmetic(Field field, Arithmetic.Operator operator, Evaluator left, Evaluator right, String expression) {
        super(field, List.of(left, right));
        this.operator = operator;
        this.left = left;
        this.right = right;
        this.constant = right instanceof LiteralEvaluator literal ? literal : null;
        this.wide = ((ArrowType.Int) field.getType()).getBitWidth() == 64;
        this.expression = expression;
    }

    /** @param left and right of the field's type, INT32 or INT64 */
    static Evaluator create(Field field, Arithmetic.Operator operator, Evaluator left, Evaluator right, String expression) {
        boolean commutative = operator == Arithmetic.Operator.ADD || operator == Arithmetic.Operator.MULTIPLY;
        if (commutative && left instanceof LiteralEvaluator && !(right instanceof LiteralEvaluator)) {
            return new IntegerArithmetic(field, operator, right, left, expression);
        }
        return new IntegerArithmetic(field, operator, left, right, expression);
    }

    @Override
    boolean failsOnSomeValues() {
        return true;
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
                    boolean nulls = Bits.count(validity) < rowCount;
                    int width = wide ? 8 : 4;
                    long leftAddress = Vectors.dataAddress(leftValues.vector(), rowCount, width);
                    long resultAddress = Vectors.dataAddress(result, rowCount, width);
                    try {
                        if (wide) {
                            if (constant != null) {
                                longsWithConstant(leftAddress, constant.longValue(), resultAddress, validity, nulls, rowCount);
                            } else {
                                longs(leftAddress, Vectors.dataAddress(rightValues.vector(), rowCount, 8), resultAddress, validity, nulls, rowCount);
                            }
                        } else {
                            if (constant != null) {
                                intsWithConstant(leftAddress, (int) constant.longValue(), resultAddress, validity, nulls, rowCount);
                            } else {
                                ints(leftAddress, Vectors.dataAddress(rightValues.vector(), rowCount, 4), resultAddress, validity, nulls, rowCount);
                            }
                        }
                    } catch (ArithmeticException e) {
                        throw Errors.overflow(expression, type());
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

    private void longs(long a, long b, long out, long[] validity, boolean nulls, int rowCount) {
        switch (operator) {
            case ADD -> {
                for (int i = 0; i < rowCount; i++) {
                    if (nulls && !Bits.isSet(validity, i)) {
                        continue;
                    }
                    MemoryUtil.putLong(out + 8L * i, Math.addExact(MemoryUtil.getLong(a + 8L * i), MemoryUtil.getLong(b + 8L * i)));
                }
            }
            case SUBTRACT -> {
                for (int i = 0; i < rowCount; i++) {
                    if (nulls && !Bits.isSet(validity, i)) {
                        continue;
                    }
                    MemoryUtil.putLong(out + 8L * i, Math.subtractExact(MemoryUtil.getLong(a + 8L * i), MemoryUtil.getLong(b + 8L * i)));
                }
            }
            case MULTIPLY -> {
                for (int i = 0; i < rowCount; i++) {
                    if (nulls && !Bits.isSet(validity, i)) {
                        continue;
                    }
                    MemoryUtil.putLong(out + 8L * i, Math.multiplyExact(MemoryUtil.getLong(a + 8L * i), MemoryUtil.getLong(b + 8L * i)));
                }
            }
            case DIVIDE -> {
                for (int i = 0; i < rowCount; i++) {
                    if (nulls && !Bits.isSet(validity, i)) {
                        continue;
                    }
                    MemoryUtil.putLong(out + 8L * i, divide(MemoryUtil.getLong(a + 8L * i), MemoryUtil.getLong(b + 8L * i)));
                }
            }
            case MODULO -> {
                for (int i = 0; i < rowCount; i++) {
                    if (nulls && !Bits.isSet(validity, i)) {
                        continue;
                    }
                    MemoryUtil.putLong(out + 8L * i, modulo(MemoryUtil.getLong(a + 8L * i), MemoryUtil.getLong(b + 8L * i)));
                }
            }
        }
    }

    private void longsWithConstant(long a, long c, long out, long[] validity, boolean nulls, int rowCount) {
        switch (operator) {
            case ADD -> {
                for (int i = 0; i < rowCount; i++) {
                    if (nulls && !Bits.isSet(validity, i)) {
                        continue;
                    }
                    MemoryUtil.putLong(out + 8L * i, Math.addExact(MemoryUtil.getLong(a + 8L * i), c));
                }
            }
            case SUBTRACT -> {
                for (int i = 0; i < rowCount; i++) {
                    if (nulls && !Bits.isSet(validity, i)) {
                        continue;
                    }
                    MemoryUtil.putLong(out + 8L * i, Math.subtractExact(MemoryUtil.getLong(a + 8L * i), c));
                }
            }
            case MULTIPLY -> {
                for (int i = 0; i < rowCount; i++) {
                    if (nulls && !Bits.isSet(validity, i)) {
                        continue;
                    }
                    MemoryUtil.putLong(out + 8L * i, Math.multiplyExact(MemoryUtil.getLong(a + 8L * i), c));
                }
            }
            case DIVIDE -> {
                if (c == 0 || c == -1) {
                    for (int i = 0; i < rowCount; i++) {
                        if (nulls && !Bits.isSet(validity, i)) {
                            continue;
                        }
                        MemoryUtil.putLong(out + 8L * i, divide(MemoryUtil.getLong(a + 8L * i), c));
                    }
                    return;
                }
                for (int i = 0; i < rowCount; i++) {
                    MemoryUtil.putLong(out + 8L * i, MemoryUtil.getLong(a + 8L * i) / c);
                }
            }
            case MODULO -> {
                if (c == 0) {
                    for (int i = 0; i < rowCount; i++) {
                        if (nulls && !Bits.isSet(validity, i)) {
                            continue;
                        }
                        MemoryUtil.putLong(out + 8L * i, modulo(MemoryUtil.getLong(a + 8L * i), c));
                    }
                    return;
                }
                for (int i = 0; i < rowCount; i++) {
                    MemoryUtil.putLong(out + 8L * i, MemoryUtil.getLong(a + 8L * i) % c);
                }
            }
        }
    }

    private void ints(long a, long b, long out, long[] validity, boolean nulls, int rowCount) {
        switch (operator) {
            case ADD -> {
                for (int i = 0; i < rowCount; i++) {
                    if (nulls && !Bits.isSet(validity, i)) {
                        continue;
                    }
                    MemoryUtil.putInt(out + 4L * i, Math.addExact(MemoryUtil.getInt(a + 4L * i), MemoryUtil.getInt(b + 4L * i)));
                }
            }
            case SUBTRACT -> {
                for (int i = 0; i < rowCount; i++) {
                    if (nulls && !Bits.isSet(validity, i)) {
                        continue;
                    }
                    MemoryUtil.putInt(out + 4L * i, Math.subtractExact(MemoryUtil.getInt(a + 4L * i), MemoryUtil.getInt(b + 4L * i)));
                }
            }
            case MULTIPLY -> {
                for (int i = 0; i < rowCount; i++) {
                    if (nulls && !Bits.isSet(validity, i)) {
                        continue;
                    }
                    MemoryUtil.putInt(out + 4L * i, Math.multiplyExact(MemoryUtil.getInt(a + 4L * i), MemoryUtil.getInt(b + 4L * i)));
                }
            }
            case DIVIDE -> {
                for (int i = 0; i < rowCount; i++) {
                    if (nulls && !Bits.isSet(validity, i)) {
                        continue;
                    }
                    MemoryUtil.putInt(out + 4L * i, (int) divide(MemoryUtil.getInt(a + 4L * i), MemoryUtil.getInt(b + 4L * i)));
                }
            }
            case MODULO -> {
                for (int i = 0; i < rowCount; i++) {
                    if (nulls && !Bits.isSet(validity, i)) {
                        continue;
                    }
                    MemoryUtil.putInt(out + 4L * i, (int) modulo(MemoryUtil.getInt(a + 4L * i), MemoryUtil.getInt(b + 4L * i)));
                }
            }
        }
    }

    private void intsWithConstant(long a, int c, long out, long[] validity, boolean nulls, int rowCount) {
        switch (operator) {
            case ADD -> {
                for (int i = 0; i < rowCount; i++) {
                    if (nulls && !Bits.isSet(validity, i)) {
                        continue;
                    }
                    MemoryUtil.putInt(out + 4L * i, Math.addExact(MemoryUtil.getInt(a + 4L * i), c));
                }
            }
            case SUBTRACT -> {
                for (int i = 0; i < rowCount; i++) {
                    if (nulls && !Bits.isSet(validity, i)) {
                        continue;
                    }
                    MemoryUtil.putInt(out + 4L * i, Math.subtractExact(MemoryUtil.getInt(a + 4L * i), c));
                }
            }
            case MULTIPLY -> {
                for (int i = 0; i < rowCount; i++) {
                    if (nulls && !Bits.isSet(validity, i)) {
                        continue;
                    }
                    MemoryUtil.putInt(out + 4L * i, Math.multiplyExact(MemoryUtil.getInt(a + 4L * i), c));
                }
            }
            case DIVIDE, MODULO -> {
                for (int i = 0; i < rowCount; i++) {
                    if (nulls && !Bits.isSet(validity, i)) {
                        continue;
                    }
                    int value = MemoryUtil.getInt(a + 4L * i);
                    long result = operator == Arithmetic.Operator.DIVIDE ? divide(value, c) : modulo(value, c);
                    MemoryUtil.putInt(out + 4L * i, (int) result);
                }
            }
        }
    }

    /** Truncating division of values of the result type; the int quotient MIN/-1 is caught by the narrowing. */
    private long divide(long dividend, long divisor) {
        if (divisor == 0) {
            throw Errors.divisionByZero(expression);
        }
        if (divisor == -1) {
            long negated = Math.negateExact(dividend);
            if (!wide && negated > Integer.MAX_VALUE) {
                throw new ArithmeticException("integer overflow");
            }
            return negated;
        }
        return dividend / divisor;
    }

    private long modulo(long dividend, long divisor) {
        if (divisor == 0) {
            throw Errors.divisionByZero(expression);
        }
        return dividend % divisor;
    }
}
