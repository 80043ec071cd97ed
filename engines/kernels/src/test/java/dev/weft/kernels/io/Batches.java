package dev.weft.kernels.io;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.UInt2Vector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.Text;

/** Builds batches from Java values, and collects the rows of the batches a reader emits as Java values, closing each batch. */
final class Batches implements Consumer<VectorSchemaRoot> {
    final List<List<Object>> rows = new ArrayList<>();
    final List<Integer> batchSizes = new ArrayList<>();

    @Override
    public void accept(VectorSchemaRoot batch) {
        try (batch) {
            batchSizes.add(batch.getRowCount());
            for (int row = 0; row < batch.getRowCount(); row++) {
                List<Object> values = new ArrayList<>();
                for (FieldVector vector : batch.getFieldVectors()) {
                    Object value = vector.getObject(row);
                    values.add(value instanceof Text text ? text.toString() : value);
                }
                rows.add(values);
            }
        }
    }

    /** The first column of every row, for one-column batches. */
    List<Object> column() {
        return rows.stream().map(row -> row.get(0)).toList();
    }

    static List<Object> row(Object... values) {
        return Arrays.asList(values);
    }

    /**
     * A batch (caller owns) of the rows, values as {@link #accept} collects them: Boolean, Byte, Short, Integer, Long,
     * Character, Float, Double, BigDecimal, String, byte[], Integer epoch days for dates, Long for timestamps.
     */
    static VectorSchemaRoot create(Schema schema, BufferAllocator allocator, List<List<Object>> rows) {
        VectorSchemaRoot batch = VectorSchemaRoot.create(schema, allocator);
        batch.allocateNew();
        for (int row = 0; row < rows.size(); row++) {
            for (int column = 0; column < schema.getFields().size(); column++) {
                set(batch.getVector(column), row, rows.get(row).get(column));
            }
        }
        batch.setRowCount(rows.size());
        return batch;
    }

    private static void set(FieldVector vector, int row, Object value) {
        if (value == null) {
            vector.setNull(row);
        }
        else if (vector instanceof BitVector bits) {
            bits.setSafe(row, (Boolean) value ? 1 : 0);
        }
        else if (vector instanceof TinyIntVector tiny) {
            tiny.setSafe(row, (Byte) value);
        }
        else if (vector instanceof SmallIntVector small) {
            small.setSafe(row, (Short) value);
        }
        else if (vector instanceof IntVector ints) {
            ints.setSafe(row, (Integer) value);
        }
        else if (vector instanceof BigIntVector longs) {
            longs.setSafe(row, (Long) value);
        }
        else if (vector instanceof UInt2Vector chars) {
            chars.setSafe(row, (Character) value);
        }
        else if (vector instanceof Float4Vector floats) {
            floats.setSafe(row, (Float) value);
        }
        else if (vector instanceof Float8Vector doubles) {
            doubles.setSafe(row, (Double) value);
        }
        else if (vector instanceof DecimalVector decimals) {
            decimals.setSafe(row, (BigDecimal) value);
        }
        else if (vector instanceof VarCharVector strings) {
            strings.setSafe(row, ((String) value).getBytes(StandardCharsets.UTF_8));
        }
        else if (vector instanceof VarBinaryVector binaries) {
            binaries.setSafe(row, (byte[]) value);
        }
        else if (vector instanceof DateDayVector dates) {
            dates.setSafe(row, (Integer) value);
        }
        else if (vector instanceof TimeStampVector timestamps) {
            timestamps.setSafe(row, (Long) value);
        }
        else {
            throw new IllegalArgumentException("no test setter for " + vector.getClass().getSimpleName());
        }
    }
}
