package dev.weft.host.codec;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectStreamException;
import java.io.Serial;
import java.io.Serializable;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/** The serializable stand-ins {@link StageCodec} writes for objects that are not Serializable themselves. */
final class CodecTokens {
    private CodecTokens() {}

    /** The token for an object, or the object itself when it travels as it is. */
    static Object replace(Object object) {
        if (object instanceof Schema schema) {
            return new SchemaToken(schema.toJson());
        }
        if (object instanceof Field field) {
            return new FieldToken(new Schema(List.of(field)).toJson());
        }
        if (object instanceof ArrowType type) {
            return new ArrowTypeToken(new Schema(List.of(new Field("t", FieldType.nullable(type), null))).toJson());
        }
        if (object instanceof Optional<?> optional) {
            return new OptionalToken(optional.orElse(null));
        }
        if (object instanceof OptionalLong optional) {
            return new OptionalLongToken(optional.isPresent(), optional.orElse(0L));
        }
        if (object instanceof OptionalDouble optional) {
            return new OptionalDoubleToken(optional.isPresent(), optional.orElse(0.0));
        }
        if (object instanceof OptionalInt optional) {
            return new OptionalIntToken(optional.isPresent(), optional.orElse(0));
        }
        if (object instanceof Path path) {
            return new PathToken(path.toUri().toString());
        }
        if (object instanceof Record record && !(object instanceof Serializable)) {
            return RecordToken.of(record);
        }
        return object;
    }

    /** A token's object; anything else as it is. */
    static Object resolve(Object object) throws IOException {
        if (object instanceof Token token) {
            return token.resolve();
        }
        return object;
    }

    interface Token extends Serializable {
        Object resolve() throws IOException;
    }

    /** A record that is not Serializable: its class and components, rebuilt through the canonical constructor. */
    record RecordToken(Class<?> type, Object[] components) implements Token {
        @Serial
        private static final long serialVersionUID = 1L;

        static RecordToken of(Record record) {
            RecordComponent[] fields = record.getClass().getRecordComponents();
            Object[] values = new Object[fields.length];
            for (int i = 0; i < fields.length; i++) {
                try {
                    var accessor = fields[i].getAccessor();
                    accessor.setAccessible(true);
                    values[i] = accessor.invoke(record);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    throw new WeftException(ErrorCode.INVALID_PLAN, "cannot read component '%s' of record %s to ship it to an engine host: %s"
                            .formatted(fields[i].getName(), record.getClass().getName(), e), e);
                }
            }
            return new RecordToken(record.getClass(), values);
        }

        @Override
        public Object resolve() throws IOException {
            if (!type.isRecord()) {
                throw new InvalidObjectException("%s is not a record: the stage was encoded by another Weft version".formatted(type.getName()));
            }
            RecordComponent[] fields = type.getRecordComponents();
            Class<?>[] types = new Class<?>[fields.length];
            for (int i = 0; i < fields.length; i++) {
                types[i] = fields[i].getType();
            }
            if (fields.length != components.length) {
                throw new InvalidObjectException("record %s has %d components here and %d where it was encoded: the driver and the host run different versions of it"
                        .formatted(type.getName(), fields.length, components.length));
            }
            try {
                Constructor<?> constructor = type.getDeclaredConstructor(types);
                constructor.setAccessible(true);
                return constructor.newInstance(components);
            } catch (InvocationTargetException e) {
                InvalidObjectException error = new InvalidObjectException("rebuilding record %s failed: %s".formatted(type.getName(), e.getCause()));
                error.initCause(e.getCause());
                throw error;
            } catch (ReflectiveOperationException | RuntimeException e) {
                InvalidObjectException error = new InvalidObjectException("cannot rebuild record %s: %s".formatted(type.getName(), e));
                error.initCause(e);
                throw error;
            }
        }
    }

    record SchemaToken(String json) implements Token {
        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        public Object resolve() throws IOException {
            return Schema.fromJSON(json);
        }
    }

    record FieldToken(String json) implements Token {
        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        public Object resolve() throws IOException {
            return Schema.fromJSON(json).getFields().get(0);
        }
    }

    record ArrowTypeToken(String json) implements Token {
        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        public Object resolve() throws IOException {
            return Schema.fromJSON(json).getFields().get(0).getType();
        }
    }

    record OptionalToken(Object value) implements Token {
        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        public Object resolve() {
            return Optional.ofNullable(value);
        }
    }

    record OptionalLongToken(boolean present, long value) implements Token {
        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        public Object resolve() {
            return present ? OptionalLong.of(value) : OptionalLong.empty();
        }
    }

    record OptionalDoubleToken(boolean present, double value) implements Token {
        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        public Object resolve() {
            return present ? OptionalDouble.of(value) : OptionalDouble.empty();
        }
    }

    record OptionalIntToken(boolean present, int value) implements Token {
        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        public Object resolve() {
            return present ? OptionalInt.of(value) : OptionalInt.empty();
        }
    }

    record PathToken(String uri) implements Token {
        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        public Object resolve() throws ObjectStreamException {
            try {
                return Path.of(java.net.URI.create(uri));
            } catch (RuntimeException e) {
                throw new InvalidObjectException("path %s cannot be opened here: %s".formatted(uri, e.getMessage()));
            }
        }
    }
}
