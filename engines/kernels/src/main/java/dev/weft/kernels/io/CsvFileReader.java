package dev.weft.kernels.io;

import static java.util.Objects.requireNonNull;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.plan.CsvFormat;
import dev.weft.api.types.DataTypes;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Reads a UTF-8 CSV file (RFC 4180, see {@link CsvRecordParser}) into batches of a schema, columns by position. An
 * empty unquoted field, or an unquoted field equal to the format's null text, is NULL; a quoted field is always a
 * value. Empty lines are skipped, except in a one-column file, where an empty line is a NULL (so that what
 * {@link CsvFileWriter} writes reads back the same).
 */
public final class CsvFileReader {
    private CsvFileReader() {}

    /**
     * Parses the file into batches of at most {@code batchSize} rows of the schema (the consumer owns each batch; no
     * batch when the file has no rows). A malformed row throws {@code WeftException(MALFORMED_INPUT)} naming
     * "file:line", the column and the offending text.
     */
    public static void read(Path file, CsvFormat format, Schema schema, int batchSize, BufferAllocator allocator, Consumer<VectorSchemaRoot> out) {
        requireNonNull(file, "file is null");
        requireNonNull(format, "format is null");
        requireNonNull(schema, "schema is null");
        requireNonNull(allocator, "allocator is null");
        requireNonNull(out, "out is null");
        if (batchSize < 1) {
            throw new WeftException(ErrorCode.INVALID_ARGUMENT, "batch size %d is invalid: it must be at least 1".formatted(batchSize));
        }
        CsvSchemas.checkSupported(schema, file);
        if (!Files.exists(file)) {
            throw IoErrors.fileNotFound(file);
        }
        try (Reader reader = new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8)) {
            new Rows(file, format, schema, batchSize, allocator, out, reader).run();
        }
        catch (IOException e) {
            throw IoErrors.readFailed(file, e);
        }
    }

    /** The rows of one file, converted column by column into the batch being filled. */
    private static final class Rows {
        private final Path file;
        private final CsvFormat format;
        private final Schema schema;
        private final int batchSize;
        private final BufferAllocator allocator;
        private final Consumer<VectorSchemaRoot> out;
        private final CsvRecordParser parser;
        private final CsvColumnReader[] columns;
        private final boolean[] nullable;
        private final char[] nullText;

        private VectorSchemaRoot batch;
        private FieldVector[] vectors;
        private int rows;

        Rows(Path file, CsvFormat format, Schema schema, int batchSize, BufferAllocator allocator, Consumer<VectorSchemaRoot> out, Reader reader) {
            this.file = file;
            this.format = format;
            this.schema = schema;
            this.batchSize = batchSize;
            this.allocator = allocator;
            this.out = out;
            this.parser = new CsvRecordParser(reader, format, file.toString(), schema.getFields().size() == 1);
            this.columns = CsvColumnReader.forSchema(schema);
            this.nullable = new boolean[columns.length];
            for (int i = 0; i < columns.length; i++) {
                nullable[i] = schema.getFields().get(i).isNullable();
            }
            this.nullText = format.nullValue().toCharArray();
        }

        void run() throws IOException {
            try {
                if (format.header() && parser.next()) {
                    checkHeader();
                }
                while (parser.next()) {
                    readRecord();
                }
                emitBatch();
            }
            finally {
                if (batch != null) {
                    batch.close();
                }
            }
        }

        private void checkHeader() {
            List<String> header = new ArrayList<>();
            for (int i = 0; i < parser.fieldCount(); i++) {
                header.add(parser.field(i));
            }
            List<String> names = schema.getFields().stream().map(Field::getName).toList();
            if (!header.equals(names)) {
                throw new WeftException(ErrorCode.MALFORMED_INPUT,
                        ("%s:%d: the header names the columns %s but the schema has %s; columns are matched by position: fix the "
                                + "header or the schema, or read the file without a header (CsvFormat.withHeader(false))")
                                .formatted(file, parser.recordLine(), header, names));
            }
        }

        private void readRecord() {
            if (parser.fieldCount() != columns.length) {
                throw new WeftException(ErrorCode.MALFORMED_INPUT,
                        ("%s:%d: the row has %d fields but the schema has %d columns %s; fix the row (quote fields that contain "
                                + "the delimiter '%s') or the schema").formatted(file, parser.recordLine(), parser.fieldCount(), columns.length,
                                schema.getFields().stream().map(Field::getName).toList(), format.delimiter()));
            }
            if (batch == null) {
                newBatch();
            }
            char[] chars = parser.chars();
            for (int column = 0; column < columns.length; column++) {
                int start = parser.fieldStart(column);
                int end = parser.fieldEnd(column);
                if (!parser.fieldQuoted(column) && isNull(chars, start, end)) {
                    if (!nullable[column]) {
                        throw malformed(column, format.nullValue().isEmpty()
                                ? "the column is not nullable but the field is empty"
                                : "the column is not nullable but the field is empty or the null text '%s'".formatted(format.nullValue()),
                                "fill in a value, or declare the column nullable");
                    }
                    vectors[column].setNull(rows);
                    continue;
                }
                try {
                    columns[column].read(chars, start, end, rows);
                }
                catch (CsvColumnReader.InvalidValueException e) {
                    throw malformed(column, e.getMessage(), "fix the value, or declare the column with a type that holds it (for example string)");
                }
            }
            rows++;
            if (rows == batchSize) {
                emitBatch();
            }
        }

        private boolean isNull(char[] chars, int start, int end) {
            if (start == end) {
                return true;
            }
            if (end - start != nullText.length || nullText.length == 0) {
                return false;
            }
            for (int i = 0; i < nullText.length; i++) {
                if (chars[start + i] != nullText[i]) {
                    return false;
                }
            }
            return true;
        }

        private WeftException malformed(int column, String reason, String remedy) {
            Field field = schema.getFields().get(column);
            String text = parser.field(column);
            if (text.length() > 100) {
                text = text.substring(0, 100) + "...";
            }
            return new WeftException(ErrorCode.MALFORMED_INPUT, "%s:%d: column '%s' (%s) cannot take the value '%s': %s; %s"
                    .formatted(file, parser.recordLine(), field.getName(), DataTypes.describe(field.getType()), text, reason, remedy));
        }

        private void newBatch() {
            batch = VectorSchemaRoot.create(schema, allocator);
            vectors = batch.getFieldVectors().toArray(new FieldVector[0]);
            for (int i = 0; i < vectors.length; i++) {
                vectors[i].setInitialCapacity(batchSize);
                vectors[i].allocateNew();
                columns[i].bind(vectors[i]);
            }
            rows = 0;
        }

        private void emitBatch() {
            if (batch == null) {
                return;
            }
            VectorSchemaRoot full = batch;
            batch = null;
            full.setRowCount(rows);
            out.accept(full);
        }
    }
}
