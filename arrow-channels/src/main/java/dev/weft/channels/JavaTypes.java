package dev.weft.channels;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.types.DataTypes;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/** Which Java types go with which Arrow types (for record components; Rows and scalars follow {@link dev.weft.api.types.Row}'s table). */
final class JavaTypes {
    private static final Map<Class<?>, ArrowType> TYPES = Map.ofEntries(
            Map.entry(long.class, DataTypes.INT64),
            Map.entry(Long.class, DataTypes.INT64),
            Map.entry(int.class, DataTypes.INT32),
            Map.entry(Integer.class, DataTypes.INT32),
            Map.entry(short.class, DataTypes.INT16),
            Map.entry(Short.class, DataTypes.INT16),
            Map.entry(byte.class, DataTypes.INT8),
            Map.entry(Byte.class, DataTypes.INT8),
            Map.entry(char.class, DataTypes.CHAR),
            Map.entry(Character.class, DataTypes.CHAR),
            Map.entry(double.class, DataTypes.FLOAT64),
            Map.entry(Double.class, DataTypes.FLOAT64),
            Map.entry(float.class, DataTypes.FLOAT32),
            Map.entry(Float.class, DataTypes.FLOAT32),
            Map.entry(boolean.class, DataTypes.BOOLEAN),
            Map.entry(Boolean.class, DataTypes.BOOLEAN),
            Map.entry(String.class, DataTypes.STRING),
            Map.entry(byte[].class, DataTypes.BINARY),
            Map.entry(LocalDate.class, DataTypes.DATE),
            Map.entry(Instant.class, DataTypes.TIMESTAMP),
            Map.entry(BigDecimal.class, DataTypes.DEFAULT_DECIMAL));

    private JavaTypes() {}

    /** Throws if a record component of type {@code javaType} cannot be stored in {@code field}; {@code null} javaType: nothing to check. */
    static void check(Field field, Type javaType, String column) {
        if (javaType == null) {
            return;
        }
        ArrowType actual = field.getType();
        boolean matches;
        if (javaType instanceof Class<?> cls) {
            if (cls.isRecord()) {
                matches = actual instanceof ArrowType.Struct;
            } else if (cls == BigDecimal.class) {
                matches = actual instanceof ArrowType.Decimal;
            } else if (cls == Instant.class) {
                matches = isMicroTimestamp(actual);
            } else {
                matches = actual.equals(TYPES.get(cls));
            }
        } else {
            matches = isList(javaType) && actual instanceof ArrowType.List;
        }
        if (!matches) {
            throw new WeftException(ErrorCode.TYPE_MISMATCH,
                    "record component %s of Java type %s does not match its column type %s; derive the schema with RecordSchemas.schemaOf or fix the column type"
                            .formatted(column, javaType.getTypeName(), DataTypes.describe(actual)));
        }
    }

    static boolean isMicroTimestamp(ArrowType type) {
        return type instanceof ArrowType.Timestamp timestamp && timestamp.getUnit() == TimeUnit.MICROSECOND;
    }

    /** The element type of {@code List<X>}, or null if the Java type is unknown (Row and scalar elements). */
    static Type listElementType(Type listType) {
        if (listType instanceof ParameterizedType parameterized) {
            return parameterized.getActualTypeArguments()[0];
        }
        return null;
    }

    private static boolean isList(Type type) {
        return type instanceof ParameterizedType parameterized && parameterized.getRawType() == List.class;
    }

    static WeftException unsupported(Field field, String column) {
        return new WeftException(ErrorCode.UNSUPPORTED_TYPE,
                ("column %s has type %s, which Weft cannot convert to Java values; supported: boolean, tinyint, smallint, int, bigint, "
                        + "char (uint16), float, double, decimal, string, binary, date (days), timestamp (microseconds), struct and list")
                        .formatted(column, DataTypes.describe(field.getType())));
    }
}
