package dev.weft.engine.java.physical;

import dev.weft.api.plan.LogicalOperator;
import dev.weft.engine.java.exec.BatchSink;
import dev.weft.engine.java.exec.ExecutionContext;
import java.util.List;

/** An operator without effect on bounded data (watermark assignment): batches pass through, counted. */
public final class PassThroughNode extends PhysicalNode {
    private final PhysicalNode input;

    public PassThroughNode(ExecutionContext context, LogicalOperator operator, PhysicalNode input) {
        super(context, operator, input.schema(), input.partitionCount(), List.of(input));
        this.input = input;
    }

    @Override
    public void execute(int partition, BatchSink out) {
        input.execute(partition, metered(out));
    }
}
