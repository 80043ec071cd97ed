package dev.weft.optimizer.estimate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestFileSampler {
    @TempDir
    Path directory;

    private final FileSampler sampler = new FileSampler();

    private static String lines(int count, String text) {
        StringBuilder builder = new StringBuilder();
        for (int i = 0; i < count; i++) {
            builder.append(text).append('\n');
        }
        return builder.toString();
    }

    @Test
    void aDirectoryLargerThanTheSampleIsPartlyExactPartlyExtrapolated() throws IOException {
        Path input = Files.createDirectory(directory.resolve("parts"));
        Files.writeString(input.resolve("part-0"), lines(1000, "x".repeat(99)));       // 100 KB: exact
        Files.writeString(input.resolve("part-1"), lines(20_000, "y".repeat(99)));     // 2 MB: sampled in part
        Files.writeString(input.resolve("part-2"), lines(5_000, "z".repeat(99)));      // after the sample: extrapolated
        FileSampler.SourceSample sample = sampler.sample(input.toString(), 0).orElseThrow();
        Cardinality rows = sample.rows();
        assertThat(rows.confidence()).isEqualTo(FileSampler.EXTRAPOLATED_CONFIDENCE);
        assertThat(rows.lower()).isCloseTo(1000 + 25_000 * 0.9, within(1.0));
        assertThat(rows.upper()).isCloseTo(1000 + 25_000 * 1.1, within(1.0));
        assertThat(sample.averageLineBytes()).isCloseTo(99, within(1e-9));
    }

    @Test
    void aLineLongerThanTheSampleStillGivesRows() throws IOException {
        Path file = directory.resolve("one-line.txt");
        Files.writeString(file, "a".repeat(3 * FileSampler.SAMPLE_BYTES));
        Cardinality rows = sampler.sample(file.toString(), 0).orElseThrow().rows();
        assertThat(rows.lower()).isGreaterThan(0);
        assertThat(rows.lower()).isLessThanOrEqualTo(3.3);
        assertThat(rows.upper()).isGreaterThanOrEqualTo(2.7);
    }

    @Test
    void headersOfFilesThatWereNotReadAreSubtracted() throws IOException {
        Path input = Files.createDirectory(directory.resolve("csv"));
        Files.writeString(input.resolve("a.csv"), "h\n" + lines(FileSampler.SAMPLE_BYTES / 10, "123456789"));
        Files.writeString(input.resolve("b.csv"), "h\n" + lines(99, "123456789"));
        Cardinality rows = sampler.sample(input.toString(), 1).orElseThrow().rows();
        double expected = FileSampler.SAMPLE_BYTES / 10 + 99;
        assertThat(rows.lower()).isLessThanOrEqualTo(expected);
        assertThat(rows.upper()).isGreaterThanOrEqualTo(expected);
    }

    @Test
    void missingPathsAreEmpty() {
        assertThat(sampler.sample(directory.resolve("missing").toString(), 0)).isEmpty();
        assertThat(sampler.sample("\0bad", 0)).isEmpty();
    }
}
