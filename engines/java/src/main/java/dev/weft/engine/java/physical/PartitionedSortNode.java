package dev.weft.engine.java.physical;

import dev.weft.api.plan.LogicalOperator;
import dev.weft.engine.java.exec.BatchSink;
import dev.weft.engine.java.exec.ExecutionContext;
import dev.weft.engine.java.exec.Failures;
import dev.weft.kernels.ops.ExternalSorter;
import dev.weft.kernels.ops.SortSpec;
import dev.weft.kernels.ops.SortedBatchStream;
import dev.weft.kernels.ops.SortedStreamMerger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.arrow.util.AutoCloseables;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A sort or top-k in parallel over the input partitions: in {@link #prepare}, each input partition is sorted by its
 * own external sorter in its own task (every sorter reserving from the stage's memory budget and spilling beyond
 * it); the single output partition is then a k-way merge of the per-partition sorted streams.
 *
 * <p>Stable: rows with equal keys keep their input order within a partition, and come in partition index order
 * across partitions (the merge gives ties to the lower partition).
 */
abstract class PartitionedSortNode extends PhysicalNode {
    private final PhysicalNode input;
    private final KeyColumns keys;
    private final List<SortSpec> specs;
    private final long limit;
    private ExternalSorter[] sorters;
    private SortedBatchStream[] sorted;
    private SortedBatchStream merged;

    PartitionedSortNode(ExecutionContext context, LogicalOperator operator, KeyColumns keys, List<SortSpec> specs, long limit,
                        PhysicalNode input) {
        super(context, operator, input.schema(), 1, List.of(input));
        this.input = input;
        this.keys = Objects.requireNonNull(keys, "keys is null");
        this.specs = List.copyOf(specs);
        this.limit = limit;
    }

    @Override
    public final void prepare() {
        if (limit == 0) {
            return;
        }
        int partitions = input.partitionCount();
        sorters = new ExternalSorter[partitions];
        sorted = new SortedBatchStream[partitions];
        context.runTasks(partitions, this::sortPartition);
    }

    /** Sorts one input partition into its own sorter; the sort (and any merging of spilled runs) runs in this task. */
    private void sortPartition(int partition) {
        ExternalSorter sorter = new ExternalSorter(keys.extendedSchema(), specs, limit, context.allocator(),
                context.memoryBudget(), context.spillDirectory(), context.batchSize());
        sorters[partition] = sorter;
        input.execute(partition, new BatchSink() {
            @Override
            public boolean accept(VectorSchemaRoot batch) {
                long start = System.nanoTime();
                try (VectorSchemaRoot extended = keys.extend(batch, context.allocator())) {
                    sorter.add(extended);
                } catch (RuntimeException e) {
                    throw Failures.withOperator(e, describe());
                }
                metrics.addNanos(System.nanoTime() - start);
                return true;
            }

            @Override
            public void finish() {}
        });
        context.checkCancelled();
        long start = System.nanoTime();
        try {
            sorted[partition] = sorter.sortedStream();
        } catch (RuntimeException e) {
            throw Failures.withOperator(e, describe());
        }
        metrics.addNanos(System.nanoTime() - start);
    }

    @Override
    public final void execute(int partition, BatchSink out) {
        if (limit == 0) {
            out.finish();
            return;
        }
        try {
            merged = sorted.length == 1 ? sorted[0]
                    : new SortedStreamMerger(Arrays.asList(sorted), keys.extendedSchema(), specs, limit, context.allocator(),
                            context.batchSize());
        } catch (RuntimeException e) {
            throw Failures.withOperator(e, describe());
        }
        while (true) {
            context.checkCancelled();
            long start = System.nanoTime();
            VectorSchemaRoot batch;
            try {
                batch = merged.next();
            } catch (RuntimeException e) {
                throw Failures.withOperator(e, describe());
            }
            metrics.addNanos(System.nanoTime() - start);
            if (batch == null) {
                break;
            }
            VectorSchemaRoot result = keys.computesColumns() ? keys.strip(batch, schema(), context.allocator()) : batch;
            recordOutput(result);
            if (!out.accept(result)) {
                break;
            }
        }
        out.finish();
    }

    @Override
    public final void close() {
        List<AutoCloseable> closeables = new ArrayList<>();
        closeables.add(merged);
        if (sorted != null) {
            closeables.addAll(Arrays.asList(sorted));
        }
        if (sorters != null) {
            closeables.addAll(Arrays.asList(sorters));
        }
        merged = null;
        sorted = null;
        sorters = null;
        try {
            AutoCloseables.close(closeables);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("could not release the sort of %s".formatted(describe()), e);
        }
    }
}
