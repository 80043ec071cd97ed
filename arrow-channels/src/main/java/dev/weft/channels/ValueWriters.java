package dev.weft.channels;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.types.DataTypes;
import dev.weft.api.types.Row;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.RandomAccess;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
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
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.pojo.Field;

/** Creates the {@link ValueWriter} of a vector: one class per Arrow type, chosen once, never per value. */
final class ValueWriters {
    private ValueWriters() {}

    /**
     * @param javaType the record component's type for records ({@code null} for Row and scalar elements: structs
     *                 are then Row and lists java.util.List)
     */
    static ValueWriter create(Field field, FieldVector vector, Type javaType, String column) {
        JavaTypes.check(field, javaType, column);
        if (vector instanceof BitVector bits) {
            return new BooleanWriter(column, field, bits);
        }
        if (vector instanceof TinyIntVector tinyInts) {
            return new ByteWriter(column, field, tinyInts);
        }
        if (vector instanceof SmallIntVector smallInts) {
            return new ShortWriter(column, field, smallInts);
        }
        if (vector instanceof IntVector ints) {
            return new IntWriter(column, field, ints);
        }
        if (vector instanceof BigIntVector longs) {
            return new LongWriter(column, field, longs);
        }
        if (vector instanceof UInt2Vector chars) {
            return new CharWriter(column, field, chars);
        }
        if (vector instanceof Float4Vector floats) {
            return new FloatWriter(column, field, floats);
        }
        if (vector instanceof Float8Vector doubles) {
            return new DoubleWriter(column, field, doubles);
        }
        if (vector instanceof DecimalVector decimals) {
            return new DecimalWriter(column, field, decimals);
        }
        if (vector instanceof VarCharVector strings) {
            return new StringWriter(column, field, strings);
        }
        if (vector instanceof VarBinaryVector bytes) {
            return new BinaryWriter(column, field, bytes);
        }
        if (vector instanceof DateDayVector dates) {
            return new DateWriter(column, field, dates);
        }
        if (vector instanceof TimeStampVector timestamps && JavaTypes.isMicroTimestamp(field.getType())) {
            return new TimestampWriter(column, field, timestamps);
        }
        if (vector instanceof StructVector struct) {
            return structWriter(field, struct, javaType, column);
        }
        if (vector instanceof ListVector list) {
            Field elementField = field.getChildren().get(0);
            ValueWriter elementWriter = create(elementField, list.getDataVector(), JavaTypes.listElementType(javaType), column + "[]");
            return new ListWriter(column, field, list, elementWriter);
        }
        throw JavaTypes.unsupported(field, column);
    }

    private static ValueWriter structWriter(Field field, StructVector struct, Type javaType, String column) {
        List<Field> childFields = field.getChildren();
        List<FieldVector> childVectors = struct.getChildrenFromFields();
        if (javaType instanceof Class<?> recordClass && recordClass.isRecord()) {
            ColumnEncoder[] children = ColumnEncoders.forRecord(RecordAccess.of(recordClass), childFields, childVectors, column + ".");
            return new StructWriter(column, field, struct, children, recordClass);
        }
        ColumnEncoder[] children = ColumnEncoders.forRow(childFields, childVectors, column + ".");
        return new StructWriter(column, field, struct, children, null);
    }

    static long integral(ValueWriter writer, Object value, long min, long max) {
        long result;
        if (value instanceof Long l) {
            result = l;
        } else if (value instanceof Integer i) {
            result = i;
        } else if (value instanceof Short s) {
            result = s;
        } else if (value instanceof Byte b) {
            result = b;
        } else {
            throw writer.mismatch(value, "an integer (Long, Integer, Short or Byte)");
        }
        if (result < min || result > max) {
            throw writer.mismatch(value, "an integer in %d..%d".formatted(min, max));
        }
        return result;
    }

    static final class BooleanWriter extends ValueWriter {
        private final BitVector vector;

        BooleanWriter(String column, Field field, BitVector vector) {
            super(column, field);
            this.vector = vector;
        }

