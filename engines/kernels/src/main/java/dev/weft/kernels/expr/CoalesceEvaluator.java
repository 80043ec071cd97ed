package dev.weft.kernels.expr;

import java.util.List;
import org.apache.arrow.vector.types.pojo.Field;

/** COALESCE: the first non-NULL argument; each argument is evaluated only for the rows still NULL before it. */
final class CoalesceEvaluator extends Evaluator {
    private final List<Evaluator> arguments;

    /** @param arguments already of the result type */
    CoalesceEvaluator(Field field, List<Evaluator> arguments) {
        super(field, arguments);
        this.arguments = List.copyOf(arguments);
    }

    @Override
    Values evaluate(Batch batch) {
        int rowCount = batch.rowCount();
        try (RowAssembler assembler = new RowAssembler(rowCount)) {
            int[] remaining = Vectors.identity(rowCount);
            int remainingCount = rowCount;
            for (int a = 0; a < arguments.size() && remainingCount > 0; a++) {
                RowAssembler.Part part = assembler.evaluate(arguments.get(a), batch, remaining, remainingCount);
                long[] validity = Bits.validity(part.vector(), part.vector().getValueCount());
                int[] rest = new int[remainingCount];
                int restCount = 0;
                for (int k = 0; k < remainingCount; k++) {
                    int index = part.indexOf(remaining, k);
                    if (Bits.isSet(validity, index)) {
                        assembler.take(remaining[k], part, index);
                    } else {
                        rest[restCount++] = remaining[k];
                    }
                }
                remaining = rest;
                remainingCount = restCount;
            }
            return Values.owned(assembler.build(field(), batch.allocator()));
        }
    }
}
