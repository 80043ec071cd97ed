package dev.weft.engine.java.physical;

import dev.weft.api.expr.Expression;
import dev.weft.api.plan.ProjectOperator;
import dev.weft.engine.java.exec.BatchShapes;
import dev.weft.engine.java.exec.BatchSink;
import dev.weft.engine.java.exec.ExecutionContext;
import dev.weft.engine.java.exec.Failures;
import dev.weft.kernels.expr.ExpressionCompiler;
import dev.weft.kernels.expr.Projection;
import dev.weft.kernels.expr.VectorExpression;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;

/** Computes the projected columns with the kernels' Projection (also {@code as(Class)}: a projection with casts). */
public final class ProjectNode extends PhysicalNode {
    private final PhysicalNode input;
    private final List<VectorExpression> expressions;

    public ProjectNode(ExecutionContext context, ProjectOperator operator, PhysicalNode input) {
        super(context, operator, operator.schema(), input.partitionCount(), List.of(input));
        this.input = input;
        List<VectorExpression> compiled = new ArrayList<>();
        try {
            for (Expression expression : operator.expressions()) {
                compiled.add(ExpressionCompiler.compile(expression, input.schema()));
            }
        } catch (RuntimeException e) {
            throw Failures.withOperator(e, describe());
        }
        this.expressions = List.copyOf(compiled);
    }

    @Override
    public void execute(int partition, BatchSink out) {
        input.execute(partition, new BatchSink() {
            @Override
            public boolean accept(VectorSchemaRoot batch) {
                long start = System.nanoTime();
                VectorSchemaRoot projected;
                try (batch) {
                    projected = BatchShapes.conform(Projection.project(batch, expressions, context.allocator()), schema(),
                            context.allocator());
                } catch (RuntimeException e) {
                    throw Failures.withOperator(e, describe());
                }
                metrics.addNanos(System.nanoTime() - start);
                recordOutput(projected);
                return out.accept(projected);
            }

            @Override
            public void finish() {
                out.finish();
            }
        });
    }
}
