package dev.weft.kernels.expr;

import dev.weft.api.expr.Call;
import java.util.List;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/** DATE_ADD(date, days) and DATE_DIFF(end, start) in days; a result outside the int range is an error. */
final class DateArithmeticEvaluator extends Evaluator {
    private final Call.Function function;
    private final Evaluator left;
    private final Evaluator right;
    private final String expression;

    DateArithmeticEvaluator(Field field, Call.Function function, Evaluator left, Evaluator right, String expression) {
        super(field, List.of(left, right));
        this.function = function;
        this.left = left;
        this.right = right;
        this.expression = expression;
    }

    @Override
    boolean failsOnSomeValues() {
        return true;
    }

    @Override
    Values evaluate(Batch batch) {
        int rowCount = batch.rowCount();
        try (Values leftValues = left.evaluate(batch);
                IntegerArgument days = function == Call.Function.DATE_ADD ? IntegerArgument.of(right, batch) : null;
                Values rightValues = function == Call.Function.DATE_DIFF ? right.evaluate(batch) : null) {
            long[] base = DatePartEvaluator.epochDays(leftValues.vector(), left.type(), rowCount);
            long[] validity = Bits.validity(leftValues.vector(), rowCount);
            long[] other;
            if (days != null) {
                days.restrict(validity);
                other = null;
            } else {
                other = DatePartEvaluator.epochDays(rightValues.vector(), right.type(), rowCount);
                long[] otherValidity = Bits.validity(rightValues.vector(), rowCount);
                for (int w = 0; w < validity.length; w++) {
                    validity[w] &= otherValidity[w];
                }
            }
            FieldVector result = Vectors.allocate(field(), rowCount, batch.allocator());
            try {
                if (rowCount > 0) {
                    long address = Vectors.dataAddress(result, rowCount, 4);
                    for (int i = 0; i < rowCount; i++) {
                        if (!Bits.isSet(validity, i)) {
                            continue;
                        }
                        long value = days != null ? base[i] + days.value(i) : base[i] - other[i];
                        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE
                                || days != null && (days.value(i) > Integer.MAX_VALUE || days.value(i) < Integer.MIN_VALUE)) {
                            throw Errors.overflow(expression, value, type());
                        }
                        MemoryUtil.putInt(address + 4L * i, (int) value);
                    }
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
}
