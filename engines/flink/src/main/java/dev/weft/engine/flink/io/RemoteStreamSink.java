package dev.weft.engine.flink.io;

import static java.util.Objects.requireNonNull;

import dev.weft.channels.flight.RemoteStream;
import dev.weft.host.io.RemoteStreamWriter;
import dev.weft.host.io.RemoteStreams;
import dev.weft.kernels.rows.RowBatches;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Writes rows to a remote stream from the task managers: subtask i writes partition i, and also completes (empty) the
 * partitions i + k * parallelism when the stream has more partitions than the sink has subtasks, so every partition is
 * written and completed exactly once. Rows are sent in Arrow batches of {@code batchSize} rows. A collect stream (one
 * partition) is written by a sink of parallelism 1, in arrival order. Rows are sent when a batch is full, with each
 * watermark (unbounded streams) and at the end of the input.
 */
public final class RemoteStreamSink implements Sink<Object[]> {
    private static final long serialVersionUID = 1L;

    private final RemoteStream stream;
    private final String schemaJson;
    private final int batchSize;

    public RemoteStreamSink(RemoteStream stream, Schema schema, int batchSize) {
        this.stream = requireNonNull(stream, "stream is null");
        this.schemaJson = schema.toJson();
        this.batchSize = batchSize;
    }

    @Override
    public SinkWriter<Object[]> createWriter(WriterInitContext context) {
        int subtask = context.getTaskInfo().getIndexOfThisSubtask();
        int parallelism = context.getTaskInfo().getNumberOfParallelSubtasks();
        return new Writer(subtask, parallelism);
    }

    private final class Writer implements SinkWriter<Object[]> {
        private final BufferAllocator allocator;
        private final List<RemoteStreamWriter> writers = new ArrayList<>();
        private final Schema schema;
        private List<Object[]> pending = new ArrayList<>();
        private boolean completed;

        Writer(int subtask, int parallelism) {
            this.schema = parseSchema(schemaJson);
            this.allocator = RemoteStreams.allocator("flink-write-%s-%d".formatted(stream.stage(), subtask));
            try {
                for (int partition = subtask; partition < stream.partitions(); partition += parallelism) {
                    writers.add(RemoteStreams.writer(stream, partition, allocator));
                }
            } catch (RuntimeException e) {
                close();
                throw e;
            }
        }

        @Override
        public void write(Object[] row, Context context) {
            pending.add(row);
            if (pending.size() >= batchSize) {
                send();
            }
        }

        /** On unbounded streams rows go out at least with every watermark (window results follow one). */
        @Override
        public void writeWatermark(org.apache.flink.api.common.eventtime.Watermark watermark) {
            send();
        }

        @Override
        public void flush(boolean endOfInput) {
            send();
            if (endOfInput && !completed) {
                for (RemoteStreamWriter writer : writers) {
                    writer.complete();
                }
                completed = true;
            }
        }

        private void send() {
            if (pending.isEmpty() || writers.isEmpty()) {
                return;
            }
            List<Object[]> rows = pending;
            pending = new ArrayList<>();
            Iterator<VectorSchemaRoot> batches = RowBatches.batches(rows.iterator(), schema, batchSize, allocator);
            while (batches.hasNext()) {
                writers.get(0).write(batches.next());
            }
        }

        @Override
        public void close() {
            RuntimeException failure = null;
            for (RemoteStreamWriter writer : writers) {
                try {
                    writer.close();
                } catch (RuntimeException e) {
                    failure = failure == null ? e : failure;
                }
            }
            writers.clear();
            allocator.close();
            if (failure != null) {
                throw failure;
            }
        }
    }

    private static Schema parseSchema(String json) {
        try {
            return Schema.fromJSON(json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read the schema of a stage output", e);
        }
    }
}
