package dev.weft.kernels.expr;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * CASE WHEN: each condition is evaluated for the rows no earlier branch took, each value for the rows its condition
 * took (so a guard such as {@code WHEN b <> 0 THEN a / b} protects its value); rows no branch takes get the ELSE
 * value, or NULL without ELSE.
 */
final class CaseWhenEvaluator extends Evaluator {
    private final List<Evaluator> conditions;
    private final List<Evaluator> values;
    private final Optional<Evaluator> otherwise;

    /** @param values the branch values, already of the result type; {@code otherwise} too */
    CaseWhenEvaluator(Field field, List<Evaluator> conditions, List<Evaluator> values, Optional<Evaluator> otherwise) {
        super(field, children(conditions, values, otherwise));
        this.conditions = List.copyOf(conditions);
        this.values = List.copyOf(values);
        this.otherwise = otherwise;
    }

    private static List<Evaluator> children(List<Evaluator> conditions, List<Evaluator> values, Optional<Evaluator> otherwise) {
        List<Evaluator> children = new ArrayList<>(conditions);
        children.addAll(values);
        otherwise.ifPresent(children::add);
        return children;
    }

    @Override
    Values evaluate(Batch batch) {
        int rowCount = batch.rowCount();
        try (RowAssembler assembler = new RowAssembler(rowCount)) {
            int[] undecided = Vectors.identity(rowCount);
            int undecidedCount = rowCount;
            for (int b = 0; b < conditions.size() && undecidedCount > 0; b++) {
                int[] taken = new int[undecidedCount];
                int takenCount = 0;
                int[] rest = new int[undecidedCount];
                int restCount = 0;
                Evaluator condition = conditions.get(b);
                boolean subset = RowSubsets.worthIt(condition, batch, undecidedCount);
                try (Values values = subset ? RowSubsets.evaluate(condition, batch, undecided, undecidedCount) : condition.evaluate(batch)) {
                    long[] trueRows = BooleanWords.of(values.vector(), subset ? undecidedCount : rowCount).trueRows();
                    for (int k = 0; k < undecidedCount; k++) {
                        if (Bits.isSet(trueRows, subset ? k : undecided[k])) {
                            taken[takenCount++] = undecided[k];
                        } else {
                            rest[restCount++] = undecided[k];
                        }
                    }
                }
                if (takenCount > 0) {
                    RowAssembler.Part value = assembler.evaluate(values.get(b), batch, taken, takenCount);
                    for (int k = 0; k < takenCount; k++) {
                        assembler.take(taken[k], value, value.indexOf(taken, k));
                    }
                }
                undecided = rest;
                undecidedCount = restCount;
            }
            if (otherwise.isPresent() && undecidedCount > 0) {
                RowAssembler.Part value = assembler.evaluate(otherwise.get(), batch, undecided, undecidedCount);
                for (int k = 0; k < undecidedCount; k++) {
                    assembler.take(undecided[k], value, value.indexOf(undecided, k));
                }
            }
            return Values.owned(assembler.build(field(), batch.allocator()));
        }
    }
}
