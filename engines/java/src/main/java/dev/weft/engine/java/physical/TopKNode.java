package dev.weft.engine.java.physical;

import dev.weft.api.plan.TopKOperator;
import dev.weft.engine.java.exec.ExecutionContext;

/**
 * The first k rows by the sort keys: a top-k per input partition in parallel (the kernels' external sorter with a
 * limit), then a k-way merge of those that stops after k rows. Ties as in {@link SortNode}: input order within a
 * partition, partition order across partitions.
 */
public final class TopKNode extends PartitionedSortNode {
    public TopKNode(ExecutionContext context, TopKOperator operator, PhysicalNode input) {
        this(context, operator, SortNode.keyColumns(operator, operator.keys(), input.schema()), input);
    }

    private TopKNode(ExecutionContext context, TopKOperator operator, KeyColumns keys, PhysicalNode input) {
        super(context, operator, keys, SortNode.specs(operator.keys(), keys), operator.k(), input);
    }
}
