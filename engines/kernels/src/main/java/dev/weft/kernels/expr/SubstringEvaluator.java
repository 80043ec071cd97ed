package dev.weft.kernels.expr;

import java.util.List;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * SUBSTRING(s, start, length) in characters, start 1-based, as in SQL (PostgreSQL): the characters at positions
 * {@code start .. start+length-1} that exist, so a start below 1 shortens the result; a negative length is an error.
 */
final class SubstringEvaluator extends Evaluator {
    private final Evaluator input;
    private final Evaluator start;
    private final Evaluator length;
    private final String expression;

    SubstringEvaluator(Field field, Evaluator input, Evaluator start, Evaluator length, String expression) {
        super(field, List.of(input, start, length));
        this.input = input;
        this.start = start;
        this.length = length;
        this.expression = expression;
    }

    @Override
    boolean failsOnSomeValues() {
        return !(length instanceof LiteralEvaluator literal && literal.longValue() >= 0);
    }

    @Override
    Values evaluate(Batch batch) {
        int rowCount = batch.rowCount();
        try (Values values = input.evaluate(batch);
                IntegerArgument starts = IntegerArgument.of(start, batch);
                IntegerArgument lengths = IntegerArgument.of(length, batch)) {
            Utf8Column strings = Utf8Column.of(values.vector(), rowCount);
            byte[] data = strings.data();
            Utf8Builder builder = new Utf8Builder(rowCount, data.length);
            for (int i = 0; i < rowCount; i++) {
                if (!strings.isValid(i) || !starts.isValid(i) || !lengths.isValid(i)) {
                    builder.appendNull();
                    continue;
                }
                long first = starts.value(i);
                long count = lengths.value(i);
                if (count < 0) {
                    throw Errors.invalidArgument(expression, "negative substring length %d".formatted(count));
                }
                long end = first > 0 && count > Long.MAX_VALUE - first ? Long.MAX_VALUE : first + count;
                long from = Math.max(first, 1);
                if (end <= from) {
                    builder.append(data, 0, 0);
                    continue;
                }
                int byteStart = strings.start(i);
                int byteEnd = strings.end(i);
                int begin;
                int finish;
                if (strings.isAscii(i)) {
                    begin = byteStart + (int) Math.min(from - 1, byteEnd - byteStart);
                    finish = begin + (int) Math.min(end - from, byteEnd - begin);
                } else {
                    begin = advance(data, byteStart, byteEnd, from - 1);
                    finish = advance(data, begin, byteEnd, end - from);
                }
                builder.append(data, begin, finish - begin);
            }
            return Values.owned(builder.build(field(), batch.allocator()));
        }
    }

    /** The byte index {@code characters} characters after {@code position}, at most {@code end}. */
    private static int advance(byte[] data, int position, int end, long characters) {
        int current = position;
        for (long c = 0; c < characters && current < end; c++) {
            current = LikePattern.nextCharacter(data, current, end);
        }
        return current;
    }
}
