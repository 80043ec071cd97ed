package dev.weft.engine.java.physical;

import dev.weft.engine.java.exec.BatchSink;
import dev.weft.engine.java.exec.ExecutionContext;
import dev.weft.engine.java.exec.MaterializedPartitions;
import java.util.List;

/**
 * An operator read by several consumers, computed once: its partitions are materialized, and each consumer reads
 * them (copies for all but the last reader of a partition).
 */
public final class SharedNode extends PhysicalNode {
    private final PhysicalNode input;
    private final int consumers;
    private MaterializedPartitions data;

    public SharedNode(ExecutionContext context, PhysicalNode input, int consumers) {
        super(context, null, input.schema(), input.partitionCount(), List.of(input));
        this.input = input;
        this.consumers = consumers;
    }

    @Override
    public void prepare() {
        data = PhysicalPlans.materialize(input, context);
        data.expectReads(consumers);
    }

    @Override
    public void execute(int partition, BatchSink out) {
        data.read(partition, context, out);
    }

    @Override
    public String describe() {
        return input.describe();
    }

    @Override
    public void close() {
        if (data != null) {
            data.close();
        }
    }
}
