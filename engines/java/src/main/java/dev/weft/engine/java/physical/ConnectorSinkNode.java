package dev.weft.engine.java.physical;

import dev.weft.api.plan.SinkOperator;
import dev.weft.api.spi.Connector;
import dev.weft.api.spi.ConnectorSink;
import dev.weft.engine.java.connect.StageConnectors;
import dev.weft.engine.java.exec.BatchShapes;
import dev.weft.engine.java.exec.BatchSink;
import dev.weft.engine.java.exec.ExecutionContext;
import dev.weft.engine.java.exec.Failures;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A sink written through a {@link Connector}: one {@link ConnectorSink} for the stage, written from every input
 * partition's thread; committed once after the stage succeeded, aborted (never half-committed) otherwise.
 */
public final class ConnectorSinkNode extends SinkNode {
    private final SinkOperator sink;
    private final Connector connector;
    private final StageConnectors connectors;
    private ConnectorSink open;
    private boolean committed;

    public ConnectorSinkNode(ExecutionContext context, SinkOperator sink, Connector connector, StageConnectors connectors,
                             PhysicalNode input) {
        super(context, sink, input);
        this.sink = sink;
        this.connector = connector;
        this.connectors = connectors;
    }

    @Override
    public void prepare() {
        try {
            open = connector.write(sink, connectors.contextFor(sink));
        } catch (RuntimeException e) {
            throw Failures.withOperator(e, describe());
        }
        connectors.register(open);
        context.runTasks(input.partitionCount(), partition -> input.execute(partition, new BatchSink() {
            @Override
            public boolean accept(VectorSchemaRoot batch) {
                long start = System.nanoTime();
                VectorSchemaRoot shaped = BatchShapes.conform(batch, sink.schema(), context.allocator());
                try {
                    recordOutput(shaped);
                    open.write(shaped);
                } catch (RuntimeException e) {
                    throw Failures.withOperator(e, describe());
                }
                metrics.addNanos(System.nanoTime() - start);
                return true;
            }

            @Override
            public void finish() {}
        }));
    }

    @Override
    public void commit() {
        try {
            open.commit();
            committed = true;
        } catch (RuntimeException e) {
            throw Failures.withOperator(e, describe());
        }
    }

    @Override
    public void close() {
        if (open == null) {
            return;
        }
        try {
            if (!committed) {
                open.abort();
            }
        } finally {
            open.close();
            open = null;
        }
    }
}
