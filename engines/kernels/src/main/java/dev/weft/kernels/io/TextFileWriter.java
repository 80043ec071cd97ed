package dev.weft.kernels.io;

import static java.util.Objects.requireNonNull;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.types.RecordSchemas;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Writes a one-column dataset as a UTF-8 text file, one line per row ({@code \n}-terminated): a string as its bytes,
 * another type as its text form (see {@link ValueText}), NULL as an empty line. Atomic like {@link CsvFileWriter}.
 */
public final class TextFileWriter implements AutoCloseable {
    private final Path target;
    private final Schema schema;
    private final ValueText text;
    private final boolean strings;
    private final AtomicOutputFile file;
    private byte[] bytes = new byte[1024];

    private TextFileWriter(Path target, Schema schema, AtomicOutputFile file) {
        this.target = target;
        this.schema = schema;
        this.file = file;
        ArrowType type = schema.getFields().get(0).getType();
        this.text = ValueText.forType(type);
        this.strings = type instanceof ArrowType.Utf8;
    }

    /** Opens a temporary file next to {@code target} (creating its parent directories). */
    public static TextFileWriter open(Path target, Schema schema) {
        requireNonNull(target, "target is null");
        requireNonNull(schema, "schema is null");
        if (schema.getFields().size() != 1) {
            throw new WeftException(ErrorCode.INVALID_ARGUMENT,
                    "a text file sink writes one column per line, but the dataset written to %s has %d columns %s: map or project it to one column (for example a formatted string) first, or write CSV"
                            .formatted(target, schema.getFields().size(), RecordSchemas.describe(schema)));
        }
        return new TextFileWriter(target, schema, AtomicOutputFile.create(target));
    }

    /** Appends one line per row of the batch; does not take ownership of it. */
    public synchronized void write(VectorSchemaRoot batch) {
        requireNonNull(batch, "batch is null");
        OutputStream out = file.stream();
        BatchSchemas.checkMatches(batch, schema, target);
        FieldVector vector = batch.getVector(0);
        int rows = batch.getRowCount();
        try {
            for (int row = 0; row < rows; row++) {
                if (!vector.isNull(row)) {
                    if (strings) {
                        writeBytes((VarCharVector) vector, row, out);
                    }
                    else {
                        out.write(text.text(vector, row).getBytes(StandardCharsets.UTF_8));
                    }
                }
                out.write('\n');
            }
        }
        catch (IOException e) {
            throw IoErrors.writeFailed(target, e);
        }
    }

    private void writeBytes(VarCharVector vector, int row, OutputStream out) throws IOException {
        int start = vector.getStartOffset(row);
        int length = vector.getEndOffset(row) - start;
        if (bytes.length < length) {
            bytes = new byte[Math.max(length, bytes.length * 2)];
        }
        ArrowBuf data = vector.getDataBuffer();
        data.getBytes(start, bytes, 0, length);
        out.write(bytes, 0, length);
    }

    /** Flushes, fsyncs and atomically moves the file onto the target. */
    public synchronized void commit() {
        file.commit();
    }

    /** Without a prior {@link #commit()}, deletes the temporary file and leaves the target untouched. */
    @Override
    public synchronized void close() {
        file.close();
    }
}
