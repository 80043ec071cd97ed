package dev.weft.channels;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.types.Row;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.UInt2Vector;
import org.apache.arrow.vector.types.pojo.Field;

/** Builds the column encoders of records (primitive components written without boxing), Rows and scalars. */
final class ColumnEncoders {
    private ColumnEncoders() {}

    static ColumnEncoder[] forRecord(RecordAccess access, List<Field> fields, List<FieldVector> vectors, String prefix) {
        checkCount(access.componentCount(), fields.size(), access.recordClass().getName());
        ColumnEncoder[] encoders = new ColumnEncoder[fields.size()];
        for (int i = 0; i < encoders.length; i++) {
            RecordComponent component = access.component(i);
            String column = prefix + component.getName();
            Field field = fields.get(i);
            JavaTypes.check(field, component.getGenericType(), column);
            encoders[i] = component.getType().isPrimitive()
                    ? primitive(component.getType(), access.accessor(i), vectors.get(i))
                    : new ObjectComponent(castFunction(access.accessor(i)), ValueWriters.create(field, vectors.get(i), component.getGenericType(), column));
        }
        return encoders;
    }

    static ColumnEncoder[] forRow(List<Field> fields, List<FieldVector> vectors, String prefix) {
        ColumnEncoder[] encoders = new ColumnEncoder[fields.size()];
        for (int i = 0; i < encoders.length; i++) {
            Field field = fields.get(i);
            encoders[i] = new RowField(i, ValueWriters.create(field, vectors.get(i), null, prefix + field.getName()));
        }
        return encoders;
    }

    static ColumnEncoder scalar(Field field, FieldVector vector) {
        return new Scalar(ValueWriters.create(field, vector, null, field.getName()));
    }

    private static void checkCount(int components, int fields, String recordClass) {
        if (components != fields) {
            throw new WeftException(ErrorCode.TYPE_MISMATCH,
                    "record %s has %d components but its schema has %d columns; derive the schema with RecordSchemas.schemaOf"
                            .formatted(recordClass, components, fields));
        }
    }

    @SuppressWarnings("unchecked")
    private static Function<Object, Object> castFunction(Object accessor) {
        return (Function<Object, Object>) accessor;
    }

    @SuppressWarnings("unchecked")
    private static ColumnEncoder primitive(Class<?> type, Object accessor, FieldVector vector) {
        if (type == long.class) {
            return new LongComponent((ToLongFunction<Object>) accessor, (BigIntVector) vector);
        }
        if (type == int.class) {
            return new IntComponent((ToIntFunction<Object>) accessor, (IntVector) vector);
        }
        if (type == short.class) {
            return new ShortComponent((ToIntFunction<Object>) accessor, (SmallIntVector) vector);
        }
        if (type == byte.class) {
            return new ByteComponent((ToIntFunction<Object>) accessor, (TinyIntVector) vector);
        }
        if (type == char.class) {
            return new CharComponent((ToIntFunction<Object>) accessor, (UInt2Vector) vector);
        }
        if (type == double.class) {
            return new DoubleComponent((ToDoubleFunction<Object>) accessor, (Float8Vector) vector);
        }
        if (type == float.class) {
            return new FloatComponent((ToDoubleFunction<Object>) accessor, (Float4Vector) vector);
        }
        return new BooleanComponent((Predicate<Object>) accessor, (BitVector) vector);
    }

    private static final class LongComponent extends ColumnEncoder {
        private final ToLongFunction<Object> accessor;
        private final BigIntVector vector;

        LongComponent(ToLongFunction<Object> accessor, BigIntVector vector) {
            this.accessor = accessor;
            this.vector = vector;
        }

        @Override
        void encode(Object parent, int index) {
            vector.setSafe(index, accessor.applyAsLong(parent));
        }
    }

    private static final class IntComponent extends ColumnEncoder {
        private final ToIntFunction<Object> accessor;
        private final IntVector vector;

        IntComponent(ToIntFunction<Object> accessor, IntVector vector) {
            this.accessor = accessor;
            this.vector = vector;
        }

        @Override
        void encode(Object parent, int index) {
            vector.setSafe(index, accessor.applyAsInt(parent));
        }
    }

    private static final class ShortComponent extends ColumnEncoder {
        private final ToIntFunction<Object> accessor;
        private final SmallIntVector vector;

        ShortComponent(ToIntFunction<Object> accessor, SmallIntVector vector) {
            this.accessor = accessor;
            this.vector = vector;
        }

        @Override
        void encode(Object parent, int index) {
            vector.setSafe(index, (short) accessor.applyAsInt(parent));
        }
    }

    private static final class ByteComponent extends ColumnEncoder {
        private final ToIntFunction<Object> accessor;
        private final TinyIntVector vector;

        ByteComponent(ToIntFunction<Object> accessor, TinyIntVector vector) {
            this.accessor = accessor;
            this.vector = vector;
        }

        @Override
        void encode(Object parent, int index) {
            vector.setSafe(index, (byte) accessor.applyAsInt(parent));
        }
    }

    private static final class CharComponent extends ColumnEncoder {
        private final ToIntFunction<Object> accessor;
        private final UInt2Vector vector;

        CharComponent(ToIntFunction<Object> accessor, UInt2Vector vector) {
            this.accessor = accessor;
            this.vector = vector;
        }

        @Override
        void encode(Object parent, int index) {
            vector.setSafe(index, (char) accessor.applyAsInt(parent));
        }
    }

    private static final class DoubleComponent extends ColumnEncoder {
        private final ToDoubleFunction<Object> accessor;
        private final Float8Vector vector;

        DoubleComponent(ToDoubleFunction<Object> accessor, Float8Vector vector) {
            this.accessor = accessor;
            this.vector = vector;
        }

        @Override
        void encode(Object parent, int index) {
            vector.setSafe(index, accessor.applyAsDouble(parent));
        }
    }

    private static final class FloatComponent extends ColumnEncoder {
        private final ToDoubleFunction<Object> accessor;
        private final Float4Vector vector;

        FloatComponent(ToDoubleFunction<Object> accessor, Float4Vector vector) {
            this.accessor = accessor;
            this.vector = vector;
        }

        @Override
        void encode(Object parent, int index) {
            vector.setSafe(index, (float) accessor.applyAsDouble(parent));
        }
    }

    private static final class BooleanComponent extends ColumnEncoder {
        private final Predicate<Object> accessor;
        private final BitVector vector;

        BooleanComponent(Predicate<Object> accessor, BitVector vector) {
            this.accessor = accessor;
            this.vector = vector;
        }

        @Override
        void encode(Object parent, int index) {
            vector.setSafe(index, accessor.test(parent) ? 1 : 0);
        }
    }

    private static final class ObjectComponent extends ColumnEncoder {
        private final Function<Object, Object> accessor;
        private final ValueWriter writer;

        ObjectComponent(Function<Object, Object> accessor, ValueWriter writer) {
            this.accessor = accessor;
            this.writer = writer;
        }

        @Override
        void encode(Object parent, int index) {
            writer.write(index, accessor.apply(parent));
        }
    }

    private static final class RowField extends ColumnEncoder {
        private final int position;
        private final ValueWriter writer;

        RowField(int position, ValueWriter writer) {
            this.position = position;
            this.writer = writer;
        }

        @Override
        void encode(Object parent, int index) {
            writer.write(index, ((Row) parent).get(position));
        }
    }

    private static final class Scalar extends ColumnEncoder {
        private final ValueWriter writer;

        Scalar(ValueWriter writer) {
            this.writer = writer;
        }

        @Override
        void encode(Object parent, int index) {
            writer.write(index, parent);
        }
    }
}
