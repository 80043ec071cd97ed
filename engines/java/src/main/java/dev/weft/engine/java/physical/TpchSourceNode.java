package dev.weft.engine.java.physical;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.plan.TpchSource;
import dev.weft.api.types.DataTypes;
import dev.weft.engine.java.exec.BatchSink;
import dev.weft.engine.java.exec.ExecutionContext;
import io.trino.tpch.TpchColumn;
import io.trino.tpch.TpchEntity;
import io.trino.tpch.TpchTable;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * A TPC-H table from the io.trino.tpch generator, one generator part per partition, written straight into the
 * vectors of the {@code TpchTables} schema (no row objects). Nation and region exist in one part only.
 */
public final class TpchSourceNode extends PhysicalNode {
    private static final int BIGINT = 0;
    private static final int INT = 1;
    private static final int DOUBLE = 2;
    private static final int DATE = 3;
    private static final int STRING = 4;
    /** Average bytes of a TPC-H string value, to size text buffers once per batch (comments are ~30 bytes). */
    private static final double STRING_BYTES_GUESS = 24.0;

    private final TpchTable<TpchEntity> table;
    private final double scaleFactor;
    private final boolean singlePart;
    private final TpchColumn<TpchEntity>[] columns;
    private final int[] kinds;

    @SuppressWarnings({"unchecked", "rawtypes"})
    public TpchSourceNode(ExecutionContext context, TpchSource operator) {
        super(context, operator, operator.schema(), partitionsOf(operator, context), List.of());
        this.table = (TpchTable<TpchEntity>) TpchTable.getTable(operator.table().toLowerCase(Locale.ROOT));
        this.scaleFactor = operator.scaleFactor();
        this.singlePart = partitionCount() == 1;
        List<Field> fields = schema().getFields();
        this.columns = new TpchColumn[fields.size()];
        this.kinds = new int[fields.size()];
        for (int i = 0; i < fields.size(); i++) {
            Field field = fields.get(i);
            columns[i] = table.getColumns().stream().filter(c -> c.getColumnName().equals(field.getName())).findFirst()
                    .orElseThrow(() -> new WeftException(ErrorCode.GENERIC_INTERNAL_ERROR,
                            "%s: the TPC-H generator has no column %s in table %s".formatted(describe(), field.getName(), table.getTableName())));
            kinds[i] = kindOf(field.getType());
        }
    }

    private static int partitionsOf(TpchSource operator, ExecutionContext context) {
        String table = operator.table().toLowerCase(Locale.ROOT);
        return table.equals("nation") || table.equals("region") ? 1 : context.parallelism();
    }

    private static int kindOf(ArrowType type) {
        if (type.equals(DataTypes.INT64)) {
            return BIGINT;
        }
        if (type.equals(DataTypes.INT32)) {
            return INT;
        }
        if (type.equals(DataTypes.FLOAT64)) {
            return DOUBLE;
        }
        if (type.equals(DataTypes.DATE)) {
            return DATE;
        }
        return STRING;
    }

    @Override
    public void execute(int partition, BatchSink out) {
        Iterable<TpchEntity> generator = singlePart
                ? table.createGenerator(scaleFactor, 1, 1)
                : table.createGenerator(scaleFactor, partition + 1, partitionCount());
        Iterator<TpchEntity> rows = generator.iterator();
        int batchSize = context.batchSize();
        boolean more = true;
        while (more && rows.hasNext()) {
            context.checkCancelled();
            long start = System.nanoTime();
            VectorSchemaRoot batch = VectorSchemaRoot.create(schema(), context.allocator());
            try {
                List<FieldVector> vectors = batch.getFieldVectors();
                for (FieldVector vector : vectors) {
                    if (vector instanceof VarCharVector text) {
                        text.setInitialCapacity(batchSize, STRING_BYTES_GUESS);
                    } else {
                        vector.setInitialCapacity(batchSize);
                    }
                    vector.allocateNew();
                }
                int count = 0;
                while (count < batchSize && rows.hasNext()) {
                    fill(vectors, count++, rows.next());
                }
                batch.setRowCount(count);
            } catch (RuntimeException e) {
                batch.close();
                throw e;
            }
            metrics.addNanos(System.nanoTime() - start);
            recordOutput(batch);
            more = out.accept(batch);
        }
        out.finish();
    }

    private void fill(List<FieldVector> vectors, int row, TpchEntity entity) {
        for (int c = 0; c < kinds.length; c++) {
            TpchColumn<TpchEntity> column = columns[c];
            FieldVector vector = vectors.get(c);
            switch (kinds[c]) {
                case BIGINT -> ((BigIntVector) vector).setSafe(row, column.getIdentifier(entity));
                case INT -> ((IntVector) vector).setSafe(row, column.getInteger(entity));
                case DOUBLE -> ((Float8Vector) vector).setSafe(row, column.getDouble(entity));
                case DATE -> ((DateDayVector) vector).setSafe(row, column.getDate(entity));
                default -> ((VarCharVector) vector).setSafe(row, column.getString(entity).getBytes(StandardCharsets.UTF_8));
            }
        }
    }
}
