package dev.weft.engine.java.physical;

import dev.weft.api.WeftException;
import dev.weft.api.plan.CollectionSource;
import dev.weft.api.types.ElementType;
import dev.weft.channels.RowEncoder;
import dev.weft.engine.java.exec.BatchSink;
import dev.weft.engine.java.exec.ExecutionContext;
import dev.weft.engine.java.exec.Failures;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;

/** Elements from the driver's memory, encoded into batches; partition i holds the i-th contiguous chunk. */
public final class CollectionSourceNode extends PhysicalNode {
    private final List<?> elements;
    private final ElementType<Object> type;

    @SuppressWarnings("unchecked")
    public CollectionSourceNode(ExecutionContext context, CollectionSource operator) {
        super(context, operator, operator.schema(), context.parallelism(), List.of());
        this.elements = operator.elements();
        this.type = (ElementType<Object>) operator.output().elementType();
    }

    @Override
    public void execute(int partition, BatchSink out) {
        int size = elements.size();
        int from = (int) ((long) partition * size / partitionCount());
        int to = (int) ((long) (partition + 1) * size / partitionCount());
        try (RowEncoder<Object> encoder = RowEncoder.create(type, context.allocator())) {
            boolean more = true;
            for (int i = from; i < to && more; i++) {
                try {
                    encoder.append(elements.get(i));
                } catch (WeftException e) {
                    throw Failures.withOperator(e, describe());
                }
                if (encoder.rowCount() >= context.batchSize() || i == to - 1) {
                    context.checkCancelled();
                    VectorSchemaRoot batch = encoder.finish();
                    recordOutput(batch);
                    more = out.accept(batch);
                }
            }
        }
        out.finish();
    }
}
