package dev.weft.engine.java.physical;

import static java.util.Objects.requireNonNull;

import dev.weft.api.plan.SourceOperator;
import dev.weft.api.spi.BatchReader;
import dev.weft.api.spi.Connector;
import dev.weft.api.spi.ConnectorContext;
import dev.weft.engine.java.connect.StageConnectors;
import dev.weft.engine.java.exec.BatchSink;
import dev.weft.engine.java.exec.ExecutionContext;
import dev.weft.engine.java.exec.Failures;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A source read through a {@link Connector}: one partition per split. Each batch a reader returns is pushed through
 * the pipeline under {@link StageConnectors#beginPush()} so that awaitDurable sees it. Readers stay open until the
 * operator closes, after the stage committed or failed, so that a reader may commit its positions in close().
 */
public final class ConnectorSourceNode extends PhysicalNode {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectorSourceNode.class);

    private final SourceOperator source;
    private final Connector connector;
    private final StageConnectors connectors;
    private final ConnectorContext connectorContext;
    private final List<BatchReader> readers = new ArrayList<>();

    private ConnectorSourceNode(ExecutionContext context, SourceOperator source, Connector connector, StageConnectors connectors,
                                ConnectorContext connectorContext, int splits) {
        super(context, source, source.schema(), splits, List.of());
        this.source = source;
        this.connector = connector;
        this.connectors = connectors;
        this.connectorContext = connectorContext;
    }

    /** Asks the connector for the splits of the source (contacts the external system). */
    public static ConnectorSourceNode create(ExecutionContext context, SourceOperator source, Connector connector,
                                             StageConnectors connectors) {
        requireNonNull(source, "source is null");
        requireNonNull(connector, "connector is null");
        ConnectorContext connectorContext = connectors.contextFor(source);
        int splits;
        try {
            splits = connector.splits(source, context.parallelism(), connectorContext);
        } catch (RuntimeException e) {
            throw Failures.withOperator(e, source.info().describe());
        }
        if (splits < 1) {
            throw new IllegalStateException("connector %s gave %d splits for %s; it must give at least one"
                    .formatted(connector.name(), splits, source.info().describe()));
        }
        return new ConnectorSourceNode(context, source, connector, connectors, connectorContext, splits);
    }

    @Override
    public void execute(int partition, BatchSink out) {
        BatchReader reader;
        try {
            reader = connector.read(source, partition, partitionCount(), connectorContext);
        } catch (RuntimeException e) {
            throw Failures.withOperator(e, describe());
        }
        synchronized (readers) {
            readers.add(reader);
        }
        boolean more = true;
        while (more) {
            context.checkCancelled();
            long start = System.nanoTime();
            VectorSchemaRoot batch;
            try {
                batch = reader.next();
            } catch (RuntimeException e) {
                throw Failures.withOperator(e, describe());
            }
            metrics.addNanos(System.nanoTime() - start);
            if (batch == null) {
                break;
            }
            connectors.beginPush();
            try {
                recordOutput(batch);
                more = out.accept(batch);
            } finally {
                connectors.endPush();
            }
        }
        out.finish();
    }

    @Override
    public void close() {
        List<BatchReader> open;
        synchronized (readers) {
            open = new ArrayList<>(readers);
            readers.clear();
        }
        RuntimeException failure = null;
        for (BatchReader reader : open) {
            try {
                reader.close();
            } catch (RuntimeException e) {
                LOG.warn("{}: closing a reader failed: {}", describe(), e.toString());
                if (failure == null) {
                    failure = Failures.withOperator(e, describe());
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
