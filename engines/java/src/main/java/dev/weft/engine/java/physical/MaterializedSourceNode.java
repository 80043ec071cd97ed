package dev.weft.engine.java.physical;

import dev.weft.api.plan.LogicalOperator;
import dev.weft.engine.java.exec.BatchSink;
import dev.weft.engine.java.exec.ExecutionContext;
import dev.weft.engine.java.exec.MaterializedPartitions;
import java.util.List;

/** Reads data already in memory (a loop's current input); the data belongs to whoever made it. */
public final class MaterializedSourceNode extends PhysicalNode {
    private final MaterializedPartitions data;

    public MaterializedSourceNode(ExecutionContext context, LogicalOperator operator, MaterializedPartitions data) {
        super(context, operator, operator.schema(), data.partitionCount(), List.of());
        this.data = data;
    }

    @Override
    public void execute(int partition, BatchSink out) {
        data.read(partition, context, metered(out));
    }
}
