package dev.weft.kernels.expr;

import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/** ABS in the input's type; the absolute value of an integer type's minimum is an overflow error. */
final class AbsEvaluator extends Evaluator {
    private final Evaluator input;
    private final String expression;

    AbsEvaluator(Field field, Evaluator input, String expression) {
        super(field, List.of(input));
        this.input = input;
        this.expression = expression;
    }

    @Override
    boolean failsOnSomeValues() {
        return type() instanceof ArrowType.Int integer && integer.getIsSigned();
    }

    @Override
    Values evaluate(Batch batch) {
        int rowCount = batch.rowCount();
        try (Values values = input.evaluate(batch)) {
            FieldVector source = values.vector();
            FieldVector result = Vectors.allocate(field(), rowCount, batch.allocator());
            try {
                long[] validity = Bits.validity(source, rowCount);
                ArrowType type = type();
                if (type instanceof ArrowType.Int integer) {
                    long[] longs = Numbers.readLongs(source, rowCount);
                    long max = Numbers.maxValue(integer);
                    for (int i = 0; i < rowCount; i++) {
                        long value = Math.abs(longs[i]);
                        if ((value > max || value < 0) && Bits.isSet(validity, i)) {
                            throw Errors.overflow(expression, longs[i], type);
                        }
                        longs[i] = value;
                    }
                    Numbers.writeLongs(longs, result, rowCount);
                } else if (type instanceof ArrowType.FloatingPoint) {
                    double[] doubles = Numbers.readDoubles(source, rowCount);
                    for (int i = 0; i < rowCount; i++) {
                        doubles[i] = Math.abs(doubles[i]);
                    }
                    Numbers.writeDoubles(doubles, result, rowCount);
                } else {
                    for (int i = 0; i < rowCount; i++) {
                        if (Bits.isSet(validity, i)) {
                            Numbers.writeDecimal(result, i, Numbers.decimal(source, i).abs());
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
}
