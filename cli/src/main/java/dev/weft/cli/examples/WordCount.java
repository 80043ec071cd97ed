package dev.weft.cli.examples;

import static dev.weft.api.expr.Expressions.asc;
import static dev.weft.api.expr.Expressions.col;
import static dev.weft.api.expr.Expressions.desc;

import dev.weft.adaptive.JobHandle;
import dev.weft.adaptive.Weft;
import dev.weft.api.Collected;
import dev.weft.api.Dataset;
import dev.weft.api.ErrorCode;
import dev.weft.api.Pipeline;
import dev.weft.api.WeftException;
import dev.weft.api.function.Emitter;
import dev.weft.api.types.Row;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Word frequencies of a UTF-8 text file, most frequent first: {@code word,count}. A word is a maximal run of letters
 * ({@link Character#isLetter(int)}), lower-cased with {@link Locale#ROOT}.
 *
 * <p>Run it with {@code ./weft run wordcount --input examples/data/sample.txt}, or as a program:
 * {@code java dev.weft.cli.examples.WordCount FILE}.
 */
public final class WordCount {
    private WordCount() {}

    /** The pipeline: lines, words, counts per word, sorted by count descending then word ascending. */
    public static Dataset<Row> build(Pipeline pipeline, Path input) {
        return pipeline.readText(input)
                .flatMap((String line, Emitter<String> out) -> tokenize(line, out::emit), String.class)
                .named("tokenize")
                .groupBy("value")
                .count()
                .select(col("value").as("word"), col("count"))
                .sort(desc("count"), asc("word"));
    }

    /**
     * Calls {@code words} for every word of {@code line}: runs of letters, lower-cased with {@link Locale#ROOT};
     * everything else separates words, so no empty word is ever produced.
     */
    public static void tokenize(String line, Consumer<String> words) {
        int length = line.length();
        int start = -1;
        int index = 0;
        while (index < length) {
            int codePoint = line.codePointAt(index);
            if (Character.isLetter(codePoint)) {
                if (start < 0) {
                    start = index;
                }
            } else if (start >= 0) {
                words.accept(line.substring(start, index).toLowerCase(Locale.ROOT));
                start = -1;
            }
            index += Character.charCount(codePoint);
        }
        if (start >= 0) {
            words.accept(line.substring(start).toLowerCase(Locale.ROOT));
        }
    }

    /** The same counts computed by hand with a parallel {@code java.util.stream}: the reference for tests and benchmarks. */
    public static Map<String, Long> baseline(Path input) {
        try (Stream<String> lines = Files.lines(input)) {
            return lines.parallel()
                    .flatMap(line -> {
                        List<String> words = new ArrayList<>();
                        tokenize(line, words::add);
                        return words.stream();
                    })
                    .collect(Collectors.groupingByConcurrent(Function.identity(), Collectors.counting()));
        } catch (NoSuchFileException e) {
            throw new WeftException(ErrorCode.FILE_NOT_FOUND, "input file %s does not exist".formatted(input));
        } catch (IOException | UncheckedIOException e) {
            throw new WeftException(ErrorCode.IO_ERROR, "cannot read %s: %s".formatted(input, e.getMessage()), e);
        }
    }

    /** Prints the 20 most frequent words of the file given as the only argument. */
    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: java dev.weft.cli.examples.WordCount FILE");
            System.exit(2);
        }
        try (Weft weft = Weft.create()) {
            Pipeline pipeline = Pipeline.create("wordcount");
            Collected<Row> counts = build(pipeline, Path.of(args[0])).collect();
            JobHandle job = weft.submit(pipeline);
            job.await();
            List<Row> rows = job.collected(counts);
            for (Row row : rows.subList(0, Math.min(20, rows.size()))) {
                System.out.println(row.getString("word") + " " + row.getLong("count"));
            }
        }
    }
}
