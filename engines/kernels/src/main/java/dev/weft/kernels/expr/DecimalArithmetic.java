package dev.weft.kernels.expr;

import dev.weft.api.expr.Arithmetic;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Decimal arithmetic with the typer's result scales: + and - at the common scale, * at the sum of the scales (rounded
 * half up when capped at 38), / at max(6, left scale) rounded half up, % at the common scale. Division by zero and
 * results with too many digits are errors. When all operands have at most 18 digits, + and - run on unscaled longs
 * and * on 64x64->128-bit products, without BigDecimal.
 */
final class DecimalArithmetic extends Evaluator {
    private enum Mode {
        UNSCALED_ADD,
        UNSCALED_MULTIPLY,
        BIG_DECIMAL
    }

    private final Arithmetic.Operator operator;
    private final Evaluator left;
    private final Evaluator right;
    private final Mode mode;
    private final String expression;

    private DecimalArithmetic(Field field, Arithmetic.Operator operator, Evaluator left, Evaluator right, String expression) {
        super(field, List.of(left, right));
        this.operator = operator;
        this.left = left;
        this.right = right;
        this.expression = expression;
        this.mode = mode(operator, decimal(left), decimal(right), (ArrowType.Decimal) field.getType());
    }

    /** @param left and right decimals (integers already converted to their decimal types) */
    static Evaluator create(Field field, Arithmetic.Operator operator, Evaluator left, Evaluator right, String expression) {
        return new DecimalArithmetic(field, operator, left, right, expression);
    }

    private static ArrowType.Decimal decimal(Evaluator evaluator) {
        return (ArrowType.Decimal) evaluator.type();
    }

    private static Mode mode(Arithmetic.Operator operator, ArrowType.Decimal left, ArrowType.Decimal right, ArrowType.Decimal result) {
        if (!Numbers.fastDecimals() || left.getPrecision() > 18 || right.getPrecision() > 18) {
            return Mode.BIG_DECIMAL;
        }
        int scale = Math.max(left.getScale(), right.getScale());
        int integerDigits = Math.max(left.getPrecision() - left.getScale(), right.getPrecision() - right.getScale());
        if ((operator == Arithmetic.Operator.ADD || operator == Arithmetic.Operator.SUBTRACT)
                && integerDigits + scale <= 18 && result.getScale() == scale) {
            return Mode.UNSCALED_ADD;
        }
        if (operator == Arithmetic.Operator.MULTIPLY && result.getScale() == left.getScale() + right.getScale()
                && result.getPrecision() >= left.getPrecision() + right.getPrecision()) {
            return Mode.UNSCALED_MULTIPLY;
        }
        return Mode.BIG_DECIMAL;
    }

    @Override
    boolean failsOnSomeValues() {
        return mode == Mode.BIG_DECIMAL;
    }

    @Override
    Values evaluate(Batch batch) {
        int rowCount = batch.rowCount();
        try (Values leftValues = left instanceof LiteralEvaluator ? null : left.evaluate(batch);
                Values rightValues = right instanceof LiteralEvaluator ? null : right.evaluate(batch)) {
            FieldVector result = Vectors.allocate(field(), rowCount, batch.allocator());
            try {
                long[] validity = validity(leftValues, left, rowCount);
                long[] other = validity(rightValues, right, rowCount);
                for (int w = 0; w < validity.length; w++) {
                    validity[w] &= other[w];
                }
                if (rowCount > 0) {
                    switch (mode) {
                        case UNSCALED_ADD -> unscaledAdd(leftValues, rightValues, result, rowCount);
                        case UNSCALED_MULTIPLY -> unscaledMultiply(leftValues, rightValues, result, rowCount);
                        default -> bigDecimals(leftValues, rightValues, result, validity, rowCount);
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

    private static long[] validity(Values values, Evaluator evaluator, int rowCount) {
        if (values != null) {
            return Bits.validity(values.vector(), rowCount);
        }
        long[] words = new long[Bits.words(rowCount)];
        if (!((LiteralEvaluator) evaluator).isNull()) {
            for (int w = 0; w < words.length; w++) {
                words[w] = Bits.mask(w, rowCount);
            }
        }
        return words;
    }

    /** Unscaled values at {@code scale} (at most 18 digits each). */
    private static long[] unscaled(Values values, Evaluator evaluator, int scale, int rowCount) {
        int rescale = scale - decimal(evaluator).getScale();
        if (values != null) {
            return Numbers.readUnscaled(values.vector(), rowCount, rescale);
        }
        long[] constant = new long[rowCount];
        BigDecimal value = ((LiteralEvaluator) evaluator).decimalValue();
        if (value != null) {
            Arrays.fill(constant, value.unscaledValue().longValueExact() * Numbers.pow10(rescale));
        }
        return constant;
    }

    private void unscaledAdd(Values leftValues, Values rightValues, FieldVector result, int rowCount) {
        int scale = ((ArrowType.Decimal) type()).getScale();
        long[] a = unscaled(leftValues, left, scale, rowCount);
        long[] b = unscaled(rightValues, right, scale, rowCount);
        long address = Vectors.dataAddress(result, rowCount, 16);
        if (operator == Arithmetic.Operator.ADD) {
            for (int i = 0; i < rowCount; i++) {
                long sum = a[i] + b[i];
                Numbers.putDecimal(address, i, sum, sum >> 63);
            }
        } else {
            for (int i = 0; i < rowCount; i++) {
                long difference = a[i] - b[i];
                Numbers.putDecimal(address, i, difference, difference >> 63);
            }
        }
    }

    private void unscaledMultiply(Values leftValues, Values rightValues, FieldVector result, int rowCount) {
        long[] a = unscaled(leftValues, left, decimal(left).getScale(), rowCount);
        long[] b = unscaled(rightValues, right, decimal(right).getScale(), rowCount);
        long address = Vectors.dataAddress(result, rowCount, 16);
        for (int i = 0; i < rowCount; i++) {
            Numbers.putDecimal(address, i, a[i] * b[i], Math.multiplyHigh(a[i], b[i]));
        }
    }

    private void bigDecimals(Values leftValues, Values rightValues, FieldVector result, long[] validity, int rowCount) {
        ArrowType.Decimal type = (ArrowType.Decimal) type();
        int scale = type.getScale();
        BigDecimal leftConstant = leftValues == null ? ((LiteralEvaluator) left).decimalValue() : null;
        BigDecimal rightConstant = rightValues == null ? ((LiteralEvaluator) right).decimalValue() : null;
        for (int i = 0; i < rowCount; i++) {
            if (!Bits.isSet(validity, i)) {
                continue;
            }
            BigDecimal a = leftValues == null ? leftConstant : Numbers.decimal(leftValues.vector(), i);
            BigDecimal b = rightValues == null ? rightConstant : Numbers.decimal(rightValues.vector(), i);
            BigDecimal value = switch (operator) {
                case ADD -> a.add(b);
                case SUBTRACT -> a.subtract(b);
                case MULTIPLY -> a.multiply(b);
                case DIVIDE -> {
                    if (b.signum() == 0) {
                        throw Errors.divisionByZero(expression);
                    }
                    yield a.divide(b, scale, RoundingMode.HALF_UP);
                }
                case MODULO -> {
                    if (b.signum() == 0) {
                        throw Errors.divisionByZero(expression);
                    }
                    yield a.remainder(b);
                }
            };
            value = value.setScale(scale, RoundingMode.HALF_UP);
            if (Numbers.digits(value) > type.getPrecision()) {
                throw Errors.overflow(expression, value.toPlainString(), type);
            }
            Numbers.writeDecimal(result, i, value);
        }
    }
}
