package dev.weft.engine.java.physical;

import static dev.weft.api.expr.Expressions.col;

import dev.weft.api.expr.ColumnRef;
import dev.weft.api.expr.Expression;
import dev.weft.api.expr.Expressions;
import dev.weft.api.plan.IntersectOperator;
import dev.weft.channels.Batches;
import dev.weft.engine.java.exec.BatchShapes;
import dev.weft.engine.java.exec.BatchSink;
import dev.weft.engine.java.exec.ExecutionContext;
import java.util.List;
import java.util.function.Consumer;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * INTERSECT (distinct rows present in both inputs, NULLs equal as in SQL): both inputs are tagged with their side
 * and aggregated on all columns with min and max of the tag; a group whose min is 0 and max is 1 came from both.
 */
public final class IntersectNode extends PhysicalNode {
    private static final String FIRST_SIDE = "$first_side";
    private static final String LAST_SIDE = "$last_side";

    private final AggregateNode groups;
    private final int[] dataColumns;

    private IntersectNode(ExecutionContext context, IntersectOperator operator, AggregateNode groups) {
        super(context, operator, operator.schema(), groups.partitionCount(), List.of(groups));
        this.groups = groups;
        this.dataColumns = new int[operator.schema().getFields().size()];
        for (int i = 0; i < dataColumns.length; i++) {
            dataColumns[i] = i;
        }
    }

    public static IntersectNode of(ExecutionContext context, IntersectOperator operator, PhysicalNode left, PhysicalNode right,
                                   Consumer<PhysicalNode> register) {
        TaggedUnionNode tagged = new TaggedUnionNode(context, left, right);
        register.accept(tagged);
        List<Expression> keys = left.schema().getFields().stream().map(f -> (Expression) new ColumnRef(f.getName())).toList();
        List<Expression> aggregates = List.of(Expressions.min(col(TaggedUnionNode.SIDE)).as(FIRST_SIDE),
                Expressions.max(col(TaggedUnionNode.SIDE)).as(LAST_SIDE));
        AggregateNode groups = AggregateNode.internal(context, tagged, keys, aggregates);
        register.accept(groups);
        return new IntersectNode(context, operator, groups);
    }

    @Override
    public void execute(int partition, BatchSink out) {
        int first = dataColumns.length;
        groups.execute(partition, new BatchSink() {
            @Override
            public boolean accept(VectorSchemaRoot batch) {
                VectorSchemaRoot kept;
                try (batch) {
                    IntVector firstSide = (IntVector) batch.getVector(first);
                    IntVector lastSide = (IntVector) batch.getVector(first + 1);
                    int rows = batch.getRowCount();
                    int[] both = new int[rows];
                    int count = 0;
                    for (int row = 0; row < rows; row++) {
                        if (firstSide.get(row) == 0 && lastSide.get(row) == 1) {
                            both[count++] = row;
                        }
                    }
                    if (count == 0) {
                        return true;
                    }
                    kept = Batches.copyRows(batch, both, count, context.allocator());
                }
                VectorSchemaRoot result = BatchShapes.select(kept, dataColumns, schema(), context.allocator());
                recordOutput(result);
                return out.accept(result);
            }

            @Override
            public void finish() {
                out.finish();
            }
        });
    }
}
