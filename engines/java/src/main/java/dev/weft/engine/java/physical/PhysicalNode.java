package dev.weft.engine.java.physical;

import static java.util.Objects.requireNonNull;

import dev.weft.api.plan.LogicalOperator;
import dev.weft.api.spi.OperatorMetrics;
import dev.weft.channels.Batches;
import dev.weft.engine.java.exec.BatchSink;
import dev.weft.engine.java.exec.ExecutionContext;
import dev.weft.engine.java.exec.Failures;
import java.util.List;
import java.util.function.Consumer;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A physical operator of the Java engine, DataFusion's ExecutionPlan contract made push-based: its properties
 * (schema, partition count, children) are fixed when it is built; {@link #execute} pushes one output partition
 * into a {@link BatchSink}, running the streaming operators below it inline in the same task (a fused pipeline).
 *
 * <p>A pipeline breaker (aggregate, sort, join build...) does its input side in {@link #prepare}, which the driving
 * thread calls once, children first, before anything executes it; its {@link #execute} then only produces output.
 * {@link #close} releases whatever the operator still holds, after success or failure.
 */
public abstract class PhysicalNode implements AutoCloseable {
    protected final ExecutionContext context;
    protected final OperatorMetrics metrics;
    private final LogicalOperator operator;
    private final Schema schema;
    private final int partitionCount;
    private final List<PhysicalNode> children;

    protected PhysicalNode(ExecutionContext context, LogicalOperator operator, Schema schema, int partitionCount,
                           List<PhysicalNode> children) {
        this.context = requireNonNull(context, "context is null");
        this.operator = operator;
        this.schema = requireNonNull(schema, "schema is null");
        this.children = List.copyOf(requireNonNull(children, "children is null"));
        if (partitionCount < 1) {
            throw new IllegalArgumentException("an operator needs at least one partition, got " + partitionCount);
        }
        this.partitionCount = partitionCount;
        this.metrics = context.metrics(operator);
    }

    /** The logical operator this implements (null for an operator the planner added). */
    public LogicalOperator operator() {
        return operator;
    }

    public Schema schema() {
        return schema;
    }

    public int partitionCount() {
        return partitionCount;
    }

    public List<PhysicalNode> children() {
        return children;
    }

    /** Runs the input side of a pipeline breaker; called once, on the driving thread, after the children's. */
    public void prepare() {}

    /** Pushes output partition {@code partition} into {@code out} (which owns every batch), then finishes it. */
    public abstract void execute(int partition, BatchSink out);

    @Override
    public void close() {}

    /** The operator for messages: "operator 'x' at Job.main(Job.java:12)". */
    public String describe() {
        return operator != null ? operator.info().describe() : getClass().getSimpleName();
    }

    @Override
    public String toString() {
        return "%s[%s, partitions=%d]".formatted(getClass().getSimpleName(), operator == null ? "internal" : operator.name(),
                partitionCount);
    }

    /**
     * Runs every partition of {@code input} and hands each batch, extended with the evaluated {@code keys}, to one
     * single-threaded kernel (a sort, a join build) under the kernel's lock. The time spent counts to this operator.
     */
    protected final void drainInto(PhysicalNode input, KeyColumns keys, Object kernel, Consumer<VectorSchemaRoot> add) {
        context.runTasks(input.partitionCount(), partition -> input.execute(partition, new BatchSink() {
            @Override
            public boolean accept(VectorSchemaRoot batch) {
                long start = System.nanoTime();
                try (VectorSchemaRoot extended = keys.extend(batch, context.allocator())) {
                    synchronized (kernel) {
                        add.accept(extended);
                    }
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

    /** Counts an output batch in this operator's metrics. */
    protected final void recordOutput(VectorSchemaRoot batch) {
        metrics.addRows(batch.getRowCount());
        metrics.addBytes(Batches.sizeInBytes(batch));
    }

    /** A sink that counts what passes into {@code out} as this operator's output. */
    protected final BatchSink metered(BatchSink out) {
        return new BatchSink() {
            @Override
            public boolean accept(VectorSchemaRoot batch) {
                recordOutput(batch);
                return out.accept(batch);
            }

            @Override
            public void finish() {
                out.finish();
            }
        };
    }
}
