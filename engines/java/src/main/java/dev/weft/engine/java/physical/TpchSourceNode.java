package dev.weft.engine.java.physical;

import dev.weft.api.plan.TpchSource;
import dev.weft.engine.java.exec.BatchSink;
import dev.weft.engine.java.exec.ExecutionContext;
import dev.weft.engine.java.exec.Failures;
import dev.weft.kernels.io.TpchBatches;
import java.util.Iterator;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A TPC-H table from the io.trino.tpch generator ({@link TpchBatches}), one generator part per partition, written
 * straight into the vectors of the {@code TpchTables} schema (no row objects). Nation and region exist in one part only.
 */
public final class TpchSourceNode extends PhysicalNode {
    private final TpchSource source;

    public TpchSourceNode(ExecutionContext context, TpchSource operator) {
        super(context, operator, operator.schema(), TpchBatches.partsOf(operator.table(), context.parallelism()), List.of());
        this.source = operator;
        // Fails early (at planning) on an unknown table or column; the generator is lazy, so this costs nothing.
        try {
            TpchBatches.batches(source.table(), source.scaleFactor(), 0, partitionCount(), schema(), 1, context.allocator());
        } catch (RuntimeException e) {
            throw Failures.withOperator(e, describe());
        }
    }

    @Override
    public void execute(int partition, BatchSink out) {
        Iterator<VectorSchemaRoot> batches = TpchBatches.batches(source.table(), source.scaleFactor(), partition,
                partitionCount(), schema(), context.batchSize(), context.allocator());
        boolean more = true;
        while (more && batches.hasNext()) {
            context.checkCancelled();
            long start = System.nanoTime();
            VectorSchemaRoot batch = batches.next();
            metrics.addNanos(System.nanoTime() - start);
            recordOutput(batch);
            more = out.accept(batch);
        }
        out.finish();
    }
}
