package dev.weft.kernels.expr;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DateMilliVector;
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
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.util.Text;

/**
 * Builds test batches from Java values (as in {@code Row}: Integer, Long, Double, BigDecimal, String, Boolean,
 * LocalDate, Instant, Character, byte[]; null for NULL) with Arrow's own setters, and reads vectors back the same way.
 */
final class TestBatches {
    private TestBatches() {}

    record Column(String name, ArrowType type, boolean nullable, List<Object> values) {
        Column {
            requireNonNull(name, "name is null");
            values = new ArrayList<>(values);
        }
    }

    static Column column(String name, ArrowType type, Object... values) {
        return new Column(name, type, true, Arrays.asList(values));
    }

    static Column column(String name, ArrowType type, List<?> values) {
        return new Column(name, type, true, new ArrayList<>(values));
    }

    static Column notNullColumn(String name, ArrowType type, Object... values) {
        return new Column(name, type, false, Arrays.asList(values));
    }

    static VectorSchemaRoot batch(BufferAllocator allocator, Column... columns) {
        List<FieldVector> vectors = new ArrayList<>();
        int rowCount = columns.length == 0 ? 0 : columns[0].values().size();
        for (Column column : columns) {
            Field field = new Field(column.name(), new FieldType(column.nullable(), column.type(), null), null);
            FieldVector vector = field.createVector(allocator);
            vector.setInitialCapacity(rowCount);
            vector.allocateNew();
            for (int i = 0; i < column.values().size(); i++) {
                set(vector, i, column.values().get(i));
            }
            vector.setValueCount(column.values().size());
            vectors.add(vector);
        }
        return new VectorSchemaRoot(vectors.stream().map(FieldVector::getField).toList(), vectors, rowCount);
    }

    private static void set(FieldVector vector, int row, Object value) {
        if (value == null) {
            vector.setNull(row);
            return;
        }
        if (vector instanceof TinyIntVector v) {
            v.setSafe(row, ((Number) value).byteValue());
        } else if (vector instanceof SmallIntVector v) {
            v.setSafe(row, ((Number) value).shortValue());
        } else if (vector instanceof UInt2Vector v) {
            v.setSafe(row, (Character) value);
        } else if (vector instanceof IntVector v) {
            v.setSafe(row, ((Number) value).intValue());
        } else if (vector instanceof BigIntVector v) {
            v.setSafe(row, ((Number) value).longValue());
        } else if (vector instanceof Float4Vector v) {
            v.setSafe(row, ((Number) value).floatValue());
        } else if (vector instanceof Float8Vector v) {
            v.setSafe(row, ((Number) value).doubleValue());
        } else if (vector instanceof DecimalVector v) {
            v.setSafe(row, ((BigDecimal) value).setScale(v.getScale()));
        } else if (vector instanceof BitVector v) {
            v.setSafe(row, (Boolean) value ? 1 : 0);
        } else if (vector instanceof VarCharVector v) {
            v.setSafe(row, ((String) value).getBytes(StandardCharsets.UTF_8));
        } else if (vector instanceof VarBinaryVector v) {
            v.setSafe(row, (byte[]) value);
        } else if (vector instanceof DateDayVector v) {
            v.setSafe(row, (int) ((LocalDate) value).toEpochDay());
        } else if (vector instanceof DateMilliVector v) {
            v.setSafe(row, ((LocalDate) value).toEpochDay() * 86_400_000L);
        } else if (vector instanceof TimeStampVector v) {
            Instant instant = (Instant) value;
            TimeUnit unit = ((ArrowType.Timestamp) v.getField().getType()).getUnit();
            long stored = switch (unit) {
                case SECOND -> instant.getEpochSecond();
                case MILLISECOND -> instant.toEpochMilli();
                case MICROSECOND -> instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
                case NANOSECOND -> instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
            };
            v.setSafe(row, stored);
        } else {
            throw new IllegalArgumentException("no test setter for " + vector.getClass().getSimpleName());
        }
    }

    /** The vector's values as Java objects: strings as String, dates as LocalDate, timestamps as Instant. */
    static List<Object> values(FieldVector vector) {
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < vector.getValueCount(); i++) {
            values.add(value(vector, i));
        }
        return values;
    }

    static Object value(FieldVector vector, int row) {
        if (vector.isNull(row)) {
            return null;
        }
        if (vector instanceof DateDayVector v) {
            return LocalDate.ofEpochDay(v.get(row));
        }
        if (vector instanceof DateMilliVector v) {
            return LocalDate.ofEpochDay(Math.floorDiv(v.get(row), 86_400_000L));
        }
        if (vector instanceof TimeStampVector v) {
            long stored = v.get(row);
            TimeUnit unit = ((ArrowType.Timestamp) v.getField().getType()).getUnit();
            return switch (unit) {
                case SECOND -> Instant.ofEpochSecond(stored);
                case MILLISECOND -> Instant.ofEpochMilli(stored);
                case MICROSECOND -> Instant.ofEpochSecond(Math.floorDiv(stored, 1_000_000L), Math.floorMod(stored, 1_000_000L) * 1_000);
                case NANOSECOND -> Instant.ofEpochSecond(0, stored);
            };
        }
        Object value = vector.getObject(row);
        if (value instanceof Text text) {
            return text.toString();
        }
        return value;
    }
}
