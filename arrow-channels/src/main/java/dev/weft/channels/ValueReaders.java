package dev.weft.channels;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.nio.ByteOrder;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.UInt2Vector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/** Creates the {@link ValueReader} of a column from its expected field: one class per Arrow type, chosen once. */
final class ValueReaders {
    private static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    private ValueReaders() {}

    /** @param javaType the record component's type for records, {@code null} for Row and scalar elements */
    static ValueReader create(Field field, Type javaType, String column) {
        JavaTypes.check(field, javaType, column);
        ArrowType type = field.getType();
        if (type instanceof ArrowType.Bool) {
            return new BooleanReader(column, field);
        }
        if (type instanceof ArrowType.Int integer) {
            if (!integer.getIsSigned()) {
                if (integer.getBitWidth() == 16) {
                    return new CharReader(column, field);
                }
                throw JavaTypes.unsupported(field, column);
            }
            return switch (integer.getBitWidth()) {
                case 8 -> new ByteReader(column, field);
                case 16 -> new ShortReader(column, field);
                case 32 -> new IntReader(column, field);
                default -> new LongReader(column, field);
            };
        }
        if (type instanceof ArrowType.FloatingPoint floating) {
            if (floating.getPrecision() == FloatingPointPrecision.SINGLE) {
                return new FloatReader(column, field);
            }
            if (floating.getPrecision() == FloatingPointPrecision.DOUBLE) {
                return new DoubleReader(column, field);
            }
        }
        if (type instanceof ArrowType.Decimal decimal && decimal.getBitWidth() == 128) {
            return new DecimalReader(column, field);
        }
        if (type instanceof ArrowType.Utf8) {
            return new StringReader(column, field);
        }
        if (type instanceof ArrowType.Binary) {
            return new BinaryReader(column, field);
        }
        if (type instanceof ArrowType.Date date && date.getUnit() == DateUnit.DAY) {
            return new DateReader(column, field);
        }
        if (JavaTypes.isMicroTimestamp(type)) {
            return new TimestampReader(column, field);
        }
        if (type instanceof ArrowType.Struct) {
            FieldsReader children = javaType instanceof Class<?> recordClass && recordClass.isRecord()
                    ? FieldsReader.forRecord(recordClass, field.getChildren(), column + ".")
                    : FieldsReader.forRow(field.getChildren(), column + ".");
            return new StructReader(column, field, children);
        }
        if (type instanceof ArrowType.List) {
            ValueReader elements = create(field.getChildren().get(0), JavaTypes.listElementType(javaType), column + "[]");
            return new ListReader(column, field, elements);
        }
        throw JavaTypes.unsupported(field, column);
    }

    static final class BooleanReader extends ValueReader {
        private BitVector vector;

        BooleanReader(String column, Field field) {
            super(column, field);
        }

        @Override
        void bind(ValueVector vector) {
            if (!(vector instanceof BitVector bits)) {
                throw wrongVector(vector);
            }
            this.vector = bits;
        }

        @Override
        Object read(int index) {
            return vector.isNull(index) ? null : Boolean.valueOf(vector.get(index) != 0);
        }
    }

    static final class ByteReader extends ValueReader {
        private TinyIntVector vector;

        ByteReader(String column, Field field) {
            super(column, field);
        }

        @Override
        void bind(ValueVector vector) {
            if (!(vector instanceof TinyIntVector typed)) {
                throw wrongVector(vector);
            }
            this.vector = typed;
        }

        @Override
        Object read(int index) {
            return vector.isNull(index) ? null : Byte.valueOf(vector.get(index));
        }
    }

    static final class ShortReader extends ValueReader {
        private SmallIntVector vector;

        ShortReader(String column, Field field) {
            super(column, field);
        }

        @Override
        void bind(ValueVector vector) {
            if (!(vector instanceof SmallIntVector typed)) {
                throw wrongVector(vector);
            }
            this.vector = typed;
        }

        @Override
        Object read(int index) {
            return vector.isNull(index) ? null : Short.valueOf(vector.get(index));
        }
    }

    static final class IntReader extends ValueReader {
        private IntVector vector;

        IntReader(String column, Field field) {
            super(column, field);
        }

        @Override
        void bind(ValueVector vector) {
            if (!(vector instanceof IntVector typed)) {
                throw wrongVector(vector);
            }
            this.vector = typed;
        }

        @Override
        Object read(int index) {
            return vector.isNull(index) ? null : Integer.valueOf(vector.get(index));
        }
    }

    static final class LongReader extends ValueReader {
        private BigIntVector vector;

        LongReader(String column, Field field) {
            super(column, field);
        }

        @Override
        void bind(ValueVector vector) {
            if (!(vector instanceof BigIntVector typed)) {
                throw wrongVector(vector);
            }
            this.vector = typed;
        }

        @Override
        Object read(int index) {
            return vector.isNull(index) ? null : Long.valueOf(vector.get(index));
        }
    }

    static final class CharReader extends ValueReader {
        private UInt2Vector vector;

        CharReader(String column, Field field) {
            super(column, field);
        }

        @Override
        void bind(ValueVector vector) {
            if (!(vector instanceof UInt2Vector typed)) {
                throw wrongVector(vector);
            }
            this.vector = typed;
        }

        @Override
        Object read(int index) {
            return vector.isNull(index) ? null : Character.valueOf(vector.get(index));
        }
    }

    static final class FloatReader extends ValueReader {
        private Float4Vector vector;

        FloatReader(String column, Field field) {
            super(column, field);
        }

        @Override
        void bind(ValueVector vector) {
            if (!(vector instanceof Float4Vector typed)) {
                throw wrongVector(vector);
            }
            this.vector = typed;
        }

