package dev.weft.kernels.expr;

import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Field;

/** REPLACE(s, search, replacement): every occurrence of search replaced, on UTF-8 bytes; an empty search changes nothing. */
final class ReplaceEvaluator extends Evaluator {
    private final Evaluator input;
    private final Evaluator search;
    private final Evaluator replacement;

    ReplaceEvaluator(Field field, Evaluator input, Evaluator search, Evaluator replacement) {
        super(field, List.of(input, search, replacement));
        this.input = input;
        this.search = search;
        this.replacement = replacement;
    }

    @Override
    Values evaluate(Batch batch) {
        int rowCount = batch.rowCount();
        try (Values inputValues = input.evaluate(batch);
                Values searchValues = search instanceof LiteralEvaluator ? null : search.evaluate(batch);
                Values replacementValues = replacement instanceof LiteralEvaluator ? null : replacement.evaluate(batch)) {
            Utf8Column strings = Utf8Column.of(inputValues.vector(), rowCount);
            Utf8Column searches = searchValues == null ? null : Utf8Column.of(searchValues.vector(), rowCount);
            Utf8Column replacements = replacementValues == null ? null : Utf8Column.of(replacementValues.vector(), rowCount);
            byte[] constantSearch = searches == null ? ((LiteralEvaluator) search).bytes() : null;
            byte[] constantReplacement = replacements == null ? ((LiteralEvaluator) replacement).bytes() : null;
            byte[] data = strings.data();
            Utf8Builder builder = new Utf8Builder(rowCount, data.length);
            for (int i = 0; i < rowCount; i++) {
                if (!strings.isValid(i) || searches != null && !searches.isValid(i) || replacements != null && !replacements.isValid(i)) {
                    builder.appendNull();
                    continue;
                }
                byte[] needle = searches == null ? constantSearch
                        : Arrays.copyOfRange(searches.data(), searches.start(i), searches.end(i));
                byte[] with = replacements == null ? constantReplacement
                        : Arrays.copyOfRange(replacements.data(), replacements.start(i), replacements.end(i));
                int position = strings.start(i);
                int end = strings.end(i);
                if (needle.length == 0) {
                    builder.append(data, position, end - position);
                    continue;
                }
                for (int found = LikePattern.indexOf(data, position, end, needle); found >= 0;
                        found = LikePattern.indexOf(data, position, end, needle)) {
                    builder.appendPart(data, position, found - position);
                    builder.appendPart(with, 0, with.length);
                    position = found + needle.length;
                }
                builder.appendPart(data, position, end - position);
                builder.endValue();
            }
            return Values.owned(builder.build(field(), batch.allocator()));
        }
    }
}
