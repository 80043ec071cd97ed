package dev.weft.kernels.ops;

import dev.weft.api.types.DataTypes;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Builds Arrow batches from Java rows and reads them back as Java rows. Values: Byte/Short/Integer/Long, Float/Double,
 * BigDecimal, String, byte[] (read back as a List of Byte for equality), Boolean, LocalDate, Instant, null.
 */
final class TestData {
    private TestData() {}

    static Field field(String name, ArrowType type) {
        return DataTypes.field(name, type, true);
    }

    static Schema schema(Field... fields) {
        return new Schema(Arrays.asList(fields));
    }

    static List<Object> row(Object... values) {
        return Arrays.asList(values);
    }

    static VectorSchemaRoot batch(BufferAllocator allocator, Schema schema, List<List<Object>> rows) {
        VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
        root.allocateNew();
        for (int r = 0; r < rows.size(); r++) {
            for (int c = 0; c < schema.getFields().size(); c++) {
                set(root.getVector(c), r, rows.get(r).get(c));
            }
        }
        root.setRowCount(rows.size());
        return root;
    }

    static VectorSchemaRoot batch(BufferAllocator allocator, Schema schema, Object[]... rows) {
        List<List<Object>> list = new ArrayList<>();
        for (Object[] row : rows) {
            list.add(Arrays.asList(row));
        }
        return batch(allocator, schema, list);
    }

    private static void set(FieldVector vector, int index, Object value) {
        if (value == null) {
            vector.setNull(index);
            return;
        }
        if (vector instanceof TinyIntVector v) {
            v.setSafe(index, ((Number) value).byteValue());
        } else if (vector instanceof SmallIntVector v) {
            v.setSafe(index, ((Number) value).shortValue());
        } else if (vector instanceof IntVector v) {
            v.setSafe(index, ((Number) value).intValue());
        } else if (vector instanceof BigIntVector v) {
            v.setSafe(index, ((Number) value).longValue());
        } else if (vector instanceof Float4Vector v) {
            v.setSafe(index, ((Number) value).floatValue());
        } else if (vector instanceof Float8Vector v) {
            v.setSafe(index, ((Number) value).doubleValue());
        } else if (vector instanceof DecimalVector v) {
            v.setSafe(index, ((BigDecimal) value).setScale(v.getScale()));
        } else if (vector instanceof VarCharVector v) {
            v.setSafe(index, ((String) value).getBytes(StandardCharsets.UTF_8));
        } else if (vector instanceof VarBinaryVector v) {
            v.setSafe(index, (byte[]) value);
        } else if (vector instanceof BitVector v) {
            v.setSafe(index, (Boolean) value ? 1 : 0);
        } else if (vector instanceof DateDayVector v) {
            v.setSafe(index, (int) ((LocalDate) value).toEpochDay());
        } else if (vector instanceof TimeStampMicroTZVector v) {
            v.setSafe(index, ChronoUnit.MICROS.between(Instant.EPOCH, (Instant) value));
        } else {
            throw new IllegalArgumentException("unsupported test vector " + vector.getClass());
        }
    }

    static Object get(FieldVector vector, int index) {
        if (vector.isNull(index)) {
            return null;
        }
        if (vector instanceof VarCharVector v) {
            return new String(v.get(index), StandardCharsets.UTF_8);
        }
        if (vector instanceof VarBinaryVector v) {
            List<Byte> bytes = new ArrayList<>();
            for (byte b : v.get(index)) {
                bytes.add(b);
            }
            return bytes;
        }
        if (vector instanceof DateDayVector v) {
            return LocalDate.ofEpochDay(v.get(index));
        }
        if (vector instanceof TimeStampMicroTZVector v) {
            return Instant.EPOCH.plus(v.get(index), ChronoUnit.MICROS);
        }
        if (vector instanceof BitVector v) {
            return v.get(index) != 0;
        }
        return vector.getObject(index);
    }

    static List<List<Object>> rows(VectorSchemaRoot root) {
        List<List<Object>> rows = new ArrayList<>();
        for (int r = 0; r < root.getRowCount(); r++) {
            List<Object> row = new ArrayList<>();
            for (FieldVector vector : root.getFieldVectors()) {
                row.add(get(vector, r));
            }
            rows.add(row);
        }
        return rows;
    }

    /** The rows with byte[] values as List of Byte (how {@link #get} reads binaries back). */
    static List<List<Object>> bytesAsLists(List<List<Object>> rows) {
        List<List<Object>> converted = new ArrayList<>();
        for (List<Object> row : rows) {
            List<Object> copy = new ArrayList<>();
            for (Object value : row) {
                if (value instanceof byte[] bytes) {
                    List<Byte> list = new ArrayList<>();
                    for (byte b : bytes) {
                        list.add(b);
                    }
                    copy.add(list);
                } else {
                    copy.add(value);
                }
            }
            converted.add(copy);
        }
        return converted;
    }

    /** Rows as a multiset (row -> count): compares large results in linear time, in any order. */
    static Map<List<Object>, Long> multiset(List<List<Object>> rows) {
        Map<List<Object>, Long> counts = new HashMap<>();
        for (List<Object> row : rows) {
            counts.merge(row, 1L, Long::sum);
        }
        return counts;
    }

    /** Collects output batches as rows, closing each batch, and counts batches and their largest size. */
    static final class Collector implements Consumer<VectorSchemaRoot> {
        final List<List<Object>> rows = new ArrayList<>();
        int batches;
        int largestBatch;
        Schema schema;

        @Override
        public void accept(VectorSchemaRoot batch) {
            try (batch) {
                batches++;
                largestBatch = Math.max(largestBatch, batch.getRowCount());
                schema = batch.getSchema();
                rows.addAll(rows(batch));
            }
        }
    }
}
