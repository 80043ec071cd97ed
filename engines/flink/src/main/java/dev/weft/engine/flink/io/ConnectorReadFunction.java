package dev.weft.engine.flink.io;

import static java.util.Objects.requireNonNull;

import dev.weft.api.plan.SourceOperator;
import dev.weft.api.spi.BatchReader;
import dev.weft.api.spi.Connector;
import dev.weft.kernels.rows.RowBatches;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * Reads one split of a connector source per element (the split's index) inside the task manager: the connector found
 * there with ServiceLoader reads {@code connector.read(source, split, splits, context)} batches, emitted as rows. Fed
 * by a parallel sequence source with one element per split.
 */
public final class ConnectorReadFunction extends RichFlatMapFunction<Long, Object[]> {
    private static final long serialVersionUID = 1L;

    private final byte[] source;
    private final String operator;
    private final int splits;
    private final ConnectorTaskSettings settings;
    private final String counterName;
    private transient SourceOperator decoded;
    private transient Connector connector;
    private transient TaskConnectorContext context;
    private transient LongCounter rows;
    private transient boolean reading;

    public ConnectorReadFunction(SourceOperator source, int splits, ConnectorTaskSettings settings, String counterName) {
        this.source = ConnectorOperators.encode(requireNonNull(source, "source is null"));
        this.operator = source.info().describe();
        this.splits = splits;
        this.settings = requireNonNull(settings, "settings is null");
        this.counterName = requireNonNull(counterName, "counterName is null");
    }

    @Override
    public void open(OpenContext openContext) {
        rows = new LongCounter();
        getRuntimeContext().addAccumulator(counterName, rows);
        ClassLoader loader = ConnectorOperators.taskClassLoader();
        decoded = ConnectorOperators.decodeSource(source, loader);
        connector = ConnectorOperators.find(ConnectorOperators.load(loader), decoded);
        context = new TaskConnectorContext(operator, getRuntimeContext().getJobInfo().getJobId().toString(),
                getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(), settings);
    }

    @Override
    public void flatMap(Long split, Collector<Object[]> out) {
        reading = true;
        BatchReader reader;
        try {
            reader = connector.read(decoded, split.intValue(), splits, context);
        } catch (RuntimeException e) {
            throw ConnectorFailures.withOperator(e, operator);
        }
        long count = 0;
        try (reader) {
            while (true) {
                VectorSchemaRoot batch = next(reader);
                if (batch == null) {
                    break;
                }
                try (batch) {
                    for (Object[] row : RowBatches.rows(batch)) {
                        out.collect(row);
                        count++;
                    }
                }
            }
        } catch (RuntimeException e) {
            // the reader's failure, or one of an operator chained after this one (it names its own operator)
            context.cancel();
            throw e;
        } finally {
            rows.add(count);
        }
        reading = false;
    }

    private VectorSchemaRoot next(BatchReader reader) {
        try {
            return reader.next();
        } catch (RuntimeException e) {
            throw ConnectorFailures.withOperator(e, operator);
        }
    }

    @Override
    public void close() {
        if (context != null) {
            if (reading) {
                context.cancel();
            }
            context.close();
            context = null;
        }
    }
}
