package dev.weft.engine.java.physical;

import dev.weft.api.plan.CartesianOperator;
import dev.weft.channels.Batches;
import dev.weft.engine.java.exec.BatchShapes;
import dev.weft.engine.java.exec.BatchSink;
import dev.weft.engine.java.exec.ExecutionContext;
import dev.weft.engine.java.exec.MaterializedPartitions;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Every pair of rows: the right input is materialized (and only read; beyond the buffer budget it is spilled and read
 * back from its file for every left batch), every left partition is streamed against it, left row by left row, in
 * output batches of the target size.
 */
public final class CartesianNode extends PhysicalNode {
    private final PhysicalNode left;
    private final PhysicalNode right;
    private MaterializedPartitions rightData;

    public CartesianNode(ExecutionContext context, CartesianOperator operator, PhysicalNode left, PhysicalNode right) {
        super(context, operator, operator.schema(), left.partitionCount(), List.of(left, right));
        this.left = left;
        this.right = right;
    }

    @Override
    public void prepare() {
        rightData = PhysicalPlans.materialize(right, context);
    }

    @Override
    public void execute(int partition, BatchSink out) {
        left.execute(partition, new BatchSink() {
            @Override
            public boolean accept(VectorSchemaRoot batch) {
                try (batch) {
                    for (int i = 0; i < rightData.partitionCount(); i++) {
                        if (!rightData.visit(i, rightBatch -> pairs(batch, rightBatch, out))) {
                            return false;
                        }
                    }
                }
                return true;
            }

            @Override
            public void finish() {
                out.finish();
            }
        });
    }

    /** Pushes every pair of a left row and a right row of the two batches; false when the downstream stopped. */
    private boolean pairs(VectorSchemaRoot leftBatch, VectorSchemaRoot rightBatch, BatchSink out) {
        long leftRows = leftBatch.getRowCount();
        int rightRows = rightBatch.getRowCount();
        long total = leftRows * rightRows;
        int chunk = context.batchSize();
        for (long first = 0; first < total; first += chunk) {
            context.checkCancelled();
            int count = (int) Math.min(chunk, total - first);
            int[] leftIndices = new int[count];
            int[] rightIndices = new int[count];
            for (int k = 0; k < count; k++) {
                long pair = first + k;
                leftIndices[k] = (int) (pair / rightRows);
                rightIndices[k] = (int) (pair % rightRows);
            }
            VectorSchemaRoot leftPart = Batches.copyRows(leftBatch, leftIndices, count, context.allocator());
            VectorSchemaRoot rightPart;
            try {
                rightPart = Batches.copyRows(rightBatch, rightIndices, count, context.allocator());
            } catch (RuntimeException e) {
                leftPart.close();
                throw e;
            }
            VectorSchemaRoot joined = BatchShapes.concatColumns(leftPart, rightPart, schema(), context.allocator());
            recordOutput(joined);
            if (!out.accept(joined)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        if (rightData != null) {
            rightData.close();
        }
    }
}
