package dev.weft.engine.flink.io;

import static java.util.Objects.requireNonNull;

import dev.weft.api.plan.SinkOperator;
import dev.weft.api.spi.Connector;
import dev.weft.api.spi.ConnectorSink;
import dev.weft.kernels.rows.RowBatches;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connector sink in the task managers: each subtask writes its rows, in Arrow batches of {@code batchSize} rows, to
 * ONE {@link ConnectorSink} of its own (opened with the connector found there with ServiceLoader), commits it when its
 * bounded input ends, and aborts it when the task fails or is cancelled before that. Commit is per subtask: with a
 * sink of several subtasks, a failure after one subtask committed leaves that subtask's rows written. Kafka never takes
 * records back anyway (at least once); a database sink is all or nothing per subtask only, not for the stage as on the
 * Java engine (one ConnectorSink per stage there).
 */
public final class ConnectorRowSink implements Sink<Object[]> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ConnectorRowSink.class);

    private final byte[] sink;
    private final String operator;
    private final String schemaJson;
    private final ConnectorTaskSettings settings;

    public ConnectorRowSink(SinkOperator sink, ConnectorTaskSettings settings) {
        this.sink = ConnectorOperators.encode(requireNonNull(sink, "sink is null"));
        this.operator = sink.info().describe();
        this.schemaJson = sink.schema().toJson();
        this.settings = requireNonNull(settings, "settings is null");
    }

    @Override
    public SinkWriter<Object[]> createWriter(WriterInitContext context) {
        return new Writer(context.getJobInfo().getJobId().toString(), context.getTaskInfo().getIndexOfThisSubtask());
    }

    private final class Writer implements SinkWriter<Object[]> {
        private final String job;
        private final int subtask;
        private final Schema schema;
        private final TaskConnectorContext context;
        private final ConnectorSink open;
        private List<Object[]> pending = new ArrayList<>();
        private boolean committed;

        Writer(String job, int subtask) {
            this.job = job;
            this.subtask = subtask;
            this.schema = parseSchema(schemaJson);
            ClassLoader loader = ConnectorOperators.taskClassLoader();
            SinkOperator decoded = ConnectorOperators.decodeSink(sink, loader);
            Connector connector = ConnectorOperators.find(ConnectorOperators.load(loader), decoded);
            this.context = new TaskConnectorContext(operator, job, subtask, settings);
            try {
                this.open = connector.write(decoded, context);
            } catch (RuntimeException e) {
                context.close();
                throw ConnectorFailures.withOperator(e, operator);
            }
            SubtaskSinks.register(job, subtask, open);
        }

        @Override
        public void write(Object[] row, Context rowContext) {
            pending.add(row);
            if (pending.size() >= settings.batchSize()) {
                send();
            }
        }

        @Override
        public void flush(boolean endOfInput) {
            send();
            try {
                if (endOfInput && !committed) {
                    open.commit();
                    committed = true;
                } else if (!endOfInput) {
                    open.flush();
                }
            } catch (RuntimeException e) {
                throw ConnectorFailures.withOperator(e, operator);
            }
        }

        private void send() {
            if (pending.isEmpty()) {
                return;
            }
            List<Object[]> rows = pending;
            pending = new ArrayList<>();
            Iterator<VectorSchemaRoot> batches = RowBatches.batches(rows.iterator(), schema, settings.batchSize(), context.allocator());
            try {
                while (batches.hasNext()) {
                    open.write(batches.next());
                }
            } catch (RuntimeException e) {
                throw ConnectorFailures.withOperator(e, operator);
            }
        }

        @Override
        public void close() {
            SubtaskSinks.unregister(job, subtask, open);
            try {
                if (!committed) {
                    LOG.info("{} (subtask {}): input did not end, aborting the connector sink", operator, subtask);
                    context.cancel();
                    open.abort();
                }
            } finally {
                try {
                    open.close();
                } finally {
                    pending = new ArrayList<>();
                    context.close();
                }
            }
        }
    }

    private static Schema parseSchema(String json) {
        try {
            return Schema.fromJSON(json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read the schema of a connector sink", e);
        }
    }
}
