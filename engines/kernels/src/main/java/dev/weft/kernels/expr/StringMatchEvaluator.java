package dev.weft.kernels.expr;

import dev.weft.api.expr.Call;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * LIKE, STARTS_WITH, ENDS_WITH and CONTAINS on UTF-8 bytes. A constant pattern is compiled once; a pattern from a
 * column is compiled per row (reusing the previous row's when equal).
 */
final class StringMatchEvaluator extends Evaluator {
    private final Call.Function function;
    private final Evaluator input;
    private final Evaluator pattern;
    private final LikePattern constant;
    private final String expression;

    StringMatchEvaluator(Field field, Call.Function function, Evaluator input, Evaluator pattern, String expression) {
        super(field, List.of(input, pattern));
        this.function = function;
        this.input = input;
        this.pattern = pattern;
        this.expression = expression;
        this.constant = pattern instanceof LiteralEvaluator literal ? compile(literal.bytes()) : null;
    }

    private LikePattern compile(byte[] bytes) {
        return switch (function) {
            case LIKE -> LikePattern.like(bytes, expression);
            case STARTS_WITH -> LikePattern.prefix(bytes);
            case ENDS_WITH -> LikePattern.suffix(bytes);
            default -> LikePattern.contains(bytes);
        };
    }

    @Override
    boolean failsOnSomeValues() {
        return function == Call.Function.LIKE && constant == null;
    }

    @Override
    Values evaluate(Batch batch) {
        int rowCount = batch.rowCount();
        try (Values inputValues = input.evaluate(batch);
                Values patternValues = constant == null ? pattern.evaluate(batch) : null) {
            Utf8Column strings = Utf8Column.of(inputValues.vector(), rowCount);
            long[] validity = strings.validity().clone();
            long[] bits = new long[validity.length];
            byte[] data = strings.data();
            if (constant != null) {
                for (int i = 0; i < rowCount; i++) {
                    if (constant.matches(data, strings.start(i), strings.end(i))) {
                        Bits.set(bits, i);
                    }
                }
            } else {
                Utf8Column patterns = Utf8Column.of(patternValues.vector(), rowCount);
                long[] other = patterns.validity();
                for (int w = 0; w < validity.length; w++) {
                    validity[w] &= other[w];
                }
                byte[] previous = null;
                LikePattern compiled = null;
                for (int i = 0; i < rowCount; i++) {
                    if (!Bits.isSet(validity, i)) {
                        continue;
                    }
                    byte[] current = Arrays.copyOfRange(patterns.data(), patterns.start(i), patterns.end(i));
                    if (!Arrays.equals(current, previous)) {
                        compiled = compile(current);
                        previous = current;
                    }
                    if (compiled.matches(data, strings.start(i), strings.end(i))) {
                        Bits.set(bits, i);
                    }
                }
            }
            for (int w = 0; w < bits.length; w++) {
                bits[w] &= validity[w];
            }
            return Values.owned(BooleanResults.build(field(), bits, validity, rowCount, batch.allocator()));
        }
    }
}
