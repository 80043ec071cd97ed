package dev.weft.kernels.rows;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.plan.CsvFileSink;
import dev.weft.api.plan.CsvFormat;
import dev.weft.api.plan.SinkOperator;
import dev.weft.api.plan.TextFileSink;
import dev.weft.kernels.io.CsvFileWriter;
import dev.weft.kernels.io.TextFileWriter;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A text or CSV file sink written from rows with the kernels' io writers, as the Java engine's FileSinkNode writes
 * it: ONE file, rows in the order they are written (write partitions in order from one task), into a temporary file
 * that becomes the target only on {@link Writer#commit()}; closing an uncommitted writer leaves no file. Serializable.
 */
public final class RowSink implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String operator;
    private final String path;
    private final CsvFormat format; // null for text
    private final String schemaJson;

    /** Writes rows to the file; not thread-safe. */
    public interface Writer extends AutoCloseable {
        void write(Object[] row);

        /** Flushes and moves the file into place. */
        void commit();

        /** Releases the file; without a commit the target is left untouched. */
        @Override
        void close();
    }

    private RowSink(String operator, String path, CsvFormat format, String schemaJson) {
        this.operator = operator;
        this.path = path;
        this.format = format;
        this.schemaJson = schemaJson;
    }

    /** A sink for a TextFileSink or CsvFileSink; UNSUPPORTED_OPERATION for any other sink. */
    public static RowSink of(SinkOperator sink) {
        String describe = sink.info().describe();
        if (sink instanceof TextFileSink text) {
            return new RowSink(describe, text.path(), null, SerialForm.schemaJson(text.schema()));
        }
        if (sink instanceof CsvFileSink csv) {
            return new RowSink(describe, csv.path(), csv.format(), SerialForm.schemaJson(csv.schema()));
        }
        throw new WeftException(ErrorCode.UNSUPPORTED_OPERATION,
                "%s: row sinks write text and CSV files only, not %s".formatted(describe, sink.kind()));
    }

    public Schema schema() {
        return SerialForm.schema(schemaJson);
    }

    public Writer open() {
        return open(RowMemory.allocator());
    }

    public Writer open(BufferAllocator allocator) {
        Schema schema = schema();
        try {
            if (format != null) {
                CsvFileWriter csv = CsvFileWriter.open(Path.of(path), format, schema);
                return new BufferedWriter(schema, allocator, csv::write, csv::commit, csv::close);
            }
            TextFileWriter text = TextFileWriter.open(Path.of(path), schema);
            return new BufferedWriter(schema, allocator, text::write, text::commit, text::close);
        } catch (RuntimeException e) {
            throw RowErrors.withOperator(e, operator);
        }
    }

    private final class BufferedWriter implements Writer {
        private final Schema schema;
        private final BufferAllocator allocator;
        private final java.util.function.Consumer<VectorSchemaRoot> write;
        private final Runnable commit;
        private final Runnable close;
        private final List<Object[]> pending = new ArrayList<>();

        BufferedWriter(Schema schema, BufferAllocator allocator, java.util.function.Consumer<VectorSchemaRoot> write, Runnable commit,
                       Runnable close) {
            this.schema = schema;
            this.allocator = allocator;
            this.write = write;
            this.commit = commit;
            this.close = close;
        }

        @Override
        public void write(Object[] row) {
            pending.add(row);
            if (pending.size() >= RowBatches.DEFAULT_BATCH_SIZE) {
                flush();
            }
        }

        private void flush() {
            if (pending.isEmpty()) {
                return;
            }
            try (VectorSchemaRoot batch = RowBatches.batch(pending, schema, allocator)) {
                write.accept(batch);
            } catch (RuntimeException e) {
                throw RowErrors.withOperator(e, operator);
            }
            pending.clear();
        }

        @Override
        public void commit() {
            flush();
            try {
                commit.run();
            } catch (RuntimeException e) {
                throw RowErrors.withOperator(e, operator);
            }
        }

        @Override
        public void close() {
            pending.clear();
            close.run();
        }
    }
}
