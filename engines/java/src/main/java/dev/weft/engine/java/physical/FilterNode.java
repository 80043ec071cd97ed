package dev.weft.engine.java.physical;

import dev.weft.api.plan.FilterCondition;
import dev.weft.api.plan.FilterOperator;
import dev.weft.engine.java.exec.BatchSink;
import dev.weft.engine.java.exec.ExecutionContext;
import dev.weft.engine.java.exec.Failures;
import dev.weft.kernels.expr.ExpressionCompiler;
import dev.weft.kernels.expr.Selection;
import dev.weft.kernels.expr.VectorExpression;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;

/** A declarative filter, vectorized: the kernels' Selection keeps the rows where the predicate is true. */
public final class FilterNode extends PhysicalNode {
    private final PhysicalNode input;
    private final VectorExpression predicate;

    public FilterNode(ExecutionContext context, FilterOperator operator, PhysicalNode input) {
        super(context, operator, input.schema(), input.partitionCount(), List.of(input));
        this.input = input;
        FilterCondition.Declarative condition = (FilterCondition.Declarative) operator.condition();
        try {
            this.predicate = ExpressionCompiler.compile(condition.predicate(), input.schema());
        } catch (RuntimeException e) {
            throw Failures.withOperator(e, describe());
        }
    }

    @Override
    public void execute(int partition, BatchSink out) {
        input.execute(partition, new BatchSink() {
            @Override
            public boolean accept(VectorSchemaRoot batch) {
                long start = System.nanoTime();
                VectorSchemaRoot kept;
                try (batch) {
                    kept = Selection.filter(batch, predicate, context.allocator());
                } catch (RuntimeException e) {
                    throw Failures.withOperator(e, describe());
                }
                metrics.addNanos(System.nanoTime() - start);
                if (kept.getRowCount() == 0) {
                    kept.close();
                    return true;
                }
                recordOutput(kept);
                return out.accept(kept);
            }

            @Override
            public void finish() {
                out.finish();
            }
        });
    }
}
