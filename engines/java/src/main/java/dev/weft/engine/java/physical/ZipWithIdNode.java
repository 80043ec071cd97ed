package dev.weft.engine.java.physical;

import dev.weft.api.plan.ZipWithIdOperator;
import dev.weft.engine.java.exec.BatchShapes;
import dev.weft.engine.java.exec.BatchSink;
import dev.weft.engine.java.exec.ExecutionContext;
import dev.weft.engine.java.exec.MaterializedPartitions;
import java.util.List;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Dense ids 0..n-1 in input order: the input is materialized and counted per partition; partition i then numbers
 * its rows from the total of the partitions before it.
 */
public final class ZipWithIdNode extends PhysicalNode {
    private final PhysicalNode input;
    private MaterializedPartitions data;
    private long[] offsets;

    public ZipWithIdNode(ExecutionContext context, ZipWithIdOperator operator, PhysicalNode input) {
        super(context, operator, operator.schema(), input.partitionCount(), List.of(input));
        this.input = input;
    }

    @Override
    public void prepare() {
        data = PhysicalPlans.materialize(input, context);
        offsets = new long[data.partitionCount()];
        long total = 0;
        for (int i = 0; i < offsets.length; i++) {
            offsets[i] = total;
            total += data.rowCount(i);
        }
    }

    @Override
    public void execute(int partition, BatchSink out) {
        Schema schema = schema();
        Field idField = schema.getFields().get(0);
        Schema idSchema = new Schema(List.of(idField));
        long[] next = {offsets[partition]};
        data.read(partition, context, new BatchSink() {
            @Override
            public boolean accept(VectorSchemaRoot batch) {
                int rows = batch.getRowCount();
                BigIntVector ids = (BigIntVector) idField.createVector(context.allocator());
                VectorSchemaRoot idBatch;
                try {
                    ids.allocateNew(rows);
                    for (int i = 0; i < rows; i++) {
                        ids.set(i, next[0] + i);
                    }
                    ids.setValueCount(rows);
                    idBatch = new VectorSchemaRoot(idSchema.getFields(), List.of(ids), rows);
                } catch (RuntimeException e) {
                    ids.close();
                    batch.close();
                    throw e;
                }
                next[0] += rows;
                VectorSchemaRoot result = BatchShapes.concatColumns(idBatch, batch, schema, context.allocator());
                recordOutput(result);
                return out.accept(result);
            }

            @Override
            public void finish() {
                out.finish();
            }
        });
    }

    @Override
    public void close() {
        if (data != null) {
            data.close();
        }
    }
}
