package dev.weft.kernels.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestFileSplits {
    @TempDir
    Path directory;

    @Test
    void splitsAFileIntoContiguousRangesOfSimilarSize() throws IOException {
        Path file = Files.write(directory.resolve("data.txt"), new byte[1000]);

        for (int target = 1; target <= 40; target++) {
            List<FileSplit> splits = FileSplits.plan(file, target, 1);
            assertThat(splits).as("%d splits", target).hasSizeBetween(1, target);
            assertCovers(splits, file, 1000);
            long smallest = splits.stream().mapToLong(FileSplit::length).min().orElseThrow();
            long largest = splits.stream().mapToLong(FileSplit::length).max().orElseThrow();
            assertThat(largest - smallest).isLessThanOrEqualTo(1);
        }
        assertThat(FileSplits.plan(file, 4, 1)).containsExactly(
                new FileSplit(file, 0, 250), new FileSplit(file, 250, 500), new FileSplit(file, 500, 750), new FileSplit(file, 750, 1000));
    }

    @Test
    void doesNotCutSmallFilesIntoSlivers() throws IOException {
        Path small = Files.write(directory.resolve("small.txt"), new byte[1000]);
        Path large = Files.write(directory.resolve("large.txt"), new byte[(int) (FileSplits.MIN_SPLIT_BYTES * 4)]);

        assertThat(FileSplits.plan(small, 8)).containsExactly(new FileSplit(small, 0, 1000));
        assertThat(FileSplits.plan(large, 8)).hasSize(4);
        assertThat(FileSplits.plan(large, 2)).hasSize(2);
    }

    @Test
    void directorySplitsEveryVisibleRegularFileInNameOrder() throws IOException {
        Path input = Files.createDirectory(directory.resolve("input"));
        Path b = Files.write(input.resolve("b.csv"), new byte[300]);
        Path a = Files.write(input.resolve("a.csv"), new byte[100]);
        Files.write(input.resolve("empty.csv"), new byte[0]);
        Files.write(input.resolve(".a.csv.0123.tmp"), new byte[50]);
        Files.write(input.resolve("_SUCCESS"), new byte[0]);
        Files.createDirectory(input.resolve("nested"));

        assertThat(FileSplits.plan(input, 4, 1)).containsExactly(
                new FileSplit(a, 0, 100), new FileSplit(b, 0, 100), new FileSplit(b, 100, 200), new FileSplit(b, 200, 300));
        assertThat(FileSplits.wholeFiles(input)).containsExactly(
                new FileSplit(a, 0, 100), new FileSplit(b, 0, 300), new FileSplit(input.resolve("empty.csv"), 0, 0));
    }

    @Test
    void emptyFileAndEmptyDirectoryHaveNoSplits() throws IOException {
        Path empty = Files.write(directory.resolve("empty.txt"), new byte[0]);
        Path emptyDirectory = Files.createDirectory(directory.resolve("nothing"));

        assertThat(FileSplits.plan(empty, 4)).isEmpty();
        assertThat(FileSplits.plan(emptyDirectory, 4)).isEmpty();
        assertThat(FileSplits.wholeFiles(empty)).containsExactly(new FileSplit(empty, 0, 0));
    }

    @Test
    void missingPathIsFileNotFound() {
        Path missing = directory.resolve("no-such-dir").resolve("data.txt");

        assertThatThrownBy(() -> FileSplits.plan(missing, 4))
                .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.FILE_NOT_FOUND))
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("check the path");
        assertThatThrownBy(() -> FileSplits.wholeFiles(missing))
                .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.FILE_NOT_FOUND));
    }

    @Test
    void rejectsTargetBelowOne() throws IOException {
        Path file = Files.write(directory.resolve("data.txt"), new byte[10]);

        assertThatThrownBy(() -> FileSplits.plan(file, 0))
                .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("at least 1");
    }

    @Test
    void splitRejectsInvalidRange() {
        assertThatThrownBy(() -> new FileSplit(directory, 5, 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FileSplit(directory, -1, 4)).isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertCovers(List<FileSplit> splits, Path file, long size) {
        long next = 0;
        for (FileSplit split : splits) {
            assertThat(split.file()).isEqualTo(file);
            assertThat(split.start()).isEqualTo(next);
            assertThat(split.length()).isPositive();
            next = split.end();
        }
        assertThat(next).isEqualTo(size);
    }
}
