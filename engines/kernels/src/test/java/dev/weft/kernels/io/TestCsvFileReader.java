package dev.weft.kernels.io;

import static dev.weft.api.types.DataTypes.field;
import static dev.weft.kernels.io.Batches.row;
import static java.nio.charset.StandardCharsets.UTF_8;
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
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestCsvFileReader {
    private static final CsvFormat NO_HEADER = CsvFormat.DEFAULT.withHeader(false);
    private static final Schema NAME_AGE = schema(field("name", DataTypes.STRING, true), field("age", DataTypes.INT32, true));

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
    void readsRowsWithHeader() throws IOException {
        Path file = write("people.csv", "name,age\nada,36\nalan,41\n");

        assertThat(read(file, CsvFormat.DEFAULT, NAME_AGE)).containsExactly(row("ada", 36), row("alan", 41));
    }

    @Test
    void readsEveryScalarType() throws IOException {
        Schema schema = schema(
                field("flag", DataTypes.BOOLEAN, true),
                field("tiny", DataTypes.INT8, true),
                field("small", DataTypes.INT16, true),
                field("int", DataTypes.INT32, true),
                field("big", DataTypes.INT64, true),
                field("letter", DataTypes.CHAR, true),
                field("single", DataTypes.FLOAT32, true),
                field("double", DataTypes.FLOAT64, true),
                field("price", DataTypes.decimal(10, 2), true),
                field("text", DataTypes.STRING, true),
                field("bytes", DataTypes.BINARY, true),
                field("day", DataTypes.DATE, true),
                field("at", DataTypes.TIMESTAMP, true));
        Path file = write("types.csv", String.join("\n",
                "true,-128,32767,-2147483648,9223372036854775807,x,1.5,-2.25E-10,12.5,h\u00e9llo \u20ac,AQID/w==,2024-02-29,2024-05-31T12:30:00.123456Z",
                "FALSE, 7 ,0,42,-9223372036854775808,\u00e9,NaN,Infinity,-0.01,\"\",,1970-01-01,2024-05-31T14:30:00+02:00",
                ",,,,,,,,,,,,"));

        List<List<Object>> rows = read(file, NO_HEADER, schema);

        assertThat(rows.get(0)).containsExactly(true, (byte) -128, (short) 32767, Integer.MIN_VALUE, Long.MAX_VALUE, 'x', 1.5f, -2.25E-10,
                new BigDecimal("12.50"), "h\u00e9llo \u20ac", new byte[] {1, 2, 3, -1}, (int) LocalDate.of(2024, 2, 29).toEpochDay(),
                micros("2024-05-31T12:30:00.123456Z"));
        assertThat(rows.get(1)).containsExactly(false, (byte) 7, (short) 0, 42, Long.MIN_VALUE, '\u00e9', Float.NaN, Double.POSITIVE_INFINITY,
                new BigDecimal("-0.01"), "", null, 0, micros("2024-05-31T12:30:00Z"));
        assertThat(rows.get(2)).containsOnlyNulls().hasSize(13);
    }

    @Test
    void readsDecimalsDatesAndTimestampsInEveryAcceptedShape() throws IOException {
        Schema schema = schema(field("price", DataTypes.decimal(5, 2), true), field("day", DataTypes.DATE, true), field("at", DataTypes.TIMESTAMP, true));
        Path file = write("shapes.csv", String.join("\n",
                "+3,+10000-01-01,2024-05-31T12:30:00.5Z",
                "007.10,0001-01-01,2024-05-31T12:30:00.000Z",
                "-1.50,2024-01-31,1969-12-31T23:59:59.999999999Z",
                "1.,2024-01-31, 2024-05-31T10:30:00-02:00 ",
                "1.5E1,2024-01-31,+12024-05-31T12:30:00Z"));

        assertThat(read(file, NO_HEADER, schema)).containsExactly(
                row(new BigDecimal("3.00"), (int) LocalDate.of(10000, 1, 1).toEpochDay(), micros("2024-05-31T12:30:00.5Z")),
                row(new BigDecimal("7.10"), (int) LocalDate.of(1, 1, 1).toEpochDay(), micros("2024-05-31T12:30:00Z")),
                row(new BigDecimal("-1.50"), (int) LocalDate.of(2024, 1, 31).toEpochDay(), -1L),
                row(new BigDecimal("1.00"), (int) LocalDate.of(2024, 1, 31).toEpochDay(), micros("2024-05-31T12:30:00Z")),
                row(new BigDecimal("15.00"), (int) LocalDate.of(2024, 1, 31).toEpochDay(), micros("+12024-05-31T12:30:00Z")));
        assertMalformed(() -> read(write("feb.csv", "1,2023-02-29,2024-05-31T12:30:00Z\n"), NO_HEADER, schema)).hasMessageContaining("'2023-02-29'");
        assertMalformed(() -> read(write("hour.csv", "1,2023-02-28,2024-05-31T24:30:00Z\n"), NO_HEADER, schema)).hasMessageContaining("column 'at'");
    }

    @Test
    void readsTimestampsOfEveryUnit() throws IOException {
        Path file = write("units.csv", "2024-05-31T12:30:00.123456789Z,2024-05-31T12:30:00.123456789Z\n");
        Schema schema = schema(
                new Field("seconds", FieldType.nullable(new ArrowType.Timestamp(TimeUnit.SECOND, "UTC")), null),
                new Field("nanos", FieldType.nullable(new ArrowType.Timestamp(TimeUnit.NANOSECOND, "UTC")), null));
        Instant instant = Instant.parse("2024-05-31T12:30:00.123456789Z");

        assertThat(rawTimestamps(file, schema)).containsExactly(instant.getEpochSecond(),
                instant.getEpochSecond() * 1_000_000_000L + instant.getNano());
    }

    @Test
    void quotedFieldsHoldDelimitersQuotesAndLineBreaks() throws IOException {
        Path file = write("quoted.csv", "name,age\r\n\"Smith, John\",1\r\n\"say \"\"hi\"\"\",2\r\n\"two\nlines\r\nthree\",3\r\n\"\",4\r\n\"\"\"\",5");

        assertThat(read(file, CsvFormat.DEFAULT, NAME_AGE)).containsExactly(
                row("Smith, John", 1), row("say \"hi\"", 2), row("two\nlines\r\nthree", 3), row("", 4), row("\"", 5));
    }

    @Test
    void customDelimiterEscapeAndNullText() throws IOException {
        CsvFormat format = new CsvFormat(';', '\'', '\\', false, "NA");
        Path file = write("custom.csv", "'it\\'s; fine';1\n'back\\\\slash';NA\nNA;'NA'\nplain,comma;\n'doubled '' quote';7\n");
        Schema schema = schema(field("name", DataTypes.STRING, true), field("note", DataTypes.STRING, true));

        assertThat(read(file, format, schema)).containsExactly(
                row("it's; fine", "1"), row("back\\slash", null), row(null, "NA"), row("plain,comma", null), row("doubled ' quote", "7"));
    }

    @Test
    void tabSeparatedValues() throws IOException {
        Path file = write("data.tsv", "name\tage\nada\t36\n");

        assertThat(read(file, CsvFormat.DEFAULT.withDelimiter('\t'), NAME_AGE)).containsExactly(row("ada", 36));
    }

    @Test
    void emptyUnquotedFieldIsNullAndQuotedEmptyIsEmptyString() throws IOException {
        Path file = write("nulls.csv", ",\n\"\",\n");

        assertThat(read(file, NO_HEADER, NAME_AGE)).containsExactly(row(null, null), row("", null));
    }

    @Test
    void skipsByteOrderMarkBeforeHeader() throws IOException {
        Path file = write("bom.csv", "\uFEFFname,age\nada,36\n");

        assertThat(read(file, CsvFormat.DEFAULT, NAME_AGE)).containsExactly(row("ada", 36));
    }

    @Test
    void blankLinesAreSkippedWithSeveralColumnsAndNullWithOne() throws IOException {
        Path file = write("blank.csv", "name,age\n\nada,36\r\n\r\nalan,41\n\n");
        Path single = write("single.csv", "a\n\nb\n\n");

        assertThat(read(file, CsvFormat.DEFAULT, NAME_AGE)).containsExactly(row("ada", 36), row("alan", 41));
        assertThat(read(single, NO_HEADER, schema(field("value", DataTypes.STRING, true))))
                .containsExactly(row("a"), row((Object) null), row("b"), row((Object) null));
    }

    @Test
    void emptyFileHasNoRows() throws IOException {
        assertThat(read(write("empty.csv", ""), CsvFormat.DEFAULT, NAME_AGE)).isEmpty();
        assertThat(read(write("header-only.csv", "name,age\n"), CsvFormat.DEFAULT, NAME_AGE)).isEmpty();
    }

    @Test
    void batchesHoldAtMostBatchSizeRows() throws IOException {
        StringBuilder text = new StringBuilder("name,age\n");
        for (int i = 0; i < 23; i++) {
            text.append("n").append(i).append(',').append(i).append('\n');
        }
        Batches batches = new Batches();

        CsvFileReader.read(write("many.csv", text.toString()), CsvFormat.DEFAULT, NAME_AGE, 10, allocator, batches);

        assertThat(batches.batchSizes).containsExactly(10, 10, 3);
        assertThat(batches.rows.get(22)).containsExactly("n22", 22);
    }

    @Test
    void headerMustNameTheSchemaColumns() throws IOException {
        Path file = write("header.csv", "name,years\nada,36\n");

        assertMalformed(() -> read(file, CsvFormat.DEFAULT, NAME_AGE))
                .hasMessageContaining(file + ":1")
                .hasMessageContaining("[name, years]")
                .hasMessageContaining("[name, age]")
                .hasMessageContaining("withHeader(false)");
    }

    @Test
    void wrongFieldCountNamesThePhysicalLine() throws IOException {
        Path file = write("count.csv", "name,age\n\"multi\nline\",1\nada,36,extra\n");

        assertMalformed(() -> read(file, CsvFormat.DEFAULT, NAME_AGE))
                .hasMessageContaining(file + ":4:")
                .hasMessageContaining("3 fields")
                .hasMessageContaining("2 columns [name, age]");
    }

    @Test
    void tooFewFieldsIsMalformed() throws IOException {
        Path file = write("few.csv", "ada\n");

        assertMalformed(() -> read(file, NO_HEADER, NAME_AGE)).hasMessageContaining(file + ":1:").hasMessageContaining("1 fields");
    }

    @Test
    void unterminatedQuoteAtEndOfFile() throws IOException {
        Path file = write("open.csv", "name,age\nada,36\n\"never closed,1\nmore\n");

        assertMalformed(() -> read(file, CsvFormat.DEFAULT, NAME_AGE))
                .hasMessageContaining(file + ":3:")
                .hasMessageContaining("never closed");
    }

    @Test
    void textAfterClosingQuoteIsMalformed() throws IOException {
        Path file = write("after.csv", "\"ada\"x,36\n");

        assertMalformed(() -> read(file, NO_HEADER, NAME_AGE)).hasMessageContaining(file + ":1:").hasMessageContaining("'x' after its closing quote");
    }

    @Test
    void unparseableNumberNamesFileLineColumnAndText() throws IOException {
        Path file = write("number.csv", "name,age\nada,36\nalan,forty-one\n");

        assertMalformed(() -> read(file, CsvFormat.DEFAULT, NAME_AGE))
                .hasMessageContaining(file + ":3:")
                .hasMessageContaining("column 'age' (int)")
                .hasMessageContaining("'forty-one'")
                .hasMessageContaining("not an integer")
                .hasMessageContaining("fix the value");
    }

    @Test
    void outOfRangeValuesAreMalformed() throws IOException {
        Schema tiny = schema(field("n", DataTypes.INT8, true));
        Schema big = schema(field("n", DataTypes.INT64, true));
        Schema price = schema(field("p", DataTypes.decimal(5, 2), true));

        assertMalformed(() -> read(write("tiny.csv", "128\n"), NO_HEADER, tiny)).hasMessageContaining("out of the range of tinyint");
        assertMalformed(() -> read(write("big.csv", "9223372036854775808\n"), NO_HEADER, big)).hasMessageContaining("out of the range of bigint");
        assertMalformed(() -> read(write("scale.csv", "1.234\n"), NO_HEADER, price)).hasMessageContaining("more than 2 digits after");
        assertMalformed(() -> read(write("precision.csv", "1234.5\n"), NO_HEADER, price)).hasMessageContaining("more than 3 digits before");
    }

    @Test
    void unparseableValuesOfOtherTypesAreMalformed() throws IOException {
        assertMalformed(() -> read(write("date.csv", "2024-13-01\n"), NO_HEADER, schema(field("d", DataTypes.DATE, true))))
                .hasMessageContaining("column 'd' (date)").hasMessageContaining("'2024-13-01'").hasMessageContaining("yyyy-MM-dd");
        assertMalformed(() -> read(write("ts.csv", "2024-05-31 12:00\n"), NO_HEADER, schema(field("t", DataTypes.TIMESTAMP, true))))
                .hasMessageContaining("column 't' (timestamp)").hasMessageContaining("ISO-8601");
        assertMalformed(() -> read(write("bool.csv", "yes\n"), NO_HEADER, schema(field("b", DataTypes.BOOLEAN, true))))
                .hasMessageContaining("true or false");
        assertMalformed(() -> read(write("double.csv", "1,5\n"), CsvFormat.DEFAULT.withHeader(false).withDelimiter(';'),
                schema(field("x", DataTypes.FLOAT64, true)))).hasMessageContaining("not a number");
        assertMalformed(() -> read(write("binary.csv", "not base64!\n"), NO_HEADER, schema(field("b", DataTypes.BINARY, true))))
                .hasMessageContaining("base64");
        assertMalformed(() -> read(write("char.csv", "ab\n"), NO_HEADER, schema(field("c", DataTypes.CHAR, true))))
                .hasMessageContaining("exactly one character");
    }

    @Test
    void nullInNonNullableColumnIsMalformed() throws IOException {
        Schema schema = schema(field("name", DataTypes.STRING, false), field("age", DataTypes.INT32, false));
        Path file = write("required.csv", "name,age\nada,36\nalan,\n");

        assertMalformed(() -> read(file, CsvFormat.DEFAULT, schema))
                .hasMessageContaining(file + ":3:")
                .hasMessageContaining("column 'age'")
                .hasMessageContaining("not nullable")
                .hasMessageContaining("declare the column nullable");
    }

    @Test
    void structColumnIsRejectedBeforeReading() throws IOException {
        Field struct = new Field("address", FieldType.nullable(DataTypes.STRUCT), List.of(field("city", DataTypes.STRING, true)));
        Path file = write("struct.csv", "x\n");

        assertThatThrownBy(() -> read(file, NO_HEADER, schema(struct)))
                .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.UNSUPPORTED_TYPE))
                .hasMessageContaining("column 'address'")
                .hasMessageContaining("struct")
                .hasMessageContaining("flatten");
    }

    @Test
    void missingFileIsFileNotFound() {
        Path missing = directory.resolve("missing.csv");

        assertThatThrownBy(() -> read(missing, CsvFormat.DEFAULT, NAME_AGE))
                .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.FILE_NOT_FOUND))
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("check the path");
    }

    @Test
    void errorAfterFullBatchesLeaksNothing() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 25; i++) {
            text.append("n,").append(i).append('\n');
        }
        text.append("n,bad\n");
        Path file = write("late.csv", text.toString());
        Batches batches = new Batches();

        assertMalformed(() -> CsvFileReader.read(file, NO_HEADER, NAME_AGE, 10, allocator, batches)).hasMessageContaining(file + ":26:");
        assertThat(batches.batchSizes).containsExactly(10, 10);
    }

    private List<List<Object>> read(Path file, CsvFormat format, Schema schema) {
        Batches batches = new Batches();
        CsvFileReader.read(file, format, schema, 1000, allocator, batches);
        return batches.rows;
    }

    private List<Object> rawTimestamps(Path file, Schema schema) {
        List<Object> values = new ArrayList<>();
        CsvFileReader.read(file, NO_HEADER, schema, 10, allocator, batch -> {
            try (batch) {
                for (FieldVector vector : batch.getFieldVectors()) {
                    values.add(((TimeStampVector) vector).get(0));
                }
            }
        });
        return values;
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertMalformed(ThrowingCallable call) {
        return assertThatThrownBy(call)
                .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.MALFORMED_INPUT));
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(directory.resolve(name), text, UTF_8);
    }

    private static long micros(String instant) {
        Instant parsed = Instant.parse(instant);
        return parsed.getEpochSecond() * 1_000_000L + parsed.getNano() / 1_000;
    }

    private static Schema schema(Field... fields) {
        return new Schema(List.of(fields));
    }
}
