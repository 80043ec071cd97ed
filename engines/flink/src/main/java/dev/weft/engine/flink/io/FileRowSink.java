package dev.weft.engine.flink.io;

import static java.util.Objects.requireNonNull;

import dev.weft.kernels.rows.RowSink;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * A text or CSV file sink: ONE file written by one subtask (parallelism 1) in arrival order, committed (moved into
 * place) at the end of the input; a failed job leaves no file.
 */
public final class FileRowSink implements Sink<Object[]> {
    private static final long serialVersionUID = 1L;

    private final RowSink sink;

    public FileRowSink(RowSink sink) {
        this.sink = requireNonNull(sink, "sink is null");
    }

    @Override
    public SinkWriter<Object[]> createWriter(WriterInitContext context) {
        RowSink.Writer writer = sink.open();
        return new SinkWriter<>() {
            private boolean committed;

            @Override
            public void write(Object[] row, Context rowContext) {
                writer.write(row);
            }

            @Override
            public void flush(boolean endOfInput) {
                if (endOfInput && !committed) {
                    writer.commit();
                    committed = true;
                }
            }

            @Override
            public void close() {
                writer.close();
            }
        };
    }
}