        @Override
        void writeNull(int index) {
            vector.setNull(index);
        }

        @Override
        void writeValue(int index, Object value) {
            if (!(value instanceof Boolean b)) {
                throw mismatch(value, "a Boolean");
            }
            vector.setSafe(index, b ? 1 : 0);
        }
    }

    static final class ByteWriter extends ValueWriter {
        private final TinyIntVector vector;

        ByteWriter(String column, Field field, TinyIntVector vector) {
            super(column, field);
            this.vector = vector;
        }

        @Override
        void writeNull(int index) {
            vector.setNull(index);
        }

        @Override
        void writeValue(int index, Object value) {
            vector.setSafe(index, value instanceof Byte b ? b : (byte) integral(this, value, Byte.MIN_VALUE, Byte.MAX_VALUE));
        }
    }

    static final class ShortWriter extends ValueWriter {
        private final SmallIntVector vector;

        ShortWriter(String column, Field field, SmallIntVector vector) {
            super(column, field);
            this.vector = vector;
        }

        @Override
        void writeNull(int index) {
            vector.setNull(index);
        }

        @Override
        void writeValue(int index, Object value) {
            vector.setSafe(index, value instanceof Short s ? s : (short) integral(this, value, Short.MIN_VALUE, Short.MAX_VALUE));
        }
    }

    static final class IntWriter extends ValueWriter {
        private final IntVector vector;

        IntWriter(String column, Field field, IntVector vector) {
            super(column, field);
            this.vector = vector;
        }

        @Override
        void writeNull(int index) {
            vector.setNull(index);
        }

        @Override
        void writeValue(int index, Object value) {
            vector.setSafe(index, value instanceof Integer i ? i : (int) integral(this, value, Integer.MIN_VALUE, Integer.MAX_VALUE));
        }
    }

    static final class LongWriter extends ValueWriter {
        private final BigIntVector vector;

        LongWriter(String column, Field field, BigIntVector vector) {
            super(column, field);
            this.vector = vector;
        }

        @Override
        void writeNull(int index) {
            vector.setNull(index);
        }

        @Override
        void writeValue(int index, Object value) {
            vector.setSafe(index, value instanceof Long l ? l : integral(this, value, Long.MIN_VALUE, Long.MAX_VALUE));
        }
    }

    static final class CharWriter extends ValueWriter {
        private final UInt2Vector vector;

        CharWriter(String column, Field field, UInt2Vector vector) {
            super(column, field);
            this.vector = vector;
        }

        @Override
        void writeNull(int index) {
            vector.setNull(index);
        }

        @Override
        void writeValue(int index, Object value) {
            if (!(value instanceof Character c)) {
                throw mismatch(value, "a Character");
            }
            vector.setSafe(index, c.charValue());
        }
    }

    static final class FloatWriter extends ValueWriter {
        private final Float4Vector vector;

        FloatWriter(String column, Field field, Float4Vector vector) {
            super(column, field);
            this.vector = vector;
        }

        @Override
        void writeNull(int index) {
            vector.setNull(index);
        }

        @Override
        void writeValue(int index, Object value) {
            if (value instanceof Float f) {
                vector.setSafe(index, f);
                return;
            }
            if (!(value instanceof Double || value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte)) {
                throw mismatch(value, "a Float");
            }
            Number number = (Number) value;
            float single = number.floatValue();
            if ((double) single != number.doubleValue() && !Double.isNaN(number.doubleValue())) {
                throw mismatch(value, "a Float (this value is not exactly representable as float)");
            }
            vector.setSafe(index, single);
        }
    }

    static final class DoubleWriter extends ValueWriter {
        private final Float8Vector vector;

        DoubleWriter(String column, Field field, Float8Vector vector) {
            super(column, field);
            this.vector = vector;
        }

        @Override
        void writeNull(int index) {
            vector.setNull(index);
        }

