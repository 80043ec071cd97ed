package dev.weft.kernels.expr;

import java.util.List;
import org.apache.arrow.vector.types.pojo.Field;

/** NOT: TRUE and FALSE swap, NULL stays NULL. */
final class NotEvaluator extends Evaluator {
    private final Evaluator input;

    NotEvaluator(Field field, Evaluator input) {
        super(field, List.of(input));
        this.input = input;
    }

    @Override
    Values evaluate(Batch batch) {
        int rowCount = batch.rowCount();
        try (Values values = input.evaluate(batch)) {
            BooleanWords words = BooleanWords.of(values.vector(), rowCount);
            long[] validity = new long[words.trueRows().length];
            for (int w = 0; w < validity.length; w++) {
                validity[w] = words.trueRows()[w] | words.falseRows()[w];
            }
            return Values.owned(BooleanResults.build(field(), words.falseRows(), validity, rowCount, batch.allocator()));
        }
    }
}
