package dev.weft.kernels.expr;

import java.util.List;
import org.apache.arrow.vector.types.pojo.Field;

/** IS NULL, read from the input's validity bitmap; never NULL itself. */
final class IsNullEvaluator extends Evaluator {
    private final Evaluator input;

    IsNullEvaluator(Field field, Evaluator input) {
        super(field, List.of(input));
        this.input = input;
    }

    @Override
    Values evaluate(Batch batch) {
        int rowCount = batch.rowCount();
        try (Values values = input.evaluate(batch)) {
            long[] validity = Bits.validity(values.vector(), rowCount);
            for (int w = 0; w < validity.length; w++) {
                validity[w] = ~validity[w] & Bits.mask(w, rowCount);
            }
            return Values.owned(BooleanResults.build(field(), validity, BooleanResults.allValid(rowCount), rowCount, batch.allocator()));
        }
    }
}
