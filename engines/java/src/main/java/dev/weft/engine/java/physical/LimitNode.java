package dev.weft.engine.java.physical;

import dev.weft.api.plan.LimitOperator;
import dev.weft.engine.java.exec.BatchShapes;
import dev.weft.engine.java.exec.BatchSink;
import dev.weft.engine.java.exec.ExecutionContext;
import dev.weft.engine.java.exec.MaterializedPartitions;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The first {@code limit} rows, in partition order, as one partition. Over a single input partition (a sorted
 * input) it streams and stops its input once it has enough; over several, each input partition keeps at most
 * {@code limit} rows in parallel, then the output takes them in partition order.
 */
public final class LimitNode extends PhysicalNode {
    private final PhysicalNode input;
    private final long limit;
    private MaterializedPartitions heads;

    public LimitNode(ExecutionContext context, LimitOperator operator, PhysicalNode input) {
        super(context, operator, input.schema(), 1, List.of(input));
        this.input = input;
        this.limit = operator.limit();
    }

    @Override
    public void prepare() {
        if (input.partitionCount() == 1 || limit == 0) {
            return;
        }
        heads = new MaterializedPartitions(context, input.schema(), input.partitionCount());
        context.runTasks(input.partitionCount(), partition -> input.execute(partition, limited(heads.sink(partition), false)));
    }

    @Override
    public void execute(int partition, BatchSink out) {
        if (limit == 0) {
            out.finish();
            return;
        }
        BatchSink limited = limited(out, true);
        if (heads == null) {
            input.execute(0, limited);
            return;
        }
        for (int i = 0; i < heads.partitionCount(); i++) {
            if (!heads.readInto(i, limited::accept)) {
                break;
            }
        }
        limited.finish();
    }

    private BatchSink limited(BatchSink out, boolean counted) {
        return new BatchSink() {
            private long remaining = limit;

            @Override
            public boolean accept(VectorSchemaRoot batch) {
                if (remaining <= 0) {
                    batch.close();
                    return false;
                }
                VectorSchemaRoot head = batch;
                if (batch.getRowCount() > remaining) {
                    try (batch) {
                        head = BatchShapes.slice(batch, 0, (int) remaining, context.allocator());
                    }
                }
                remaining -= head.getRowCount();
                if (counted) {
                    recordOutput(head);
                }
                return out.accept(head) && remaining > 0;
            }

            @Override
            public void finish() {
                out.finish();
            }
        };
    }

    @Override
    public void close() {
        if (heads != null) {
            heads.close();
        }
    }
}
