package dev.weft.engine.java.physical;

import dev.weft.api.plan.CollectSink;
import dev.weft.api.spi.BatchWriter;
import dev.weft.engine.java.exec.BatchShapes;
import dev.weft.engine.java.exec.ExecutionContext;
import dev.weft.engine.java.exec.OrderedPartitionWriter;
import org.apache.arrow.vector.VectorSchemaRoot;

/** Hands the batches to the driver's collect writer, partition 0 first, then 1, ... (ownership passes). */
public final class CollectSinkNode extends SinkNode {
    private final CollectSink sink;
    private OrderedPartitionWriter ordered;

    public CollectSinkNode(ExecutionContext context, CollectSink operator, PhysicalNode input) {
        super(context, operator, input);
        this.sink = operator;
    }

    @Override
    public void prepare() {
        BatchWriter writer = context.stage().collectWriter(sink);
        ordered = new OrderedPartitionWriter(context, input.partitionCount(), batch -> {
            VectorSchemaRoot shaped = BatchShapes.conform(batch, sink.schema(), context.allocator());
            recordOutput(shaped);
            writer.write(shaped);
        });
        context.runTasks(input.partitionCount(), partition -> input.execute(partition, ordered.sink(partition)));
    }

    @Override
    public void close() {
        if (ordered != null) {
            ordered.close();
        }
    }
}
