package dev.weft.kernels.io;

import static java.util.Objects.requireNonNull;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.plan.TpchTables;
import dev.weft.api.types.DataTypes;
import io.trino.tpch.TpchColumn;
import io.trino.tpch.TpchEntity;
import io.trino.tpch.TpchTable;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Batches of a TPC-H table from the io.trino.tpch generator, written straight into the vectors of the
 * {@link TpchTables} schema (no row objects). A table is generated in {@code parts} parts (0-based {@code part});
 * nation and region exist in one part only (see {@link #partsOf}).
 */
public final class TpchBatches {
    private static final int BIGINT = 0;
    private static final int INT = 1;
    private static final int DOUBLE = 2;
    private static final int DATE = 3;
    private static final int STRING = 4;
    /** Average bytes of a TPC-H string value, to size text buffers once per batch (comments are ~30 bytes). */
    private static final double STRING_BYTES_GUESS = 24.0;

    private TpchBatches() {}

    /** How many parts a table is generated in for the given parallelism: 1 for nation and region. */
    public static int partsOf(String table, int parallelism) {
        String name = table.toLowerCase(Locale.ROOT);
        return name.equals("nation") || name.equals("region") ? 1 : Math.max(1, parallelism);
    }

    /** The batches of one part with the table's {@link TpchTables} schema. */
    public static Iterator<VectorSchemaRoot> batches(String table, double scaleFactor, int part, int parts, int batchSize,
                                                     BufferAllocator allocator) {
        return batches(table, scaleFactor, part, parts, TpchTables.schema(table.toLowerCase(Locale.ROOT)), batchSize, allocator);
    }

    /**
     * The batches of part {@code part} (0-based) of {@code parts}, lazily generated: each {@code next()} builds a new
     * batch (caller owns it) of at most {@code batchSize} rows with the columns of {@code schema}, matched by name.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static Iterator<VectorSchemaRoot> batches(String table, double scaleFactor, int part, int parts, Schema schema,
                                                     int batchSize, BufferAllocator allocator) {
        requireNonNull(table, "table is null");
        requireNonNull(schema, "schema is null");
        requireNonNull(allocator, "allocator is null");
        if (parts < 1 || part < 0 || part >= parts) {
            throw new IllegalArgumentException("part %d of %d is out of range".formatted(part, parts));
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be positive, got %d".formatted(batchSize));
        }
        TpchTable<TpchEntity> tpchTable;
        try {
            tpchTable = (TpchTable<TpchEntity>) TpchTable.getTable(table.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new WeftException(ErrorCode.GENERIC_INTERNAL_ERROR,
                    "the TPC-H generator has no table %s; use one of %s".formatted(table, TpchTables.names()));
        }
        List<Field> fields = schema.getFields();
        TpchColumn<TpchEntity>[] columns = new TpchColumn[fields.size()];
        int[] kinds = new int[fields.size()];
        for (int i = 0; i < fields.size(); i++) {
            Field field = fields.get(i);
            columns[i] = tpchTable.getColumns().stream().filter(c -> c.getColumnName().equals(field.getName())).findFirst()
                    .orElseThrow(() -> new WeftException(ErrorCode.GENERIC_INTERNAL_ERROR,
                            "the TPC-H generator has no column %s in table %s".formatted(field.getName(), tpchTable.getTableName())));
            kinds[i] = kindOf(field.getType());
        }
        Iterator<TpchEntity> rows = tpchTable.createGenerator(scaleFactor, part + 1, parts).iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public VectorSchemaRoot next() {
                if (!rows.hasNext()) {
                    throw new NoSuchElementException();
                }
                VectorSchemaRoot batch = VectorSchemaRoot.create(schema, allocator);
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
                        fill(vectors, columns, kinds, count++, rows.next());
                    }
                    batch.setRowCount(count);
                    return batch;
                } catch (RuntimeException e) {
                    batch.close();
                    throw e;
                }
            }
        };
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

    private static void fill(List<FieldVector> vectors, TpchColumn<TpchEntity>[] columns, int[] kinds, int row, TpchEntity entity) {
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
