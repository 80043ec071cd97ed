package dev.weft.kernels.expr;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * ROUND(x, digits), half up (ties away from zero), in x's type. Negative digits round to tens, hundreds...; integers
 * with digits >= 0 are unchanged. Doubles round their shortest decimal representation (so round(2.675, 2) is 2.68),
 * NaN and infinities stay. A result that no longer fits the type is an overflow error.
 */
final class RoundEvaluator extends Evaluator {
    private final Evaluator input;
    private final Evaluator digits;
    private final String expression;

    RoundEvaluator(Field field, Evaluator input, Evaluator digits, String expression) {
        super(field, List.of(input, digits));
        this.input = input;
        this.digits = digits;
        this.expression = expression;
    }

    @Override
    boolean failsOnSomeValues() {
        return !(type() instanceof ArrowType.FloatingPoint);
    }

    @Override
    Values evaluate(Batch batch) {
        int rowCount = batch.rowCount();
        try (Values values = input.evaluate(batch); IntegerArgument places = IntegerArgument.of(digits, batch)) {
            FieldVector source = values.vector();
            FieldVector result = Vectors.allocate(field(), rowCount, batch.allocator());
            try {
                long[] validity = Bits.validity(source, rowCount);
                places.restrict(validity);
                ArrowType type = type();
                if (type instanceof ArrowType.Int integer) {
                    long[] longs = Numbers.readLongs(source, rowCount);
                    for (int i = 0; i < rowCount; i++) {
                        if (Bits.isSet(validity, i)) {
                            longs[i] = roundInteger(longs[i], places.value(i), integer);
                        }
                    }
                    Numbers.writeLongs(longs, result, rowCount);
                } else if (type instanceof ArrowType.FloatingPoint fp) {
                    double[] doubles = Numbers.readDoubles(source, rowCount);
                    boolean single = Casts.single(fp);
                    for (int i = 0; i < rowCount; i++) {
                        if (Bits.isSet(validity, i)) {
                            doubles[i] = roundDouble(doubles[i], places.value(i), single);
                        }
                    }
                    Numbers.writeDoubles(doubles, result, rowCount);
                } else {
                    ArrowType.Decimal decimal = (ArrowType.Decimal) type;
                    for (int i = 0; i < rowCount; i++) {
                        if (Bits.isSet(validity, i)) {
                            Numbers.writeDecimal(result, i, roundDecimal(Numbers.decimal(source, i), places.value(i), decimal));
                        }
                    }
                }
                if (rowCount > 0) {
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

    private long roundInteger(long value, long places, ArrowType.Int type) {
        if (places >= 0) {
            return value;
        }
        if (places < -18) {
            BigDecimal rounded = BigDecimal.valueOf(value).setScale((int) Math.max(places, -40), RoundingMode.HALF_UP);
            if (rounded.compareTo(BigDecimal.valueOf(Numbers.maxValue(type))) > 0
                    || rounded.compareTo(BigDecimal.valueOf(Numbers.minValue(type))) < 0) {
                throw Errors.overflow(expression, rounded.toPlainString(), type);
            }
            return rounded.longValueExact();
        }
        long factor = Numbers.pow10((int) -places);
        long quotient = value / factor;
        long remainder = value % factor;
        if (Math.abs(remainder) >= factor - Math.abs(remainder)) {
            quotient += value < 0 ? -1 : 1;
        }
        long rounded;
        try {
            rounded = Math.multiplyExact(quotient, factor);
        } catch (ArithmeticException e) {
            throw Errors.overflow(expression, type);
        }
        if (rounded < Numbers.minValue(type) || rounded > Numbers.maxValue(type)) {
            throw Errors.overflow(expression, rounded, type);
        }
        return rounded;
    }

    private static double roundDouble(double value, long places, boolean single) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return value;
        }
        if (places >= 0 && value == Math.rint(value) || places > 400) {
            return value;
        }
        BigDecimal decimal = single ? new BigDecimal(Float.toString((float) value)) : BigDecimal.valueOf(value);
        return decimal.setScale((int) Math.max(places, -400), RoundingMode.HALF_UP).doubleValue();
    }

    private BigDecimal roundDecimal(BigDecimal value, long places, ArrowType.Decimal type) {
        if (places >= type.getScale()) {
            return value;
        }
        BigDecimal rounded = value.setScale((int) Math.max(places, -40), RoundingMode.HALF_UP).setScale(type.getScale());
        if (Numbers.digits(rounded) > type.getPrecision()) {
            throw Errors.overflow(expression, rounded.toPlainString(), type);
        }
        return rounded;
    }
}
