package dev.weft.kernels.io;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestTextSplitReader {
    @TempDir
    Path directory;

    private BufferAllocator allocator;

    @BeforeEach
    void createAllocator() {
        allocator = new RootAllocator(Long.MAX_VALUE);
    }

    @AfterEach
    void closeAllocator() {
        assertThat(allocator.getAllocatedMemory()).as("bytes leaked").isZero();
        allocator.close();
    }

    @Test
    void readsLinesWithoutTerminators() throws IOException {
        Path file = write("lines.txt", "alpha\nbeta\r\n\ngamma");

        assertThat(readAll(file, 1, 100)).containsExactly("alpha", "beta", "", "gamma");
    }

    @Test
    void trailingNewlineEndsTheLastLineWithoutAddingAnEmptyOne() throws IOException {
        assertThat(readAll(write("a.txt", "a\nb\n"), 1, 100)).containsExactly("a", "b");
        assertThat(readAll(write("b.txt", "a\r\nb\r\n"), 1, 100)).containsExactly("a", "b");
        assertThat(readAll(write("c.txt", "\n"), 1, 100)).containsExactly("");
        assertThat(readAll(write("d.txt", "\n\n"), 1, 100)).containsExactly("", "");
    }

    @Test
    void emptyFileYieldsNoBatch() throws IOException {
        Path file = write("empty.txt", "");
        Batches batches = new Batches();

        TextSplitReader.read(new FileSplit(file, 0, 0), 10, allocator, batches);

        assertThat(batches.batchSizes).isEmpty();
        assertThat(readAll(file, 4, 10)).isEmpty();
    }

    @Test
    void skipsByteOrderMarkAtFileStart() throws IOException {
        Path file = directory.resolve("bom.txt");
        Files.write(file, concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, "first\nsecond\n".getBytes(UTF_8)));

        assertThat(readAll(file, 1, 10)).containsExactly("first", "second");
    }

    @Test
    void byteOrderMarkDoesNotMoveTheFirstLineOutOfTheFirstSplit() throws IOException {
        Path file = directory.resolve("bom-split.txt");
        Files.write(file, concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, "a\nbc\n".getBytes(UTF_8)));
        Path onlyMark = directory.resolve("only-bom.txt");
        Files.write(onlyMark, new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});

        for (long cut = 0; cut <= Files.size(file); cut++) {
            List<String> lines = new ArrayList<>(read(new FileSplit(file, 0, cut), 3));
            lines.addAll(read(new FileSplit(file, cut, Files.size(file)), 3));
            assertThat(lines).as("split at byte %d", cut).containsExactly("a", "bc");
        }
        assertThat(readAll(onlyMark, 2, 10)).isEmpty();
    }

    @Test
    void batchesHoldAtMostBatchSizeRows() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 25; i++) {
            text.append("line ").append(i).append('\n');
        }
        Path file = write("many.txt", text.toString());
        Batches batches = new Batches();

        TextSplitReader.read(new FileSplit(file, 0, Files.size(file)), 10, allocator, batches);

        assertThat(batches.batchSizes).containsExactly(10, 10, 5);
        assertThat(batches.column()).hasSize(25).startsWith("line 0").endsWith("line 24");
    }

    @Test
    void everySplitPointYieldsEveryLineExactlyOnce() throws IOException {
        String text = "one\r\ntwo\n\nthree\n\u00e9t\u00e9 \u20ac \ud83d\ude00\nlast";
        Path file = write("split.txt", text);
        List<String> expected = expectedLines(text);
        long size = Files.size(file);

        for (long cut = 0; cut <= size; cut++) {
            List<String> lines = new ArrayList<>();
            lines.addAll(read(new FileSplit(file, 0, cut), 3));
            lines.addAll(read(new FileSplit(file, cut, size), 3));
            assertThat(lines).as("split at byte %d", cut).isEqualTo(expected);
        }
    }

    @Test
    void planYieldsEveryLineExactlyOnceForManySplitCounts() throws IOException {
        Random random = new Random(42);
        String[] pieces = {"a", "bb", "ccc dd", "", "\u00e9", "\u20ac\u20ac", "\ud83d\ude00", "x".repeat(40), "\r"};
        StringBuilder text = new StringBuilder();
        for (int line = 0; line < 300; line++) {
            int words = random.nextInt(4);
            for (int word = 0; word < words; word++) {
                text.append(pieces[random.nextInt(pieces.length - 1)]);
            }
            text.append(random.nextBoolean() ? "\n" : "\r\n");
        }
        text.append("no newline at the end");
        Path file = write("random.txt", text.toString());
        List<String> expected = expectedLines(text.toString());

        for (int splits = 1; splits <= 64; splits++) {
            assertThat(readAll(file, splits, 7)).as("%d splits", splits).isEqualTo(expected);
        }
        assertThat(readAll(file, (int) Files.size(file), 7)).as("one split per byte").isEqualTo(expected);
    }

    @Test
    void linesLongerThanTheBufferAreRead() throws IOException {
        String longLine = "y".repeat(TextSplitReader.MAX_BUFFER_BYTES * 2 + 17);
        String text = "short\n" + longLine + "\nafter\n" + longLine;
        Path file = write("long.txt", text);

        for (int splits : new int[] {1, 2, 3, 5, 9}) {
            List<String> lines = readAll(file, splits, 2);
            assertThat(lines).as("%d splits", splits).hasSize(4);
            assertThat(lines.get(0)).isEqualTo("short");
            assertThat(lines.get(1)).isEqualTo(longLine);
            assertThat(lines.get(2)).isEqualTo("after");
            assertThat(lines.get(3)).isEqualTo(longLine);
        }
    }

    @Test
    void readsEveryFileOfADirectoryInNameOrder() throws IOException {
        Path input = Files.createDirectory(directory.resolve("input"));
        Files.writeString(input.resolve("b.txt"), "b1\nb2\n");
        Files.writeString(input.resolve("a.txt"), "a1\na2");
        Files.writeString(input.resolve(".hidden.txt"), "hidden\n");
        Files.writeString(input.resolve("_SUCCESS"), "");
        Files.writeString(input.resolve("c.txt"), "");

        for (int splits = 1; splits <= 12; splits++) {
            assertThat(readAll(input, splits, 2)).as("%d splits", splits).containsExactly("a1", "a2", "b1", "b2");
        }
    }

    @Test
    void rejectsInvalidBatchSize() throws IOException {
        Path file = write("x.txt", "x\n");

        assertThatThrownBy(() -> TextSplitReader.read(new FileSplit(file, 0, 2), 0, allocator, new Batches()))
                .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("batch size 0");
    }

    @Test
    void missingFileIsFileNotFound() {
        Path missing = directory.resolve("gone.txt");

        assertThatThrownBy(() -> TextSplitReader.read(new FileSplit(missing, 0, 10), 10, allocator, new Batches()))
                .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.FILE_NOT_FOUND))
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("check the path");
    }

    @Test
    void failingConsumerLeaksNothing() throws IOException {
        Path file = write("fail.txt", "a\nb\nc\nd\ne\n");

        assertThatThrownBy(() -> TextSplitReader.read(new FileSplit(file, 0, Files.size(file)), 2, allocator, batch -> {
            batch.close();
            throw new IllegalStateException("consumer failed");
        })).hasMessage("consumer failed");
    }

    private List<String> readAll(Path path, int splits, int batchSize) {
        List<String> lines = new ArrayList<>();
        for (FileSplit split : FileSplits.plan(path, splits, 1)) {
            lines.addAll(read(split, batchSize));
        }
        return lines;
    }

    private List<String> read(FileSplit split, int batchSize) {
        Batches batches = new Batches();
        TextSplitReader.read(split, batchSize, allocator, batches);
        assertThat(batches.batchSizes).allSatisfy(size -> assertThat(size).isBetween(1, batchSize));
        return batches.column().stream().map(String.class::cast).toList();
    }

    /** The lines as the reader defines them: split at \n, a trailing \r dropped, no line after a final \n. */
    private static List<String> expectedLines(String text) {
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        if (lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return lines.stream().map(line -> line.endsWith("\r") ? line.substring(0, line.length() - 1) : line).toList();
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(directory.resolve(name), text, UTF_8);
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] result = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, result, first.length, second.length);
        return result;
    }
}
