package dev.weft.api.types;

import static java.util.Objects.requireNonNull;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The Java type of a dataset's elements together with its Arrow schema. Three shapes: a Java record (one column
 * per component), {@link Row} (a schema given explicitly), or a scalar (String, Long, ...: one column named
 * {@value #SCALAR_COLUMN}, as Spark's {@code Dataset<String>}).
 */
public record ElementType<T>(Class<T> javaClass, Schema schema, Shape shape) {
    public static final String SCALAR_COLUMN = "value";

    public enum Shape {
        RECORD,
        ROW,
        SCALAR
    }

    private static final Map<Class<?>, ArrowType> SCALARS = Map.ofEntries(
            Map.entry(String.class, DataTypes.STRING),
            Map.entry(Long.class, DataTypes.INT64),
            Map.entry(Integer.class, DataTypes.INT32),
            Map.entry(Short.class, DataTypes.INT16),
            Map.entry(Byte.class, DataTypes.INT8),
            Map.entry(Double.class, DataTypes.FLOAT64),
            Map.entry(Float.class, DataTypes.FLOAT32),
            Map.entry(Boolean.class, DataTypes.BOOLEAN),
            Map.entry(Character.class, DataTypes.CHAR),
            Map.entry(BigDecimal.class, DataTypes.DEFAULT_DECIMAL),
            Map.entry(LocalDate.class, DataTypes.DATE),
            Map.entry(Instant.class, DataTypes.TIMESTAMP),
            Map.entry(byte[].class, DataTypes.BINARY));

    public ElementType {
        requireNonNull(javaClass, "javaClass is null");
        requireNonNull(schema, "schema is null");
        requireNonNull(shape, "shape is null");
    }

    /** The element type of a record class, a scalar class (String, Long, ...), or Row (which needs a schema: use {@link #row}). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static <T> ElementType<T> of(Class<T> javaClass) {
        requireNonNull(javaClass, "javaClass is null");
        if (javaClass.isRecord()) {
            return new ElementType<>(javaClass, RecordSchemas.schemaOf((Class) javaClass), Shape.RECORD);
        }
        ArrowType scalar = SCALARS.get(javaClass);
        if (scalar != null) {
            return new ElementType<>(javaClass, new Schema(java.util.List.of(DataTypes.field(SCALAR_COLUMN, scalar, true))), Shape.SCALAR);
        }
        if (javaClass == Row.class) {
            throw new WeftException(ErrorCode.INVALID_ARGUMENT, "a Row element type needs its schema: use ElementType.row(schema)");
        }
        if (javaClass.isPrimitive()) {
            throw new WeftException(ErrorCode.UNSUPPORTED_TYPE,
                    "element type %s is primitive: use its boxed class (for example Long.class for long)".formatted(javaClass.getName()));
        }
        throw new WeftException(ErrorCode.UNSUPPORTED_TYPE,
                "element type %s is not supported: use a Java record, Row, or one of String, Long, Integer, Short, Byte, Double, Float, Boolean, Character, BigDecimal, LocalDate, Instant, byte[]"
                        .formatted(javaClass.getName()));
    }

    public static ElementType<Row> row(Schema schema) {
        return new ElementType<>(Row.class, schema, Shape.ROW);
    }

    public boolean isScalar() {
        return shape == Shape.SCALAR;
    }

    @Override
    public String toString() {
        return shape == Shape.ROW ? "Row" + RecordSchemas.describe(schema) : javaClass.getSimpleName();
    }
}
