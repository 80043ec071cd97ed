package dev.weft.kernels.expr;

import dev.weft.api.expr.Call;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * UPPER, LOWER (Unicode rules of {@link Locale#ROOT}; ASCII values are mapped byte by byte without decoding) and TRIM
 * (removes leading and trailing spaces, as SQL's TRIM does).
 */
final class StringTransformEvaluator extends Evaluator {
    private final Call.Function function;
    private final Evaluator input;

    StringTransformEvaluator(Field field, Call.Function function, Evaluator input) {
        super(field, List.of(input));
        this.function = function;
        this.input = input;
    }

    @Override
    Values evaluate(Batch batch) {
        int rowCount = batch.rowCount();
        try (Values values = input.evaluate(batch)) {
            Utf8Column strings = Utf8Column.of(values.vector(), rowCount);
            byte[] data = strings.data();
            Utf8Builder builder = new Utf8Builder(rowCount, data.length);
            byte[] scratch = new byte[64];
            for (int i = 0; i < rowCount; i++) {
                if (!strings.isValid(i)) {
                    builder.appendNull();
                    continue;
                }
                int start = strings.start(i);
                int end = strings.end(i);
                if (function == Call.Function.TRIM) {
                    while (start < end && data[start] == ' ') {
                        start++;
                    }
                    while (end > start && data[end - 1] == ' ') {
                        end--;
                    }
                    builder.append(data, start, end - start);
                } else if (strings.isAscii(i)) {
                    int length = end - start;
                    if (scratch.length < length) {
                        scratch = new byte[Math.max(length, scratch.length * 2)];
                    }
                    boolean upper = function == Call.Function.UPPER;
                    for (int j = 0; j < length; j++) {
                        byte b = data[start + j];
                        if (upper && b >= 'a' && b <= 'z' || !upper && b >= 'A' && b <= 'Z') {
                            b ^= 0x20;
                        }
                        scratch[j] = b;
                    }
                    builder.append(scratch, 0, length);
                } else {
                    String text = strings.string(i);
                    String mapped = function == Call.Function.UPPER ? text.toUpperCase(Locale.ROOT) : text.toLowerCase(Locale.ROOT);
                    builder.append(mapped.getBytes(StandardCharsets.UTF_8));
                }
            }
            return Values.owned(builder.build(field(), batch.allocator()));
        }
    }
}
