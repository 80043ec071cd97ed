package dev.weft.kernels.rows;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.OutputStream;
import java.io.Serializable;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Java serialization of plan fragments (expressions, sort keys, element types) that are not Serializable as they
 * stand: {@code Optional*}, Arrow schemas/fields/types and non-serializable records are written as tokens and rebuilt
 * on reading (records through their canonical constructor). Classes are resolved with the thread's context class
 * loader first (Spark executors and Flink task managers set it to the user code loader).
 */
final class SerialForm {
    private SerialForm() {}

    static byte[] encode(Object value, String what) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new TokenOutput(bytes)) {
            out.writeObject(value);
        } catch (IOException e) {
            throw new WeftException(ErrorCode.INVALID_PLAN,
                    "%s cannot be serialized for a remote engine (%s); use values and functions that are Serializable".formatted(what, e), e);
        }
        return bytes.toByteArray();
    }

    static <T> T decode(byte[] bytes, Class<T> type) {
        try (ObjectInputStream in = new TokenInput(new ByteArrayInputStream(bytes))) {
            return type.cast(in.readObject());
        } catch (IOException | ClassNotFoundException e) {
            throw new WeftException(ErrorCode.GENERIC_INTERNAL_ERROR,
                    "cannot read back a serialized plan fragment (%s); check that the engine's classpath holds the same Weft and user classes".formatted(e), e);
        }
    }

    static String schemaJson(Schema schema) {
        return schema.toJson();
    }

    static Schema schema(String json) {
        try {
            return Schema.fromJSON(json);
        } catch (IOException e) {
            throw new WeftException(ErrorCode.GENERIC_INTERNAL_ERROR, "cannot read back a schema: %s".formatted(e), e);
        }
    }

    private record SchemaToken(String json) implements Serializable {}

    private record FieldToken(String schemaJson) implements Serializable {}

    private record TypeToken(String schemaJson) implements Serializable {}

    private record OptionalToken(Object value, char kind) implements Serializable {}

    private record RecordToken(Class<?> type, Object[] components) implements Serializable {}

    private static final class TokenOutput extends ObjectOutputStream {
        TokenOutput(OutputStream out) throws IOException {
            super(out);
            enableReplaceObject(true);
        }

        @Override
        protected Object replaceObject(Object value) throws IOException {
            if (value instanceof Schema schema) {
                return new SchemaToken(schema.toJson());
            }
            if (value instanceof Field field) {
                return new FieldToken(new Schema(List.of(field)).toJson());
            }
            if (value instanceof ArrowType type) {
                return new TypeToken(new Schema(List.of(new Field("t", FieldType.nullable(type), null))).toJson());
            }
            if (value instanceof Optional<?> optional) {
                return new OptionalToken(optional.orElse(null), 'o');
            }
            if (value instanceof OptionalDouble optional) {
                return new OptionalToken(optional.isPresent() ? optional.getAsDouble() : null, 'd');
            }
            if (value instanceof OptionalLong optional) {
                return new OptionalToken(optional.isPresent() ? optional.getAsLong() : null, 'l');
            }
            if (value instanceof OptionalInt optional) {
                return new OptionalToken(optional.isPresent() ? optional.getAsInt() : null, 'i');
            }
            if (value instanceof List<?> list && !(value instanceof Serializable)) {
                return new java.util.ArrayList<>(list);
            }
            if (value != null && value.getClass().isRecord() && !(value instanceof Serializable)) {
                RecordComponent[] components = value.getClass().getRecordComponents();
                Object[] values = new Object[components.length];
                for (int i = 0; i < components.length; i++) {
                    try {
                        components[i].getAccessor().setAccessible(true);
                        values[i] = components[i].getAccessor().invoke(value);
                    } catch (ReflectiveOperationException | RuntimeException e) {
                        throw new IOException("cannot read %s of %s: %s".formatted(components[i].getName(), value.getClass().getName(), e), e);
                    }
                }
                return new RecordToken(value.getClass(), values);
            }
            return value;
        }
    }

    private static final class TokenInput extends ObjectInputStream {
        TokenInput(InputStream in) throws IOException {
            super(in);
            enableResolveObject(true);
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass description) throws IOException, ClassNotFoundException {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            if (loader != null) {
                try {
                    return Class.forName(description.getName(), false, loader);
                } catch (ClassNotFoundException e) {
                    // fall back to the default resolution below
                }
            }
            return super.resolveClass(description);
        }

        @Override
        protected Object resolveObject(Object value) throws IOException {
            if (value instanceof SchemaToken token) {
                return schema(token.json());
            }
            if (value instanceof FieldToken token) {
                return schema(token.schemaJson()).getFields().get(0);
            }
            if (value instanceof TypeToken token) {
                return schema(token.schemaJson()).getFields().get(0).getType();
            }
            if (value instanceof OptionalToken token) {
                return switch (token.kind()) {
                    case 'd' -> token.value() == null ? OptionalDouble.empty() : OptionalDouble.of((Double) token.value());
                    case 'l' -> token.value() == null ? OptionalLong.empty() : OptionalLong.of((Long) token.value());
                    case 'i' -> token.value() == null ? OptionalInt.empty() : OptionalInt.of((Integer) token.value());
                    default -> Optional.ofNullable(token.value());
                };
            }
            if (value instanceof RecordToken token) {
                RecordComponent[] components = token.type().getRecordComponents();
                Class<?>[] types = new Class<?>[components.length];
                for (int i = 0; i < components.length; i++) {
                    types[i] = components[i].getType();
                }
                try {
                    Constructor<?> constructor = token.type().getDeclaredConstructor(types);
                    constructor.setAccessible(true);
                    return constructor.newInstance(token.components());
                } catch (ReflectiveOperationException | RuntimeException e) {
                    throw new IOException("cannot rebuild %s: %s".formatted(token.type().getName(), e), e);
                }
            }
            return value;
        }
    }
}
