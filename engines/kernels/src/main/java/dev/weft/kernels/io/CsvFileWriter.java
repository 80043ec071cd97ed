package dev.weft.kernels.io;

import static java.util.Objects.requireNonNull;

import dev.weft.api.plan.CsvFormat;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Writes batches as a UTF-8 CSV file, atomically (see {@link AtomicOutputFile}): nothing appears at the target before
 * {@link #commit()}, and {@link #close()} without commit leaves the target as it was. A header line if the format has
 * one; NULL as the format's null text; a field is quoted when it holds the delimiter, quote, escape or a line break,
 * is empty, or equals the null text (so that it reads back as a value, not NULL). Lines end with {@code \n}.
 */
public final class CsvFileWriter implements AutoCloseable {
    private static final int FLUSH_CHARS = 64 * 1024;

    private final Path target;
    private final CsvFormat format;
    private final Schema schema;
    private final ValueText[] texts;
    private final AtomicOutputFile file;
    private final Writer writer;
    private final StringBuilder line = new StringBuilder(256);

    private CsvFileWriter(Path target, CsvFormat format, Schema schema, AtomicOutputFile file) {
        this.target = target;
        this.format = format;
        this.schema = schema;
        this.file = file;
        this.writer = new BufferedWriter(new OutputStreamWriter(file.stream(), StandardCharsets.UTF_8), FLUSH_CHARS);
        List<Field> fields = schema.getFields();
        this.texts = new ValueText[fields.size()];
        for (int i = 0; i < texts.length; i++) {
            texts[i] = ValueText.forType(fields.get(i).getType());
        }
    }

    /** Opens a temporary file next to {@code target} (creating its parent directories) and writes the header. */
    public static CsvFileWriter open(Path target, CsvFormat format, Schema schema) {
        requireNonNull(target, "target is null");
        requireNonNull(format, "format is null");
        requireNonNull(schema, "schema is null");
        CsvSchemas.checkSupported(schema, target);
        AtomicOutputFile file = AtomicOutputFile.create(target);
        try {
            CsvFileWriter writer = new CsvFileWriter(target, format, schema, file);
            if (format.header()) {
                writer.writeHeader();
            }
            return writer;
        }
        catch (RuntimeException e) {
            file.close();
            throw e;
        }
    }

    private void writeHeader() {
        List<Field> fields = schema.getFields();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                line.append(format.delimiter());
            }
            appendField(fields.get(i).getName());
        }
        line.append('\n');
        flushLine(true);
    }

    /** Appends the rows of the batch; does not take ownership of it. */
    public synchronized void write(VectorSchemaRoot batch) {
        requireNonNull(batch, "batch is null");
        file.checkWritable();
        BatchSchemas.checkMatches(batch, schema, target);
        List<FieldVector> vectors = batch.getFieldVectors();
        int columns = vectors.size();
        int rows = batch.getRowCount();
        for (int row = 0; row < rows; row++) {
            for (int column = 0; column < columns; column++) {
                if (column > 0) {
                    line.append(format.delimiter());
                }
                FieldVector vector = vectors.get(column);
                if (vector.isNull(row)) {
                    line.append(format.nullValue());
                }
                else {
                    appendField(texts[column].text(vector, row));
                }
            }
            line.append('\n');
            flushLine(false);
        }
        flushLine(true);
    }

    private void appendField(String value) {
        if (!needsQuotes(value)) {
            line.append(value);
            return;
        }
        char quote = format.quote();
        char escape = format.escape();
        line.append(quote);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == quote) {
                line.append(escape);
            }
            else if (c == escape) {
                line.append(escape);
            }
            line.append(c);
        }
        line.append(quote);
    }

    private boolean needsQuotes(String value) {
        if (value.isEmpty() || value.equals(format.nullValue())) {
            return true;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == format.delimiter() || c == format.quote() || c == format.escape() || c == '\n' || c == '\r') {
                return true;
            }
        }
        return false;
    }

    private void flushLine(boolean always) {
        if (always || line.length() >= FLUSH_CHARS) {
            try {
                writer.append(line);
            }
            catch (IOException e) {
                throw IoErrors.writeFailed(target, e);
            }
            line.setLength(0);
        }
    }

    /** Flushes, fsyncs and atomically moves the file onto the target. */
    public synchronized void commit() {
        file.checkWritable();
        try {
            writer.flush();
        }
        catch (IOException e) {
            throw IoErrors.writeFailed(target, e);
        }
        file.commit();
    }

    /** Without a prior {@link #commit()}, deletes the temporary file and leaves the target untouched. */
    @Override
    public synchronized void close() {
        file.close();
    }
}
