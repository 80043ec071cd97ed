package dev.weft.cli.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.adaptive.JobHandle;
import dev.weft.adaptive.Weft;
import dev.weft.adaptive.WeftConfig;
import dev.weft.api.Collected;
import dev.weft.api.ErrorCode;
import dev.weft.api.Pipeline;
import dev.weft.api.WeftException;
import dev.weft.api.types.Row;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.Field;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestWordCount {
    /** The file the README's command counts (tests run in the module directory). */
    static final Path SAMPLE = Path.of("..", "examples", "data", "sample.txt");

    private static Weft weft;

    @TempDir
    Path directory;

    @BeforeAll
    static void startWeft() {
        weft = Weft.create(WeftConfig.builder().parallelism(4).batchSize(64).build());
    }

    @AfterAll
    static void closeWeft() {
        if (weft != null) {
            weft.close();
        }
    }

    @Test
    void tokenizesRunsOfLettersLowerCased() {
        assertThat(tokens("The cat's   hat, THE Hat!")).containsExactly("the", "cat", "s", "hat", "the", "hat");
        assertThat(tokens("Zürich naïve CAFÉ Ωμέγα Москва 東京")).containsExactly("zürich", "naïve", "café", "ωμέγα", "москва", "東京");
        assertThat(tokens("x1y2z 3.14 snake_case e-mail")).containsExactly("x", "y", "z", "snake", "case", "e", "mail");
        assertThat(tokens("\uD835\uDC9Cbc")).as("a letter outside the BMP").containsExactly("\uD835\uDC9Cbc");
        assertThat(tokens("emoji\uD83D\uDE00here")).as("an emoji is not a letter").containsExactly("emoji", "here");
        assertThat(tokens("")).isEmpty();
        assertThat(tokens("  ... 42 -- !!")).isEmpty();
    }

    @Test
    void sampleMatchesTheBaseline() {
        List<Row> rows = run(SAMPLE);

        assertThat(counts(rows)).isEqualTo(WordCount.baseline(SAMPLE));
        assertThat(counts(rows)).containsEntry("the", WordCount.baseline(SAMPLE).get("the")).containsKey("café");
        assertSortedByCountThenWord(rows);
    }

    @Test
    void trickyInputMatchesTheBaseline() throws IOException {
        StringBuilder text = new StringBuilder();
        text.append('\uFEFF').append("Byte order mark, then words.\n");
        text.append('\n').append("   \n").append("\t\t\n");
        text.append("Zürich ZÜRICH zürich naïve NAÏVE café CAFÉ Ωμέγα ΩΜΈΓΑ Москва москва 東京 東京\r\n");
        text.append("don't won't can't -- it's \"quoted\" (parenthesised) [bracketed] {braced}\r\n");
        text.append("numbers 123 4.56 7e8 mixed a1b2c3 under_score hyphen-ated\n");
        text.append("\uD835\uDC9C\uD835\uDC9C \uD835\uDC9Cb emoji\uD83D\uDE00emoji e\u0301 combining\n");
        text.append("İstanbul straße STRASSE ǅ ǆ ǄEMAL\n");
        text.append("word ".repeat(5000)).append('\n');
        for (int i = 0; i < 500; i++) {
            text.append("line ").append(i).append(i % 7 == 0 ? " seven" : "").append(i % 3 == 0 ? "\n\n" : "\n");
        }
        text.append("no newline at the end");
        Path file = Files.writeString(directory.resolve("tricky.txt"), text, StandardCharsets.UTF_8);

        List<Row> rows = run(file);

        Map<String, Long> expected = WordCount.baseline(file);
        assertThat(counts(rows)).isEqualTo(expected);
        assertThat(expected).containsEntry("word", 5000L).containsEntry("line", 500L).containsEntry("zürich", 3L)
                .containsEntry("東京", 2L).containsEntry("end", 1L).doesNotContainKey("");
        assertThat(rows).extracting(row -> row.getLong("count")).isSortedAccordingTo(Comparator.reverseOrder());
    }

    @Test
    void emptyFileHasNoWords() throws IOException {
        Path file = Files.writeString(directory.resolve("empty.txt"), "");

        assertThat(run(file)).isEmpty();
        assertThat(WordCount.baseline(file)).isEmpty();
    }

    @Test
    void outputColumnsAreWordAndCount() {
        List<Field> fields = WordCount.build(Pipeline.create(), SAMPLE).schema().getFields();

        assertThat(fields).extracting(Field::getName).containsExactly("word", "count");
    }

    @Test
    void baselineOfMissingFileNamesIt() {
        Path missing = directory.resolve("missing.txt");

        assertThatThrownBy(() -> WordCount.baseline(missing))
                .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.FILE_NOT_FOUND))
                .hasMessageContaining(missing.toString());
    }

    private static List<Row> run(Path input) {
        Pipeline pipeline = Pipeline.create("wordcount");
        Collected<Row> collected = WordCount.build(pipeline, input).collect();
        JobHandle job = weft.submit(pipeline);
        job.await();
        return job.collected(collected);
    }

    private static Map<String, Long> counts(List<Row> rows) {
        Map<String, Long> counts = new HashMap<>();
        for (Row row : rows) {
            Long previous = counts.put(row.getString("word"), row.getLong("count"));
            assertThat(previous).as("word '%s' appears twice in the result", row.getString("word")).isNull();
        }
        return counts;
    }

    private static void assertSortedByCountThenWord(List<Row> rows) {
        for (int i = 1; i < rows.size(); i++) {
            Row before = rows.get(i - 1);
            Row after = rows.get(i);
            boolean ordered = before.getLong("count") > after.getLong("count")
                    || before.getLong("count") == after.getLong("count") && before.getString("word").compareTo(after.getString("word")) < 0;
            assertThat(ordered).as("row %d %s before row %d %s", i, before, i + 1, after).isTrue();
        }
    }

    private static List<String> tokens(String line) {
        List<String> words = new ArrayList<>();
        WordCount.tokenize(line, words::add);
        return words;
    }
}
