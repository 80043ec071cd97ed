package dev.weft.api.types;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Derives Arrow schemas from Java records: one field per component, in declaration order. Primitive components
 * are non-nullable, every other component nullable. Nested records become structs, {@code List<X>} lists.
 */
public final class RecordSchemas {
    private static final Map<Class<?>, Schema> CACHE = new ConcurrentHashMap<>();

    private RecordSchemas() {}

    public static Schema schemaOf(Class<? extends Record> recordClass) {
        return CACHE.computeIfAbsent(recordClass, type -> new Schema(fieldsOf(type, type.getName())));
    }

    private static List<Field> fieldsOf(Class<?> recordClass, String path) {
        if (recordClass.isMemberClass() && !java.lang.reflect.Modifier.isStatic(recordClass.getModifiers())) {
            throw unsupported(path, recordClass, "is an inner class");
        }
        List<Field> fields = new ArrayList<>();
        for (RecordComponent component : recordClass.getRecordComponents()) {
            fields.add(fieldOf(component.getName(), component.getGenericType(), component.getAnnotation(DecimalType.class),
                    path + "." + component.getName()));
        }
        return fields;
    }

    private static Field fieldOf(String name, Type type, DecimalType decimal, String path) {
        if (type instanceof Class<?> cls) {
            if (cls.isPrimitive()) {
                return new Field(name, FieldType.notNullable(primitiveType(cls, path)), null);
            }
            if (cls == BigDecimal.class) {
                ArrowType decimalType = decimal == null ? DataTypes.DEFAULT_DECIMAL : DataTypes.decimal(decimal.precision(), decimal.scale());
                return new Field(name, FieldType.nullable(decimalType), null);
            }
            ArrowType scalar = scalarType(cls);
            if (scalar != null) {
                return new Field(name, FieldType.nullable(scalar), null);
            }
            if (cls.isRecord()) {
                return new Field(name, FieldType.nullable(DataTypes.STRUCT), fieldsOf(cls, path));
            }
            if (cls == List.class) {
                throw unsupported(path, type, "is a raw List: declare its element type, for example List<String>");
            }
            throw unsupported(path, type, "is not a supported component type");
        }
        if (type instanceof ParameterizedType parameterized && parameterized.getRawType() == List.class) {
            Type element = parameterized.getActualTypeArguments()[0];
            if (element instanceof WildcardType) {
                throw unsupported(path, type, "has a wildcard element type: declare a concrete one");
            }
            Field child = fieldOf("element", element, decimal, path + "[]");
            return new Field(name, FieldType.nullable(DataTypes.LIST), List.of(child));
        }
        throw unsupported(path, type, "is not a supported component type");
    }

    private static ArrowType primitiveType(Class<?> cls, String path) {
        if (cls == long.class) {
            return DataTypes.INT64;
        }
        if (cls == int.class) {
            return DataTypes.INT32;
        }
        if (cls == short.class) {
            return DataTypes.INT16;
        }
        if (cls == byte.class) {
            return DataTypes.INT8;
        }
        if (cls == double.class) {
            return DataTypes.FLOAT64;
        }
        if (cls == float.class) {
            return DataTypes.FLOAT32;
        }
        if (cls == boolean.class) {
            return DataTypes.BOOLEAN;
        }
        if (cls == char.class) {
            return DataTypes.CHAR;
        }
        throw unsupported(path, cls, "is not a supported primitive");
    }

    private static ArrowType scalarType(Class<?> cls) {
        if (cls == Long.class) {
            return DataTypes.INT64;
        }
        if (cls == Integer.class) {
            return DataTypes.INT32;
        }
        if (cls == Short.class) {
            return DataTypes.INT16;
        }
        if (cls == Byte.class) {
            return DataTypes.INT8;
        }
        if (cls == Double.class) {
            return DataTypes.FLOAT64;
        }
        if (cls == Float.class) {
            return DataTypes.FLOAT32;
        }
        if (cls == Boolean.class) {
            return DataTypes.BOOLEAN;
        }
        if (cls == Character.class) {
            return DataTypes.CHAR;
        }
        if (cls == String.class) {
            return DataTypes.STRING;
        }
        if (cls == byte[].class) {
            return DataTypes.BINARY;
        }
        if (cls == LocalDate.class) {
            return DataTypes.DATE;
        }
        if (cls == Instant.class) {
            return DataTypes.TIMESTAMP;
        }
        return null;
    }

    private static WeftException unsupported(String path, Type type, String reason) {
        return new WeftException(ErrorCode.UNSUPPORTED_TYPE,
                ("record component %s of type %s %s; supported: primitives and their boxes, String, BigDecimal, LocalDate, "
                        + "Instant, byte[], nested records and List<supported type>").formatted(path, type.getTypeName(), reason));
    }

    /** A compact "(name type, ...)" rendering for messages and explain output. */
    public static String describe(Schema schema) {
        return schema.getFields().stream()
                .map(f -> f.getName() + " " + DataTypes.describe(f.getType()))
                .collect(Collectors.joining(", ", "(", ")"));
    }
}
