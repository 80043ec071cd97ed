package dev.weft.engine.java;

import static dev.weft.api.expr.Expressions.asc;
import static dev.weft.api.expr.Expressions.desc;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.api.Collected;
import dev.weft.api.Pipeline;
import dev.weft.api.function.Emitter;
import dev.weft.api.types.Row;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The word count of the benchmark, checked against a plain Java count. */
class TestWordCount extends EngineTestBase {
    private static void tokenize(String line, Emitter<String> out) {
        int start = -1;
        for (int i = 0; i <= line.length(); i++) {
            boolean letter = i < line.length() && Character.isLetter(line.charAt(i));
            if (letter && start < 0) {
                start = i;
            } else if (!letter && start >= 0) {
                out.emit(line.substring(start, i).toLowerCase(Locale.ROOT));
                start = -1;
            }
        }
    }

    /** Letters only: "Ab", "Ac", ... (mixed case, so that lower-casing matters). */
    private static String word(int number) {
        StringBuilder word = new StringBuilder("W");
        for (int n = number; n > 0; n /= 26) {
            word.append((char) ('a' + n % 26));
        }
        return word.toString();
    }

    @Test
    void wordCountMatchesAPlainCount() throws IOException {
        Path file = temp.resolve("words.txt");
        Random random = new Random(3);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            StringBuilder line = new StringBuilder();
            for (int w = 0; w < 8; w++) {
                line.append(w == 0 ? "" : random.nextBoolean() ? " " : ", ").append(word(random.nextInt(2000)));
                line.append(random.nextInt(3) == 0 ? "-2" : "");
            }
            lines.add(line.toString());
        }
        Files.write(file, lines);
        Map<String, Long> expected = new TreeMap<>();
        for (String line : lines) {
            tokenize(line, word -> expected.merge(word, 1L, Long::sum));
        }

        Pipeline pipeline = Pipeline.create();
        Collected<Row> out = pipeline.readText(file)
                .flatMap((String line, Emitter<String> emit) -> tokenize(line, emit), String.class)
                .groupBy("value").count()
                .sort(desc("count"), asc("value"))
                .collect();

        List<Row> rows = collect(pipeline, out);
        List<Map.Entry<String, Long>> sorted = new ArrayList<>(expected.entrySet());
        sorted.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()));
        assertThat(rows).extracting(r -> r.getString("value") + "=" + r.getLong("count"))
                .containsExactlyElementsOf(sorted.stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
    }
}
