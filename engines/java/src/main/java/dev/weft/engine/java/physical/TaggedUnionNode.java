package dev.weft.engine.java.physical;

import dev.weft.api.types.DataTypes;
import dev.weft.engine.java.exec.BatchShapes;
import dev.weft.engine.java.exec.BatchSink;
import dev.weft.engine.java.exec.ExecutionContext;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The partitions of two inputs with the same columns, each row tagged with the side it came from (a last int
 * column {@value #SIDE}: 0 for the left input, 1 for the right): the input of intersect's aggregation.
 */
final class TaggedUnionNode extends PhysicalNode {
    static final String SIDE = "$side";
    private static final Field SIDE_FIELD = DataTypes.field(SIDE, DataTypes.INT32, false);

    private final PhysicalNode left;
    private final PhysicalNode right;

    TaggedUnionNode(ExecutionContext context, PhysicalNode left, PhysicalNode right) {
        super(context, null, tagged(left.schema()), left.partitionCount() + right.partitionCount(), List.of(left, right));
        this.left = left;
        this.right = right;
    }

    private static Schema tagged(Schema schema) {
        List<Field> fields = new ArrayList<>(schema.getFields());
        fields.add(SIDE_FIELD);
        return new Schema(fields);
    }

    @Override
    public void execute(int partition, BatchSink out) {
        boolean isLeft = partition < left.partitionCount();
        PhysicalNode input = isLeft ? left : right;
        int side = isLeft ? 0 : 1;
        input.execute(isLeft ? partition : partition - left.partitionCount(), new BatchSink() {
            @Override
            public boolean accept(VectorSchemaRoot batch) {
                int rows = batch.getRowCount();
                IntVector tags = (IntVector) SIDE_FIELD.createVector(context.allocator());
                try {
                    tags.allocateNew(rows);
                    for (int i = 0; i < rows; i++) {
                        tags.set(i, side);
                    }
                    tags.setValueCount(rows);
                } catch (RuntimeException e) {
                    tags.close();
                    batch.close();
                    throw e;
                }
                VectorSchemaRoot tagColumn = new VectorSchemaRoot(List.of(SIDE_FIELD), List.of(tags), rows);
                return out.accept(BatchShapes.concatColumns(batch, tagColumn, schema(), context.allocator()));
            }

            @Override
            public void finish() {
                out.finish();
            }
        });
    }
}
