package dev.weft.engine.java.physical;

import dev.weft.api.expr.Expression;
import dev.weft.api.expr.SortKey;
import dev.weft.api.plan.LogicalOperator;
import dev.weft.engine.java.exec.BatchSink;
import dev.weft.engine.java.exec.ExecutionContext;
import dev.weft.engine.java.exec.Failures;
import dev.weft.kernels.ops.ExternalSorter;
import dev.weft.kernels.ops.SortSpec;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A total order (the kernels' external sorter, spilling beyond the memory budget): every input partition adds to
 * one sorter; the output is a single partition, in order.
 */
public final class SortNode extends PhysicalNode {
    private final PhysicalNode input;
    private final KeyColumns keys;
    private final List<SortSpec> specs;
    private ExternalSorter sorter;

    public SortNode(ExecutionContext context, LogicalOperator operator, List<SortKey> sortKeys, PhysicalNode input) {
        super(context, operator, input.schema(), 1, List.of(input));
        this.input = input;
        try {
            this.keys = KeyColumns.of(expressions(sortKeys), input.schema());
        } catch (RuntimeException e) {
            throw Failures.withOperator(e, describe());
        }
        this.specs = specs(sortKeys, keys);
    }

    static List<Expression> expressions(List<SortKey> sortKeys) {
        return sortKeys.stream().map(SortKey::expression).toList();
    }

    static List<SortSpec> specs(List<SortKey> sortKeys, KeyColumns keys) {
        int[] indices = keys.indices();
        List<SortSpec> specs = new ArrayList<>();
        for (int i = 0; i < sortKeys.size(); i++) {
            specs.add(new SortSpec(indices[i], sortKeys.get(i).descending(), sortKeys.get(i).nullsFirst()));
        }
        return List.copyOf(specs);
    }

    @Override
    public void prepare() {
        sorter = new ExternalSorter(keys.extendedSchema(), specs, Long.MAX_VALUE, context.allocator(), context.memoryBudget(),
                context.spillDirectory(), context.batchSize());
        drainInto(input, keys, sorter, sorter::add);
    }

    @Override
    public void execute(int partition, BatchSink out) {
        emitSorted(sorter, out);
        out.finish();
    }

    /** Drains a sorter into {@code out}, dropping the computed key columns. */
    void emitSorted(ExternalSorter source, BatchSink out) {
        long start = System.nanoTime();
        DrainingConsumer drain = new DrainingConsumer(batch -> {
            context.checkCancelled();
            VectorSchemaRoot result = keys.computesColumns() ? keys.strip(batch, schema(), context.allocator()) : batch;
            recordOutput(result);
            return out.accept(result);
        });
        try {
            source.finish(drain);
        } catch (RuntimeException e) {
            throw Failures.withOperator(e, describe());
        }
        metrics.addNanos(System.nanoTime() - start);
        drain.rethrow();
    }

    @Override
    public void close() {
        if (sorter != null) {
            sorter.close();
        }
    }
}
