package dev.weft.kernels.io;

import static dev.weft.api.types.DataTypes.field;
import static dev.weft.kernels.io.Batches.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.types.DataTypes;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestTextFileWriter {
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
    void writesOneLinePerRowAndNullAsEmptyLine() throws IOException {
        Path target = directory.resolve("out").resolve("lines.txt");

        write(target, TextSplitReader.SCHEMA, List.of(row("first"), row((Object) null), row("h\u00e9llo \u20ac \ud83d\ude00"), row("")));

        assertThat(Files.readString(target)).isEqualTo("first\n\nh\u00e9llo \u20ac \ud83d\ude00\n\n");
    }

    @Test
    void roundTripsThroughTheSplitReader() {
        Path target = directory.resolve("round.txt");
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            rows.add(row(i % 7 == 0 ? "" : "line " + i + " \u00e9"));
        }

        try (TextFileWriter writer = TextFileWriter.open(target, TextSplitReader.SCHEMA)) {
            for (int from = 0; from < rows.size(); from += 300) {
                try (VectorSchemaRoot batch = Batches.create(TextSplitReader.SCHEMA, allocator, rows.subList(from, Math.min(rows.size(), from + 300)))) {
                    writer.write(batch);
                }
            }
            writer.commit();
        }

        Batches read = new Batches();
        for (FileSplit split : FileSplits.plan(target, 5, 1)) {
            TextSplitReader.read(split, 64, allocator, read);
        }
        assertThat(read.rows).isEqualTo(rows);
    }

    @Test
    void writesTheTextFormOfOtherTypes() throws IOException {
        assertLines(field("n", DataTypes.INT64, true), List.of(row(-5L), row((Object) null), row(Long.MAX_VALUE)), "-5\n\n9223372036854775807\n");
        assertLines(field("d", DataTypes.decimal(20, 12), true), List.of(row(new BigDecimal("0.000000000001"))), "0.000000000001\n");
        assertLines(field("price", DataTypes.decimal(10, 2), true),
                List.of(row(new BigDecimal("-0.05")), row(new BigDecimal("12.50")), row(new BigDecimal("0.00")), row(new BigDecimal("-99999999.99"))),
                "-0.05\n12.50\n0.00\n-99999999.99\n");
        assertLines(field("whole", DataTypes.decimal(38, 0), true),
                List.of(row(new BigDecimal("-123")), row(new BigDecimal("99999999999999999999999999999999999999"))),
                "-123\n99999999999999999999999999999999999999\n");
        assertLines(field("days", DataTypes.DATE, true),
                List.of(row((int) LocalDate.of(1, 1, 1).toEpochDay()), row((int) LocalDate.of(-5, 3, 9).toEpochDay()), row((int) LocalDate.of(12345, 12, 31).toEpochDay())),
                "0001-01-01\n-0005-03-09\n+12345-12-31\n");
        assertLines(field("x", DataTypes.FLOAT64, true), List.of(row(0.1), row(1.0E300)), "0.1\n1.0E300\n");
        assertLines(field("b", DataTypes.BOOLEAN, true), List.of(row(true), row(false)), "true\nfalse\n");
        assertLines(field("day", DataTypes.DATE, true), List.of(row((int) LocalDate.of(2024, 2, 29).toEpochDay())), "2024-02-29\n");
        Instant instant = Instant.parse("2024-05-31T12:30:00.000250Z");
        assertLines(field("at", DataTypes.TIMESTAMP, true), List.of(row(instant.getEpochSecond() * 1_000_000 + 250)), "2024-05-31T12:30:00.000250Z\n");
        assertLines(field("bytes", DataTypes.BINARY, true), List.of(row((Object) new byte[] {1, 2, 3})), "AQID\n");
    }

    @Test
    void rejectsMoreThanOneColumn() {
        Schema schema = new Schema(List.of(field("a", DataTypes.STRING, true), field("b", DataTypes.INT32, true)));

        assertThatThrownBy(() -> TextFileWriter.open(directory.resolve("two.txt"), schema))
                .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("2 columns (a string, b int)");
        assertThat(directory).isEmptyDirectory();
    }

    @Test
    void closeWithoutCommitLeavesNoTargetAndNoTemporaryFile() throws IOException {
        Path fresh = directory.resolve("fresh.txt");
        Path existing = Files.writeString(directory.resolve("existing.txt"), "keep me\n");

        for (Path target : List.of(fresh, existing)) {
            try (TextFileWriter writer = TextFileWriter.open(target, TextSplitReader.SCHEMA);
                    VectorSchemaRoot batch = Batches.create(TextSplitReader.SCHEMA, allocator, List.of(row("half written")))) {
                writer.write(batch);
            }
        }

        assertThat(fresh).doesNotExist();
        assertThat(existing).hasContent("keep me");
        try (Stream<Path> files = Files.list(directory)) {
            assertThat(files.map(file -> file.getFileName().toString())).containsExactly("existing.txt");
        }
    }

    @Test
    void commitReplacesAnExistingTarget() throws IOException {
        Path target = Files.writeString(directory.resolve("out.txt"), "old\n");

        write(target, TextSplitReader.SCHEMA, List.of(row("new")));

        assertThat(Files.readString(target)).isEqualTo("new\n");
    }

    private void assertLines(Field field, List<List<Object>> rows, String expected) throws IOException {
        Path target = directory.resolve(field.getName() + ".txt");
        write(target, new Schema(List.of(field)), rows);
        assertThat(Files.readString(target)).as(field.toString()).isEqualTo(expected);
    }

    private void write(Path target, Schema schema, List<List<Object>> rows) {
        try (TextFileWriter writer = TextFileWriter.open(target, schema);
                VectorSchemaRoot batch = Batches.create(schema, allocator, rows)) {
            writer.write(batch);
            writer.commit();
        }
    }
}
