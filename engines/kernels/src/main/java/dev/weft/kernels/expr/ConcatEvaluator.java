package dev.weft.kernels.expr;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Field;

/** CONCAT: the arguments (already converted to strings) joined; NULL when any argument is NULL. */
final class ConcatEvaluator extends Evaluator {
    private final List<Evaluator> arguments;

    ConcatEvaluator(Field field, List<Evaluator> arguments) {
        super(field, arguments);
        this.arguments = List.copyOf(arguments);
    }

    @Override
    Values evaluate(Batch batch) {
        int rowCount = batch.rowCount();
        List<Values> values = new ArrayList<>();
        try {
            Utf8Column[] columns = new Utf8Column[arguments.size()];
            byte[][] constants = new byte[arguments.size()][];
            long[] validity = BooleanResults.allValid(rowCount);
            long expectedBytes = 0;
            for (int a = 0; a < columns.length; a++) {
                Evaluator argument = arguments.get(a);
                if (argument instanceof LiteralEvaluator literal) {
                    constants[a] = literal.bytes();
                    expectedBytes += (long) constants[a].length * rowCount;
                    continue;
                }
                Values argumentValues = argument.evaluate(batch);
                values.add(argumentValues);
                columns[a] = Utf8Column.of(argumentValues.vector(), rowCount);
                expectedBytes += columns[a].data().length;
                long[] argumentValidity = columns[a].validity();
                for (int w = 0; w < validity.length; w++) {
                    validity[w] &= argumentValidity[w];
                }
            }
            Utf8Builder builder = new Utf8Builder(rowCount, (int) Math.min(expectedBytes, 1 << 30));
            for (int i = 0; i < rowCount; i++) {
                if (!Bits.isSet(validity, i)) {
                    builder.appendNull();
                    continue;
                }
                for (int a = 0; a < columns.length; a++) {
                    if (columns[a] == null) {
                        builder.appendPart(constants[a], 0, constants[a].length);
                    } else {
                        builder.appendPart(columns[a].data(), columns[a].start(i), columns[a].length(i));
                    }
                }
                builder.endValue();
            }
            return Values.owned(builder.build(field(), batch.allocator()));
        } finally {
            for (Values argumentValues : values) {
                argumentValues.close();
            }
        }
    }
}