        @Override
        void writeValue(int index, Object value) {
            if (value instanceof Double d) {
                vector.setSafe(index, d);
                return;
            }
            if (!(value instanceof Float || value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte)) {
                throw mismatch(value, "a Double");
            }
            vector.setSafe(index, ((Number) value).doubleValue());
        }
    }

    static final class DecimalWriter extends ValueWriter {
        /** 10^0 .. 10^18: a long of fewer than 19 digits is below 10^precision. */
        private static final long[] LONG_POWERS_OF_TEN = {
            1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L, 100_000_000L, 1_000_000_000L, 10_000_000_000L,
            100_000_000_000L, 1_000_000_000_000L, 10_000_000_000_000L, 100_000_000_000_000L, 1_000_000_000_000_000L,
            10_000_000_000_000_000L, 100_000_000_000_000_000L, 1_000_000_000_000_000_000L};

        private final DecimalVector vector;
        private final int precision;
        private final int scale;

        DecimalWriter(String column, Field field, DecimalVector vector) {
            super(column, field);
            this.vector = vector;
            this.precision = vector.getPrecision();
            this.scale = vector.getScale();
        }

        @Override
        void writeNull(int index) {
            vector.setNull(index);
        }

        @Override
        void writeValue(int index, Object value) {
            BigDecimal decimal;
            if (value instanceof BigDecimal d) {
                decimal = d;
            } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
                decimal = BigDecimal.valueOf(((Number) value).longValue());
            } else {
                throw mismatch(value, "a BigDecimal");
            }
            BigDecimal fitted = rescale(decimal);
            BigInteger unscaled = fitted.unscaledValue();
            if (unscaled.bitLength() < Long.SIZE) {
                long small = unscaled.longValue();
                if (precision < LONG_POWERS_OF_TEN.length && (small <= -LONG_POWERS_OF_TEN[precision] || small >= LONG_POWERS_OF_TEN[precision])) {
                    throw doesNotFit(decimal);
                }
                vector.setSafe(index, small);
            } else {
                if (fitted.precision() > precision) {
                    throw doesNotFit(decimal);
                }
                vector.setSafe(index, fitted);
            }
        }

        /** The value at the column's scale; throws if that loses digits. */
        private BigDecimal rescale(BigDecimal value) {
            int valueScale = value.scale();
            if (valueScale == scale) {
                return value;
            }
            if (valueScale < scale) {
                return value.setScale(scale, RoundingMode.UNNECESSARY);
            }
            BigDecimal rescaled = value.setScale(scale, RoundingMode.HALF_UP);
            if (rescaled.compareTo(value) != 0) {
                throw doesNotFit(value);
            }
            return rescaled;
        }

