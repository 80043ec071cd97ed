package dev.weft.kernels.rows;

import static java.util.Objects.requireNonNull;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.types.ElementType;
import dev.weft.api.types.Row;
import java.io.Serializable;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Converts the elements of an {@link ElementType} to rows and back: a record to its component values (nested records
 * become {@link Row}s, as the Arrow decoders give structs), a {@link Row} to its values, a scalar to a one-value row.
 * Serializable (class, schema JSON, shape); safe to share between threads.
 */
public final class RowCodec implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Class<?> javaClass;
    private final String schemaJson;
    private final ElementType.Shape shape;
    private transient volatile Schema schema;
    private transient volatile RecordShape record;

    private RowCodec(Class<?> javaClass, String schemaJson, ElementType.Shape shape) {
        this.javaClass = javaClass;
        this.schemaJson = schemaJson;
        this.shape = shape;
    }

    public static RowCodec of(ElementType<?> type) {
        requireNonNull(type, "type is null");
        return new RowCodec(type.javaClass(), SerialForm.schemaJson(type.schema()), type.shape());
    }

    /** A codec of generic rows of the schema. */
    public static RowCodec rows(Schema schema) {
        return of(ElementType.row(requireNonNull(schema, "schema is null")));
    }

    public Schema schema() {
        Schema s = schema;
        if (s == null) {
            s = SerialForm.schema(schemaJson);
            schema = s;
        }
        return s;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public ElementType<?> elementType() {
        return new ElementType(javaClass, schema(), shape);
    }

    public Class<?> javaClass() {
        return javaClass;
    }

    /** The row of an element; throws WRONG_OUTPUT_TYPE if the element is not of this type. */
    public Object[] toRow(Object element) {
        return switch (shape) {
            case SCALAR -> {
                check(element == null || javaClass.isInstance(element), element);
                yield new Object[] {element};
            }
            case ROW -> {
                check(element instanceof Row row && row.size() == schema().getFields().size(), element);
                yield ((Row) element).values();
            }
            case RECORD -> {
                check(javaClass.isInstance(element), element);
                yield recordShape().toValues(element);
            }
        };
    }

    /** The element of a row (the row array is not kept for scalars and records; a Row wraps it). */
    public Object fromRow(Object[] row) {
        return switch (shape) {
            case SCALAR -> row[0];
            case ROW -> Row.wrap(schema(), row);
            case RECORD -> recordShape().toRecord(row);
        };
    }

    private void check(boolean ok, Object element) {
        if (!ok) {
            throw new WeftException(ErrorCode.WRONG_OUTPUT_TYPE, "expected %s but got %s; return elements of the declared type"
                    .formatted(shape == ElementType.Shape.ROW ? "a Row of %d values".formatted(schema().getFields().size()) : javaClass.getName(),
                            element == null ? "null" : element.getClass().getName()));
        }
    }

    private RecordShape recordShape() {
        RecordShape r = record;
        if (r == null) {
            r = new RecordShape(javaClass, schema().getFields());
            record = r;
        }
        return r;
    }

    /** Accessors and canonical constructor of a record class, with the shapes of nested record components. */
    private static final class RecordShape {
        private final Class<?> type;
        private final Method[] accessors;
        private final Constructor<?> constructor;
        private final Object[] nested; // per component: RecordShape (record), ListShape (list of records), or null
        private final Schema schema;

        RecordShape(Class<?> type, List<Field> fields) {
            this.type = type;
            this.schema = new Schema(fields);
            RecordComponent[] components = type.getRecordComponents();
            this.accessors = new Method[components.length];
            this.nested = new Object[components.length];
            Class<?>[] types = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                accessors[i] = components[i].getAccessor();
                accessors[i].setAccessible(true);
                types[i] = components[i].getType();
                Field field = i < fields.size() ? fields.get(i) : null;
                if (types[i].isRecord() && field != null) {
                    nested[i] = new RecordShape(types[i], field.getChildren());
                } else if (List.class.isAssignableFrom(types[i]) && field != null && field.getType() instanceof ArrowType.List
                        && elementClass(components[i].getGenericType()) instanceof Class<?> element && element.isRecord()) {
                    RecordShape elementShape = new RecordShape(element, field.getChildren().get(0).getChildren());
                    nested[i] = new ListShape(elementShape, elementShape.schema);
                }
            }
            try {
                this.constructor = type.getDeclaredConstructor(types);
                constructor.setAccessible(true);
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new WeftException(ErrorCode.UNSUPPORTED_TYPE,
                        "record %s is not accessible to Weft (%s); make it a public static record".formatted(type.getName(), e), e);
            }
        }

        private static Type elementClass(Type generic) {
            return generic instanceof ParameterizedType parameterized ? parameterized.getActualTypeArguments()[0] : null;
        }

        Object[] toValues(Object record) {
            Object[] values = new Object[accessors.length];
            for (int i = 0; i < accessors.length; i++) {
                Object value;
                try {
                    value = accessors[i].invoke(record);
                } catch (InvocationTargetException e) {
                    throw new WeftException(ErrorCode.USER_FUNCTION_FAILED,
                            "accessor %s of %s failed: %s".formatted(accessors[i].getName(), type.getName(), e.getCause()), e.getCause());
                } catch (IllegalAccessException e) {
                    throw new WeftException(ErrorCode.UNSUPPORTED_TYPE, "record %s is not accessible: %s".formatted(type.getName(), e), e);
                }
                if (value != null && nested[i] instanceof RecordShape shape) {
                    value = Row.wrap(shape.schema, shape.toValues(value));
                } else if (value != null && nested[i] instanceof ListShape list) {
                    List<Object> rows = new ArrayList<>();
                    for (Object element : (List<?>) value) {
                        rows.add(element == null ? null : Row.wrap(list.schema(), list.shape().toValues(element)));
                    }
                    value = rows;
                }
                values[i] = value;
            }
            return values;
        }

        Object toRecord(Object[] row) {
            Object[] arguments = new Object[accessors.length];
            for (int i = 0; i < accessors.length; i++) {
                Object value = row[i];
                if (value instanceof Row nestedRow && nested[i] instanceof RecordShape shape) {
                    value = shape.toRecord(nestedRow.values());
                } else if (value instanceof List<?> values && nested[i] instanceof ListShape list) {
                    List<Object> records = new ArrayList<>();
                    for (Object element : values) {
                        records.add(element instanceof Row r ? list.shape().toRecord(r.values()) : element);
                    }
                    value = records;
                }
                arguments[i] = value;
            }
            try {
                return constructor.newInstance(arguments);
            } catch (InvocationTargetException e) {
                throw new WeftException(ErrorCode.USER_FUNCTION_FAILED,
                        "the constructor of %s failed: %s".formatted(type.getName(), e.getCause()), e.getCause());
            } catch (ReflectiveOperationException | IllegalArgumentException e) {
                throw new WeftException(ErrorCode.TYPE_MISMATCH,
                        "cannot build a %s from the row values: %s".formatted(type.getName(), e), e);
            }
        }
    }

    private record ListShape(RecordShape shape, Schema schema) {}
}
