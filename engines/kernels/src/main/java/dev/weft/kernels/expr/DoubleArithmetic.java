package dev.weft.kernels.expr;

import dev.weft.api.expr.Arithmetic;
import java.util.List;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * IEEE 754 arithmetic on double vectors (both operands already double), with a specialization for a constant right
 * operand. Never fails: division by zero gives an infinity or NaN. Values are computed for every row, nulls
 * included, so the loops have no branches.
 */
final class DoubleArithmetic extends Evaluator {
    private final Arithmetic.Operator operator;
    private final Evaluator left;
    private final Evaluator right;
    private final LiteralEvaluator constant;
    private final boolean single;

    private DoubleArithmetic(Field field, Arithmetic.Operator operator, Evaluator left, Evaluator right) {
        super(field, List.of(left, right));
        this.operator = operator;
        this.left = left;
        this.right = right;
        this.constant = right instanceof LiteralEvaluator literal ? literal : null;
        this.single = Numbers.width(field.getType()) == 4;
    }

    /**
     * @param field a FLOAT64 or FLOAT32 field (float results are computed in double and rounded once, which gives
     *     the float result exactly)
     * @param left FLOAT64
     * @param right FLOAT64
     */
    static Evaluator create(Field field, Arithmetic.Operator operator, Evaluator left, Evaluator right) {
        boolean commutative = operator == Arithmetic.Operator.ADD || operator == Arithmetic.Operator.MULTIPLY;
        if (commutative && left instanceof LiteralEvaluator && !(right instanceof LiteralEvaluator)) {
            return new DoubleArithmetic(field, operator, right, left);
        }
        return new DoubleArithmetic(field, operator, left, right);
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
                    long out = single ? 0 : Vectors.dataAddress(result, rowCount, 8);
                    double[] doubles = single ? new double[rowCount] : null;
                    if (single) {
                        // compute into a heap array, then round each value to float once
                        double[] left = Numbers.readDoubles(leftValues.vector(), rowCount);
                        double[] right = constant != null ? null : Numbers.readDoubles(rightValues.vector(), rowCount);
                        for (int i = 0; i < rowCount; i++) {
                            doubles[i] = apply(left[i], constant != null ? constant.doubleValue() : right[i]);
                        }
                        Numbers.writeDoubles(doubles, result, rowCount);
                    } else if (constant != null) {
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

    private double apply(double a, double b) {
        return switch (operator) {
            case ADD -> a + b;
            case SUBTRACT -> a - b;
            case MULTIPLY -> a * b;
            case DIVIDE -> a / b;
            case MODULO -> a % b;
        };
    }

    private static double get(long address, int row) {
        return Double.longBitsToDouble(MemoryUtil.getLong(address + 8L * row));
    }

    private static void put(long address, int row, double value) {
        MemoryUtil.putLong(address + 8L * row, Double.doubleToRawLongBits(value));
    }

    private void vectors(long a, long b, long out, int rowCount) {
        switch (operator) {
            case ADD -> {
                for (int i = 0; i < rowCount; i++) {
                    put(out, i, get(a, i) + get(b, i));
                }
            }
            case SUBTRACT -> {
                for (int i = 0; i < rowCount; i++) {
                    put(out, i, get(a, i) - get(b, i));
                }
            }
            case MULTIPLY -> {
                for (int i = 0; i < rowCount; i++) {
                    put(out, i, get(a, i) * get(b, i));
                }
            }
            case DIVIDE -> {
                for (int i = 0; i < rowCount; i++) {
                    put(out, i, get(a, i) / get(b, i));
                }
            }
            case MODULO -> {
                for (int i = 0; i < rowCount; i++) {
                    put(out, i, get(a, i) % get(b, i));
                }
            }
        }
    }

    private void withConstant(long a, double c, long out, int rowCount) {
        switch (operator) {
            case ADD -> {
                for (int i = 0; i < rowCount; i++) {
                    put(out, i, get(a, i) + c);
                }
            }
            case SUBTRACT -> {
                for (int i = 0; i < rowCount; i++) {
                    put(out, i, get(a, i) - c);
                }
            }
            case MULTIPLY -> {
                for (int i = 0; i < rowCount; i++) {
                    put(out, i, get(a, i) * c);
                }
            }
            case DIVIDE -> {
                for (int i = 0; i < rowCount; i++) {
                    put(out, i, get(a, i) / c);
                }
            }
            case MODULO -> {
                for (int i = 0; i < rowCount; i++) {
                    put(out, i, get(a, i) % c);
                }
            }
        }
    }
}
