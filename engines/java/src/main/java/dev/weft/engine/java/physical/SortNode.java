package dev.weft.engine.java.physical;

import dev.weft.api.expr.Expression;
import dev.weft.api.expr.SortKey;
import dev.weft.api.plan.LogicalOperator;
import dev.weft.engine.java.exec.ExecutionContext;
import dev.weft.engine.java.exec.Failures;
import dev.weft.kernels.ops.SortSpec;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A total order: each input partition is sorted in parallel by the kernels' external sorter (spilling beyond the
 * memory budget), then the sorted partitions are merged into a single output partition, in order. Stable: equal keys
 * keep their input order within a partition and come in partition order across partitions.
 */
public final class SortNode extends PartitionedSortNode {
    public SortNode(ExecutionContext context, LogicalOperator operator, List<SortKey> sortKeys, PhysicalNode input) {
        this(context, operator, sortKeys, keyColumns(operator, sortKeys, input.schema()), input);
    }

    private SortNode(ExecutionContext context, LogicalOperator operator, List<SortKey> sortKeys, KeyColumns keys,
                     PhysicalNode input) {
        super(context, operator, keys, specs(sortKeys, keys), Long.MAX_VALUE, input);
    }

    /** The evaluated sort keys; a key that does not type names the operator. */
    static KeyColumns keyColumns(LogicalOperator operator, List<SortKey> sortKeys, Schema input) {
        try {
            return KeyColumns.of(expressions(sortKeys), input);
        } catch (RuntimeException e) {
            throw Failures.withOperator(e, operator != null ? operator.info().describe() : SortNode.class.getSimpleName());
        }
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
}
