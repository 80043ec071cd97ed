package dev.weft.kernels.expr;

import dev.weft.api.expr.Comparison;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Comparisons of decimals (integer operands already converted to decimals): on unscaled longs at the common scale
 * when every value fits 18 digits there, otherwise with BigDecimal.
 */
final class DecimalComparison extends Evaluator {
    private final Comparison.Operator operator;
    private final Evaluator left;
    private final Evaluator right;
    private final int scale;
    private final boolean unscaled;

    DecimalComparison(Field field, Comparison.Operator operator, Evaluator left, Evaluator right) {
        super(field, List.of(left, right));
        this.operator = operator;
        this.left = left;
        this.right = right;
        ArrowType.Decimal l = (ArrowType.Decimal) left.type();
        ArrowType.Decimal r = (ArrowType.Decimal) right.type();
        this.scale = Math.max(l.getScale(), r.getScale());
        int integerDigits = Math.max(l.getPrecision() - l.getScale(), r.getPrecision() - r.getScale());
        this.unscaled = Numbers.fastDecimals() && l.getPrecision() <= 18 && r.getPrecision() <= 18 && integerDigits + scale <= 18;
    }

    @Override
    Values evaluate(Batch batch) {
        int rowCount = batch.rowCount();
        try (Values leftValues = left instanceof LiteralEvaluator ? null : left.evaluate(batch);
                Values rightValues = right instanceof LiteralEvaluator ? null : right.evaluate(batch)) {
            FieldVector result = Vectors.allocate(field(), rowCount, batch.allocator());
            try {
                long[] validity = leftValues == null ? BooleanResults.allValid(rowCount) : Bits.validity(leftValues.vector(), rowCount);
                if (rightValues != null) {
                    long[] other = Bits.validity(rightValues.vector(), rowCount);
                    for (int w = 0; w < validity.length; w++) {
                        validity[w] &= other[w];
                    }
                }
                long[] bits = new long[validity.length];
                if (unscaled) {
                    long[] a = unscaled(leftValues, left, rowCount);
                    long[] b = unscaled(rightValues, right, rowCount);
                    for (int i = 0; i < rowCount; i++) {
                        if (Comparisons.test(operator, Long.compare(a[i], b[i]))) {
                            Bits.set(bits, i);
                        }
                    }
                } else {
                    for (int i = 0; i < rowCount; i++) {
                        if (Bits.isSet(validity, i)) {
                            BigDecimal a = leftValues == null ? ((LiteralEvaluator) left).decimalValue() : Numbers.decimal(leftValues.vector(), i);
                            BigDecimal b = rightValues == null ? ((LiteralEvaluator) right).decimalValue() : Numbers.decimal(rightValues.vector(), i);
                            if (Comparisons.test(operator, a.compareTo(b))) {
                                Bits.set(bits, i);
                            }
                        }
                    }
                }
                if (rowCount > 0) {
                    Bits.writeWords(result.getDataBuffer(), bits, rowCount);
                    Bits.writeWords(result.getValidityBuffer(), validity, rowCount);
                }
                result.setValueCount(rowCount);
                return Values.owned(result);
            } catch (RuntimeException | Error e) {
                result.close();
                throw e;
            }
        }
    }

    private long[] unscaled(Values values, Evaluator evaluator, int rowCount) {
        int rescale = scale - ((ArrowType.Decimal) evaluator.type()).getScale();
        if (values != null) {
            return Numbers.readUnscaled(values.vector(), rowCount, rescale);
        }
        long[] constant = new long[rowCount];
        Arrays.fill(constant, ((LiteralEvaluator) evaluator).decimalValue().unscaledValue().longValueExact() * Numbers.pow10(rescale));
        return constant;
    }
}
