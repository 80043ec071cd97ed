package dev.weft.kernels.io;

import static dev.weft.api.types.DataTypes.field;
import static dev.weft.kernels.io.Batches.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.plan.CsvFormat;
import dev.weft.api.types.DataTypes;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestCsvFileWriter {
    private static final Schema NAME_AGE = new Schema(List.of(field("name", DataTypes.STRING, true), field("age", DataTypes.INT32, true)));

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
    void writesHeaderAndRows() throws IOException {
        Path target = directory.resolve("people.csv");

        write(target, CsvFormat.DEFAULT, NAME_AGE, List.of(row("ada", 36), row("alan", null)));

        assertThat(Files.readString(target)).isEqualTo("name,age\nada,36\nalan,\n");
    }

    @Test
    void quotesFieldsThatNeedIt() throws IOException {
        Path target = directory.resolve("quoted.csv");

        write(target, CsvFormat.DEFAULT.withHeader(false), NAME_AGE,
                List.of(row("Smith, John", 1), row("say \"hi\"", 2), row("two\nlines", 3), row("", 4), row(null, 5), row("cr\r", 6)));

        assertThat(Files.readString(target)).isEqualTo("\"Smith, John\",1\n\"say \"\"hi\"\"\",2\n\"two\nlines\",3\n\"\",4\n,5\n\"cr\r\",6\n");
    }

    @Test
    void customFormatEscapesAndWritesNullText() throws IOException {
        CsvFormat format = new CsvFormat(';', '\'', '\\', true, "NA");
        Schema schema = new Schema(List.of(field("a;b", DataTypes.STRING, true), field("note", DataTypes.STRING, true)));
        Path target = directory.resolve("custom.csv");

        write(target, format, schema, List.of(row("it's", "back\\slash"), row(null, "NA"), row("x;y", "")));

        assertThat(Files.readString(target)).isEqualTo("'a;b';note\n'it\\'s';'back\\\\slash'\nNA;'NA'\n'x;y';''\n");
        assertThat(read(target, format, schema)).containsExactly(row("it's", "back\\slash"), row(null, "NA"), row("x;y", ""));
    }

    @Test
    void roundTripsEveryScalarType() {
        Schema schema = new Schema(List.of(
                field("flag", DataTypes.BOOLEAN, true),
                field("tiny", DataTypes.INT8, true),
                field("small", DataTypes.INT16, true),
                field("int", DataTypes.INT32, true),
                field("big", DataTypes.INT64, false),
                field("letter", DataTypes.CHAR, true),
                field("single", DataTypes.FLOAT32, true),
                field("double", DataTypes.FLOAT64, true),
                field("price", DataTypes.decimal(38, 18), true),
                field("text", DataTypes.STRING, true),
                field("bytes", DataTypes.BINARY, true),
                field("day", DataTypes.DATE, true),
                field("at", DataTypes.TIMESTAMP, true)));
        List<List<Object>> rows = List.of(
                row(true, (byte) -128, (short) 32767, Integer.MIN_VALUE, Long.MAX_VALUE, ',', 1.0E10f, Double.MIN_VALUE,
                        new BigDecimal("12345678901234567890.123456789012345678"), "h\u00e9llo, \"\u20ac\"\n\ud83d\ude00", new byte[] {0, 1, -1},
                        (int) LocalDate.of(-5, 1, 1).toEpochDay(), micros(Instant.parse("1969-12-31T23:59:59.999999Z"))),
                row(false, (byte) 0, (short) -1, 0, Long.MIN_VALUE, '"', Float.NaN, Double.NEGATIVE_INFINITY,
                        new BigDecimal("0.000000000000000001"), "", new byte[0], (int) LocalDate.of(9999, 12, 31).toEpochDay(), 0L),
                row(null, null, null, null, 0L, null, null, null, null, null, null, null, null));
        Path target = directory.resolve("nested").resolve("dirs").resolve("types.csv");

        write(target, CsvFormat.DEFAULT, schema, rows);

        List<List<Object>> read = read(target, CsvFormat.DEFAULT, schema);
        assertThat(read).hasSize(3);
        for (int i = 0; i < rows.size(); i++) {
            assertThat(read.get(i)).as("row %d", i).containsExactlyElementsOf(rows.get(i));
        }
    }

    @Test
    void decimalsAreWrittenWithoutExponent() throws IOException {
        Schema schema = new Schema(List.of(field("d", DataTypes.decimal(38, 20), true)));
        Path target = directory.resolve("decimal.csv");

        write(target, CsvFormat.DEFAULT.withHeader(false), schema, List.of(row(new BigDecimal("1E-20")), row(new BigDecimal("-100.5").setScale(20))));

        assertThat(Files.readString(target)).isEqualTo("0.00000000000000000001\n-100.50000000000000000000\n");
    }

    @Test
    void singleColumnNullsRoundTrip() {
        Schema schema = new Schema(List.of(field("value", DataTypes.STRING, true)));
        Path target = directory.resolve("single.csv");
        List<List<Object>> rows = List.of(row("a"), row((Object) null), row(""), row((Object) null));

        write(target, CsvFormat.DEFAULT, schema, rows);

        assertThat(read(target, CsvFormat.DEFAULT, schema)).isEqualTo(rows);
    }

    @Test
    void nothingAppearsAtTheTargetBeforeCommit() throws IOException {
        Path target = directory.resolve("out.csv");

        try (CsvFileWriter writer = CsvFileWriter.open(target, CsvFormat.DEFAULT, NAME_AGE);
                VectorSchemaRoot batch = Batches.create(NAME_AGE, allocator, List.of(row("ada", 36)))) {
            writer.write(batch);
            assertThat(target).doesNotExist();
            assertThat(listing()).singleElement().satisfies(temporary -> assertThat(temporary).startsWith(".out.csv."));
            writer.commit();
        }

        assertThat(listing()).containsExactly("out.csv");
    }

    @Test
    void closeWithoutCommitLeavesNoTargetAndNoTemporaryFile() {
        Path target = directory.resolve("aborted").resolve("out.csv");

        try (CsvFileWriter writer = CsvFileWriter.open(target, CsvFormat.DEFAULT, NAME_AGE);
                VectorSchemaRoot batch = Batches.create(NAME_AGE, allocator, List.of(row("ada", 36)))) {
            writer.write(batch);
        }

        assertThat(target).doesNotExist();
        assertThat(target.getParent()).isEmptyDirectory();
    }

    @Test
    void existingTargetSurvivesAFailedWriteAndIsReplacedByACommittedOne() throws IOException {
        Path target = Files.writeString(directory.resolve("out.csv"), "old content\n");
        Schema other = new Schema(List.of(field("x", DataTypes.FLOAT64, true)));

        try (CsvFileWriter writer = CsvFileWriter.open(target, CsvFormat.DEFAULT, NAME_AGE);
                VectorSchemaRoot good = Batches.create(NAME_AGE, allocator, List.of(row("ada", 36)));
                VectorSchemaRoot bad = Batches.create(other, allocator, List.of(row(1.5)))) {
            writer.write(good);
            assertThatThrownBy(() -> writer.write(bad)).isInstanceOf(WeftException.class).hasMessageContaining("(x double)");
        }
        assertThat(Files.readString(target)).isEqualTo("old content\n");
        assertThat(listing()).containsExactly("out.csv");

        write(target, CsvFormat.DEFAULT, NAME_AGE, List.of(row("alan", 41)));
        assertThat(Files.readString(target)).isEqualTo("name,age\nalan,41\n");
        assertThat(listing()).containsExactly("out.csv");
    }

    @Test
    void writeAfterCommitFails() {
        Path target = directory.resolve("out.csv");
        try (CsvFileWriter writer = CsvFileWriter.open(target, CsvFormat.DEFAULT, NAME_AGE);
                VectorSchemaRoot batch = Batches.create(NAME_AGE, allocator, List.of(row("ada", 36)))) {
            writer.commit();
            assertThatThrownBy(() -> writer.write(batch)).isInstanceOf(WeftException.class).hasMessageContaining("already committed");
            assertThatThrownBy(writer::commit).isInstanceOf(WeftException.class).hasMessageContaining("already committed");
        }
        assertThat(target).hasContent("name,age");
    }

    @Test
    void concurrentWritersDoNotInterleaveRows() throws Exception {
        Path target = directory.resolve("concurrent.csv");
        int threads = 8;
        int batchesPerThread = 50;
        try (CsvFileWriter writer = CsvFileWriter.open(target, CsvFormat.DEFAULT.withHeader(false), NAME_AGE)) {
            ExecutorService executor = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int thread = 0; thread < threads; thread++) {
                    int id = thread;
                    futures.add(executor.submit(() -> {
                        for (int i = 0; i < batchesPerThread; i++) {
                            try (VectorSchemaRoot batch = Batches.create(NAME_AGE, allocator, List.of(row("thread " + id, i), row("thread " + id, -i)))) {
                                writer.write(batch);
                            }
                        }
                    }));
                }
                for (Future<?> future : futures) {
                    future.get();
                }
            }
            finally {
                executor.shutdown();
            }
            writer.commit();
        }

        List<List<Object>> rows = read(target, CsvFormat.DEFAULT.withHeader(false), NAME_AGE);
        assertThat(rows).hasSize(threads * batchesPerThread * 2);
        for (int i = 0; i < rows.size(); i += 2) {
            assertThat(rows.get(i + 1)).containsExactly(rows.get(i).get(0), -(Integer) rows.get(i).get(1));
        }
    }

    @Test
    void rejectsStructColumnAndDirectoryTargetOnOpen() throws IOException {
        Field struct = new Field("address", FieldType.nullable(DataTypes.STRUCT), List.of(field("city", DataTypes.STRING, true)));
        Path target = directory.resolve("struct.csv");

        assertThatThrownBy(() -> CsvFileWriter.open(target, CsvFormat.DEFAULT, new Schema(List.of(struct))))
                .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.UNSUPPORTED_TYPE))
                .hasMessageContaining("column 'address'");
        assertThatThrownBy(() -> CsvFileWriter.open(directory, CsvFormat.DEFAULT, NAME_AGE))
                .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("is a directory");
        assertThat(listing()).isEmpty();
    }

    private void write(Path target, CsvFormat format, Schema schema, List<List<Object>> rows) {
        try (CsvFileWriter writer = CsvFileWriter.open(target, format, schema);
                VectorSchemaRoot batch = Batches.create(schema, allocator, rows)) {
            writer.write(batch);
            writer.commit();
        }
    }

    private List<List<Object>> read(Path file, CsvFormat format, Schema schema) {
        Batches batches = new Batches();
        CsvFileReader.read(file, format, schema, 100, allocator, batches);
        return batches.rows;
    }

    private List<String> listing() throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }

    private static long micros(Instant instant) {
        return Math.floorDiv(instant.getEpochSecond() * 1_000_000_000L + instant.getNano(), 1_000L);
    }
}