        private WeftException doesNotFit(BigDecimal value) {
            BigDecimal stripped = value.stripTrailingZeros();
            int integerDigits = Math.max(precision - scale, stripped.precision() - stripped.scale());
            int neededScale = Math.max(scale, stripped.scale());
            int maximum = DataTypes.MAX_DECIMAL_PRECISION;
            String advice;
            if (integerDigits > maximum) {
                advice = "no decimal column holds more than %d integer digits: use a double or a string column".formatted(maximum);
            } else {
                int suggestedScale = Math.min(neededScale, maximum - integerDigits);
                advice = "declare the column with a wider type, for example @DecimalType(precision = %d, scale = %d) on the record component, or round the value first"
                        .formatted(integerDigits + suggestedScale, suggestedScale);
            }
            return new WeftException(ErrorCode.TYPE_MISMATCH, "value %s of column %s does not fit decimal(%d,%d) without losing digits; %s"
                    .formatted(value.toPlainString(), column, precision, scale, advice));
        }
    }

    static final class StringWriter extends ValueWriter {
        private final VarCharVector vector;

        StringWriter(String column, Field field, VarCharVector vector) {
            super(column, field);
            this.vector = vector;
        }

        @Override
        void writeNull(int index) {
            vector.setNull(index);
        }

        @Override
        void writeValue(int index, Object value) {
            if (!(value instanceof String s)) {
                throw mismatch(value, "a String");
            }
            byte[] bytes = s.getBytes(UTF_8);
            vector.setSafe(index, bytes, 0, bytes.length);
        }
    }

    static final class BinaryWriter extends ValueWriter {
        private final VarBinaryVector vector;

        BinaryWriter(String column, Field field, VarBinaryVector vector) {
            super(column, field);
            this.vector = vector;
        }

        @Override
        void writeNull(int index) {
            vector.setNull(index);
        }

        @Override
        void writeValue(int index, Object value) {
            if (!(value instanceof byte[] bytes)) {
                throw mismatch(value, "a byte[]");
            }
            vector.setSafe(index, bytes, 0, bytes.length);
        }
    }

    static final class DateWriter extends ValueWriter {
        private final DateDayVector vector;

        DateWriter(String column, Field field, DateDayVector vector) {
            super(column, field);
            this.vector = vector;
        }

        @Override
        void writeNull(int index) {
            vector.setNull(index);
        }

        @Override
        void writeValue(int index, Object value) {
            if (!(value instanceof LocalDate date)) {
                throw mismatch(value, "a LocalDate");
            }
            long day = date.toEpochDay();
            if (day < Integer.MIN_VALUE || day > Integer.MAX_VALUE) {
                throw mismatch(value, "a LocalDate within 5.8 million years of 1970");
            }
            vector.setSafe(index, (int) day);
        }
    }

    static final class TimestampWriter extends ValueWriter {
        private final TimeStampVector vector;

        TimestampWriter(String column, Field field, TimeStampVector vector) {
            super(column, field);
            this.vector = vector;
        }

        @Override
        void writeNull(int index) {
            vector.setNull(index);
        }

        @Override
        void writeValue(int index, Object value) {
            if (!(value instanceof Instant instant)) {
                throw mismatch(value, "an Instant");
            }
            long micros;
            try {
                micros = Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
            } catch (ArithmeticException e) {
                throw mismatch(value, "an Instant within 292,000 years of 1970 (microseconds must fit a long)");
            }
            vector.setSafe(index, micros);
        }
    }

    static final class StructWriter extends ValueWriter {
        private final StructVector vector;
        private final ColumnEncoder[] children;
        /** The record class of the values, or null for Row values. */
        private final Class<?> recordClass;

        StructWriter(String column, Field field, StructVector vector, ColumnEncoder[] children, Class<?> recordClass) {
            super(column, field);
            this.vector = vector;
            this.children = children;
            this.recordClass = recordClass;
        }

        @Override
        void writeNull(int index) {
            vector.setNull(index);
        }

        @Override
        void writeValue(int index, Object value) {
            if (recordClass != null) {
                if (!recordClass.isInstance(value)) {
                    throw mismatch(value, "a " + recordClass.getName());
                }
            } else if (!(value instanceof Row row) || row.size() != children.length) {
                throw mismatch(value, "a Row of %d values".formatted(children.length));
            }
            vector.setIndexDefined(index);
            for (ColumnEncoder child : children) {
                child.encode(value, index);
            }
        }
    }

    static final class ListWriter extends ValueWriter {
        private final ListVector vector;
        private final ValueWriter elements;

        ListWriter(String column, Field field, ListVector vector, ValueWriter elements) {
            super(column, field);
            this.vector = vector;
            this.elements = elements;
        }

        @Override
        void writeNull(int index) {
            vector.setNull(index);
        }

        @Override
        void writeValue(int index, Object value) {
            if (!(value instanceof List<?> list)) {
                throw mismatch(value, "a java.util.List");
            }
            int start = vector.startNewValue(index);
            int size = list.size();
            if (list instanceof RandomAccess) {
                for (int i = 0; i < size; i++) {
                    elements.write(start + i, list.get(i));
                }
            } else {
                int position = start;
                for (Object element : list) {
                    elements.write(position++, element);
                }
            }
            vector.endValue(index, size);
        }
    }
}
