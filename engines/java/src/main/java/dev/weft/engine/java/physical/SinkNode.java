package dev.weft.engine.java.physical;

import dev.weft.api.plan.SinkOperator;
import dev.weft.engine.java.exec.BatchSink;
import dev.weft.engine.java.exec.ExecutionContext;
import java.util.List;

/**
 * A stage's end: {@link #prepare} runs its input's partitions into it; {@link #commit} makes the result visible once
 * every sink of the stage succeeded; {@link #close} without commit discards it.
 */
public abstract class SinkNode extends PhysicalNode {
    protected final PhysicalNode input;

    protected SinkNode(ExecutionContext context, SinkOperator operator, PhysicalNode input) {
        super(context, operator, input.schema(), 1, List.of(input));
        this.input = input;
    }

    /** Publishes the result (atomic file move); the default has nothing to publish. */
    public void commit() {}

    @Override
    public final void execute(int partition, BatchSink out) {
        throw new UnsupportedOperationException("a sink has no output");
    }
}
