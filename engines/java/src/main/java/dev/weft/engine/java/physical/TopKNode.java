package dev.weft.engine.java.physical;

import dev.weft.api.plan.TopKOperator;
import dev.weft.engine.java.exec.BatchSink;
import dev.weft.engine.java.exec.ExecutionContext;
import dev.weft.engine.java.exec.Failures;
import dev.weft.engine.java.exec.MaterializedPartitions;
import dev.weft.kernels.ops.ExternalSorter;
import dev.weft.kernels.ops.SortSpec;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;

/** The first k rows by the sort keys: a top-k per input partition in parallel, then a top-k of those, in order. */
public final class TopKNode extends PhysicalNode {
    private final PhysicalNode input;
    private final KeyColumns keys;
    private final List<SortSpec> specs;
    private final long k;
    private MaterializedPartitions partialTops;

    public TopKNode(ExecutionContext context, TopKOperator operator, PhysicalNode input) {
        super(context, operator, input.schema(), 1, List.of(input));
        this.input = input;
        this.k = operator.k();
        try {
            this.keys = KeyColumns.of(SortNode.expressions(operator.keys()), input.schema());
        } catch (RuntimeException e) {
            throw Failures.withOperator(e, describe());
        }
        this.specs = SortNode.specs(operator.keys(), keys);
    }

    @Override
    public void prepare() {
        if (k == 0) {
            return;
        }
        partialTops = new MaterializedPartitions(context, keys.extendedSchema(), input.partitionCount());
        context.runTasks(input.partitionCount(), partition -> {
            try (ExternalSorter sorter = newSorter()) {
                input.execute(partition, new BatchSink() {
                    @Override
                    public boolean accept(VectorSchemaRoot batch) {
                        try (VectorSchemaRoot extended = keys.extend(batch, context.allocator())) {
                            sorter.add(extended);
                        } catch (RuntimeException e) {
                            throw Failures.withOperator(e, describe());
                        }
                        return true;
                    }

                    @Override
                    public void finish() {}
                });
                DrainingConsumer drain = new DrainingConsumer(batch -> {
                    partialTops.add(partition, batch);
                    return true;
                });
                sorter.finish(drain);
                drain.rethrow();
            }
        });
    }

    private ExternalSorter newSorter() {
        return new ExternalSorter(keys.extendedSchema(), specs, k, context.allocator(), context.memoryBudget(),
                context.spillDirectory(), context.batchSize());
    }

    @Override
    public void execute(int partition, BatchSink out) {
        if (k == 0) {
            out.finish();
            return;
        }
        try (ExternalSorter merge = newSorter()) {
            for (int i = 0; i < partialTops.partitionCount(); i++) {
                partialTops.readInto(i, batch -> {
                    try (batch) {
                        merge.add(batch);
                    }
                    return true;
                });
            }
            long start = System.nanoTime();
            DrainingConsumer drain = new DrainingConsumer(batch -> {
                VectorSchemaRoot result = keys.computesColumns() ? keys.strip(batch, schema(), context.allocator()) : batch;
                recordOutput(result);
                return out.accept(result);
            });
            merge.finish(drain);
            metrics.addNanos(System.nanoTime() - start);
            drain.rethrow();
        }
        out.finish();
    }

    @Override
    public void close() {
        if (partialTops != null) {
            partialTops.close();
        }
    }
}
