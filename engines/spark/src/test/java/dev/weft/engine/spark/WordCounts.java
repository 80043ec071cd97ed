package dev.weft.engine.spark;

import static dev.weft.api.expr.Expressions.asc;
import static dev.weft.api.expr.Expressions.desc;

import dev.weft.api.Dataset;
import dev.weft.api.Pipeline;
import dev.weft.api.function.Emitter;
import dev.weft.api.types.Row;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

/** The word count of the benchmarks: lines of random words, counted per lower-cased word, sorted by count. */
final class WordCounts {
    private WordCounts() {}

    static Dataset<Row> wordCount(Pipeline pipeline, Path file) {
        return pipeline.readText(file)
                .flatMap((String line, Emitter<String> emit) -> tokenize(line, emit), String.class)
                .groupBy("value").count()
                .sort(desc("count"), asc("value"));
    }

    static void tokenize(String line, Emitter<String> out) {
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

    /** {@code lines} lines of about 10 words each, from a vocabulary of 50,000 words. */
    static Path write(Path file, int lines, long seed) throws IOException {
        Random random = new Random(seed);
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            for (int i = 0; i < lines; i++) {
                for (int w = 0; w < 10; w++) {
                    if (w > 0) {
                        out.write(random.nextBoolean() ? " " : ", ");
                    }
                    out.write(word(random.nextInt(50_000)));
                }
                out.write('\n');
            }
        }
        return file;
    }

    private static String word(int number) {
        StringBuilder word = new StringBuilder("W");
        for (int n = number; n > 0; n /= 26) {
            word.append((char) ('a' + n % 26));
        }
        return word.toString();
    }
}