        @Override
        Object read(int index) {
            return vector.isNull(index) ? null : Float.valueOf(vector.get(index));
        }
    }

    static final class DoubleReader extends ValueReader {
        private Float8Vector vector;

        DoubleReader(String column, Field field) {
            super(column, field);
        }

        @Override
        void bind(ValueVector vector) {
            if (!(vector instanceof Float8Vector typed)) {
                throw wrongVector(vector);
            }
            this.vector = typed;
        }

        @Override
        Object read(int index) {
            return vector.isNull(index) ? null : Double.valueOf(vector.get(index));
        }
    }

    static final class DecimalReader extends ValueReader {
        private DecimalVector vector;
        private ArrowBuf data;
        private int scale;

        DecimalReader(String column, Field field) {
            super(column, field);
        }

        @Override
        void bind(ValueVector vector) {
            if (!(vector instanceof DecimalVector typed)) {
                throw wrongVector(vector);
            }
            this.vector = typed;
            this.data = typed.getDataBuffer();
            this.scale = typed.getScale();
        }

        @Override
        Object read(int index) {
            if (vector.isNull(index)) {
                return null;
            }
            if (LITTLE_ENDIAN) {
                long offset = (long) index * DecimalVector.TYPE_WIDTH;
                long low = data.getLong(offset);
                long high = data.getLong(offset + Long.BYTES);
                if (high == (low >> 63)) {
                    return BigDecimal.valueOf(low, scale);
                }
            }
            return vector.getObject(index);
        }
    }

    static final class StringReader extends ValueReader {
        private VarCharVector vector;
        private ArrowBuf offsets;
        private ArrowBuf data;
        private byte[] scratch = new byte[64];

        StringReader(String column, Field field) {
            super(column, field);
        }

        @Override
        void bind(ValueVector vector) {
            if (!(vector instanceof VarCharVector typed)) {
                throw wrongVector(vector);
            }
            this.vector = typed;
            this.offsets = typed.getOffsetBuffer();
            this.data = typed.getDataBuffer();
        }

        @Override
        Object read(int index) {
            if (vector.isNull(index)) {
                return null;
            }
            long offsetPosition = (long) index * VarCharVector.OFFSET_WIDTH;
            int start = offsets.getInt(offsetPosition);
            int length = offsets.getInt(offsetPosition + VarCharVector.OFFSET_WIDTH) - start;
            if (length > scratch.length) {
                scratch = new byte[Math.max(length, scratch.length * 2)];
            }
            data.getBytes(start, scratch, 0, length);
            return new String(scratch, 0, length, UTF_8);
        }
    }

    static final class BinaryReader extends ValueReader {
        private VarBinaryVector vector;

        BinaryReader(String column, Field field) {
            super(column, field);
        }

        @Override
        void bind(ValueVector vector) {
            if (!(vector instanceof VarBinaryVector typed)) {
                throw wrongVector(vector);
            }
            this.vector = typed;
        }

        @Override
        Object read(int index) {
            return vector.isNull(index) ? null : vector.get(index);
        }
    }

    static final class DateReader extends ValueReader {
        private DateDayVector vector;

        DateReader(String column, Field field) {
            super(column, field);
        }

        @Override
        void bind(ValueVector vector) {
            if (!(vector instanceof DateDayVector typed)) {
                throw wrongVector(vector);
            }
            this.vector = typed;
        }

        @Override
        Object read(int index) {
            return vector.isNull(index) ? null : LocalDate.ofEpochDay(vector.get(index));
        }
    }

    static final class TimestampReader extends ValueReader {
        private TimeStampVector vector;

        TimestampReader(String column, Field field) {
            super(column, field);
        }

        @Override
        void bind(ValueVector vector) {
            if (!(vector instanceof TimeStampVector typed) || !JavaTypes.isMicroTimestamp(typed.getField().getType())) {
                throw wrongVector(vector);
            }
            this.vector = typed;
        }

        @Override
        Object read(int index) {
            if (vector.isNull(index)) {
                return null;
            }
            long micros = vector.get(index);
            return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
        }
    }

    static final class StructReader extends ValueReader {
        private final FieldsReader children;
        private StructVector vector;

        StructReader(String column, Field field, FieldsReader children) {
            super(column, field);
            this.children = children;
        }

        @Override
        void bind(ValueVector vector) {
            if (!(vector instanceof StructVector typed)) {
                throw wrongVector(vector);
            }
            this.vector = typed;
            children.bind(typed.getChildrenFromFields());
        }

        @Override
        Object read(int index) {
            return vector.isNull(index) ? null : children.read(index);
        }
    }

    static final class ListReader extends ValueReader {
        private final ValueReader elements;
        private ListVector vector;
        private ArrowBuf offsets;

        ListReader(String column, Field field, ValueReader elements) {
            super(column, field);
            this.elements = elements;
        }

        @Override
        void bind(ValueVector vector) {
            if (!(vector instanceof ListVector typed)) {
                throw wrongVector(vector);
            }
            this.vector = typed;
            this.offsets = typed.getOffsetBuffer();
            elements.bind(typed.getDataVector());
        }

        @Override
        Object read(int index) {
            if (vector.isNull(index)) {
                return null;
            }
            long offsetPosition = (long) index * ListVector.OFFSET_WIDTH;
            int start = offsets.getInt(offsetPosition);
            int end = offsets.getInt(offsetPosition + ListVector.OFFSET_WIDTH);
            List<Object> values = new ArrayList<>(end - start);
            for (int i = start; i < end; i++) {
                values.add(elements.read(i));
            }
            return values;
        }
    }
}
