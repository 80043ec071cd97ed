package dev.weft.engine.java.physical;

import dev.weft.api.plan.UnionOperator;
import dev.weft.engine.java.exec.BatchShapes;
import dev.weft.engine.java.exec.BatchSink;
import dev.weft.engine.java.exec.ExecutionContext;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;

/** UNION ALL: the partitions of all inputs one after the other (partition i of the output is one input partition). */
public final class UnionNode extends PhysicalNode {
    private final List<PhysicalNode> inputs;

    public UnionNode(ExecutionContext context, UnionOperator operator, List<PhysicalNode> inputs) {
        super(context, operator, operator.schema(), inputs.stream().mapToInt(PhysicalNode::partitionCount).sum(), inputs);
        this.inputs = List.copyOf(inputs);
    }

    @Override
    public void execute(int partition, BatchSink out) {
        int local = partition;
        for (PhysicalNode input : inputs) {
            if (local < input.partitionCount()) {
                input.execute(local, new BatchSink() {
                    @Override
                    public boolean accept(VectorSchemaRoot batch) {
                        VectorSchemaRoot conformed = BatchShapes.conform(batch, schema(), context.allocator());
                        recordOutput(conformed);
                        return out.accept(conformed);
                    }

                    @Override
                    public void finish() {
                        out.finish();
                    }
                });
                return;
            }
            local -= input.partitionCount();
        }
        throw new IllegalArgumentException("union has %d partitions, not %d".formatted(partitionCount(), partition + 1));
    }
}
