package dev.weft.kernels.io;

import dev.weft.api.types.DataTypes;
import java.math.BigDecimal;
import java.nio.CharBuffer;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
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
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Converts the text of a CSV field to a value of its column's vector. Numbers, booleans, dates and timestamps may be
 * surrounded by spaces; strings are taken as they are. Text that does not fit throws {@link InvalidValueException}
 * with the reason, which the reader turns into an error naming the file, line and column.
 */
abstract class CsvColumnReader {
    /** Why a field's text is not a value of its column's type. */
    static final class InvalidValueException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InvalidValueException(String reason) {
            super(reason, null, false, false);
        }
    }

    /** One reader per column of the schema, which {@link CsvSchemas#checkSupported} accepted. */
    static CsvColumnReader[] forSchema(Schema schema) {
        List<Field> fields = schema.getFields();
        CsvColumnReader[] readers = new CsvColumnReader[fields.size()];
        for (int i = 0; i < readers.length; i++) {
            readers[i] = forType(fields.get(i).getType());
        }
        return readers;
    }

    private static CsvColumnReader forType(ArrowType type) {
        if (type instanceof ArrowType.Int integer) {
            if (!integer.getIsSigned()) {
                return new CharReader();
            }
            return switch (integer.getBitWidth()) {
                case 8 -> new TinyIntReader();
                case 16 -> new SmallIntReader();
                case 32 -> new IntReader();
                default -> new BigIntReader();
            };
        }
        if (type instanceof ArrowType.FloatingPoint floatingPoint) {
            return floatingPoint.getPrecision() == FloatingPointPrecision.SINGLE ? new FloatReader() : new DoubleReader();
        }
        if (type instanceof ArrowType.Decimal decimal) {
            return new DecimalReader(decimal.getPrecision(), decimal.getScale());
        }
        if (type instanceof ArrowType.Timestamp timestamp) {
            return new TimestampReader(timestamp.getUnit());
        }
        if (type instanceof ArrowType.Bool) {
            return new BooleanReader();
        }
        if (type instanceof ArrowType.Utf8) {
            return new StringReader();
        }
        if (type instanceof ArrowType.Binary) {
            return new BinaryReader();
        }
        if (type instanceof ArrowType.Date) {
            return new DateReader();
        }
        throw new IllegalArgumentException("no CSV reader for type " + DataTypes.describe(type));
    }

    /** Targets the column's vector of the next batch. */
    abstract void bind(FieldVector vector);

    /** Sets row {@code row} to the value of chars[start, end). */
    abstract void read(char[] chars, int start, int end, int row);

    static long parseLong(char[] chars, int start, int end) {
        int from = trimStart(chars, start, end);
        int to = trimEnd(chars, from, end);
        int i = from;
        boolean negative = false;
        if (i < to && (chars[i] == '-' || chars[i] == '+')) {
            negative = chars[i] == '-';
            i++;
        }
        if (i == to) {
            throw new InvalidValueException("it is not an integer");
        }
        if (to - i > 18) {
            try {
                return Long.parseLong(new String(chars, from, to - from));
            }
            catch (NumberFormatException e) {
                throw new InvalidValueException(isDigits(chars, i, to) ? "it is out of the range of bigint" : "it is not an integer");
            }
        }
        long value = 0;
        for (; i < to; i++) {
            int digit = chars[i] - '0';
            if (digit < 0 || digit > 9) {
                throw new InvalidValueException("it is not an integer");
            }
            value = value * 10 + digit;
        }
        return negative ? -value : value;
    }

    private static boolean isDigits(char[] chars, int start, int end) {
        for (int i = start; i < end; i++) {
            if (chars[i] < '0' || chars[i] > '9') {
                return false;
            }
        }
        return true;
    }

    static long parseLong(char[] chars, int start, int end, long min, long max, String typeName) {
        long value = parseLong(chars, start, end);
        if (value < min || value > max) {
            throw new InvalidValueException("it is out of the range of %s (%d to %d)".formatted(typeName, min, max));
        }
        return value;
    }

    static int trimStart(char[] chars, int start, int end) {
        int i = start;
        while (i < end && (chars[i] == ' ' || chars[i] == '\t')) {
            i++;
        }
        return i;
    }

    static int trimEnd(char[] chars, int start, int end) {
        int i = end;
        while (i > start && (chars[i - 1] == ' ' || chars[i - 1] == '\t')) {
            i--;
        }
        return i;
    }

    static String trimmed(char[] chars, int start, int end) {
        int from = trimStart(chars, start, end);
        return new String(chars, from, trimEnd(chars, from, end) - from);
    }

    /** The date of yyyy-MM-dd at chars[from, from + 10) without a formatter; null if the text has another shape. */
    static LocalDate isoDate(char[] chars, int from) {
        if (chars[from + 4] != '-' || chars[from + 7] != '-') {
            return null;
        }
        int year = digits(chars, from, 4);
        int month = digits(chars, from + 5, 2);
        int day = digits(chars, from + 8, 2);
        return year < 0 || month < 0 || day < 0 ? null : LocalDate.of(year, month, day);
    }

    /** The instant of yyyy-MM-ddTHH:mm:ss[.fraction]Z without a formatter; null if the text has another shape. */
    static Instant isoUtcInstant(char[] chars, int from, int to) {
        int length = to - from;
        if (length < 20 || length > 30 || chars[from + 10] != 'T' || chars[from + 13] != ':' || chars[from + 16] != ':' || chars[to - 1] != 'Z') {
            return null;
        }
        LocalDate date = isoDate(chars, from);
        int hour = digits(chars, from + 11, 2);
        int minute = digits(chars, from + 14, 2);
        int second = digits(chars, from + 17, 2);
        if (date == null || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return null;
        }
        int nanos = 0;
        int fractionEnd = to - 1;
        if (fractionEnd > from + 19) {
            int fractionDigits = fractionEnd - from - 20;
            if (chars[from + 19] != '.' || fractionDigits < 1 || fractionDigits > 9) {
                return null;
            }
            nanos = digits(chars, from + 20, fractionDigits);
            if (nanos < 0) {
                return null;
            }
            for (int digit = fractionDigits; digit < 9; digit++) {
                nanos *= 10;
            }
        }
        return Instant.ofEpochSecond(date.toEpochDay() * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
    }

    /** The non-negative number of chars[from, from + count), or -1 if one of them is not a digit. */
    private static int digits(char[] chars, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            int digit = chars[i] - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }

    private static final class TinyIntReader extends CsvColumnReader {
        private TinyIntVector vector;

        @Override
        void bind(FieldVector target) {
            vector = (TinyIntVector) target;
        }

        @Override
        void read(char[] chars, int start, int end, int row) {
            vector.setSafe(row, (byte) parseLong(chars, start, end, Byte.MIN_VALUE, Byte.MAX_VALUE, "tinyint"));
        }
    }

    private static final class SmallIntReader extends CsvColumnReader {
        private SmallIntVector vector;

        @Override
        void bind(FieldVector target) {
            vector = (SmallIntVector) target;
        }

        @Override
        void read(char[] chars, int start, int end, int row) {
            vector.setSafe(row, (short) parseLong(chars, start, end, Short.MIN_VALUE, Short.MAX_VALUE, "smallint"));
        }
    }

    private static final class IntReader extends CsvColumnReader {
        private IntVector vector;

        @Override
        void bind(FieldVector target) {
            vector = (IntVector) target;
        }

        @Override
        void read(char[] chars, int start, int end, int row) {
            vector.setSafe(row, (int) parseLong(chars, start, end, Integer.MIN_VALUE, Integer.MAX_VALUE, "int"));
        }
    }

    private static final class BigIntReader extends CsvColumnReader {
        private BigIntVector vector;

        @Override
        void bind(FieldVector target) {
            vector = (BigIntVector) target;
        }

        @Override
        void read(char[] chars, int start, int end, int row) {
            vector.setSafe(row, parseLong(chars, start, end));
        }
    }

    private static final class CharReader extends CsvColumnReader {
        private UInt2Vector vector;

        @Override
        void bind(FieldVector target) {
            vector = (UInt2Vector) target;
        }

        @Override
        void read(char[] chars, int start, int end, int row) {
            if (end - start != 1) {
                throw new InvalidValueException("a char column holds exactly one character");
            }
            vector.setSafe(row, chars[start]);
        }
    }

    private static final class FloatReader extends CsvColumnReader {
        private Float4Vector vector;

        @Override
        void bind(FieldVector target) {
            vector = (Float4Vector) target;
        }

        @Override
        void read(char[] chars, int start, int end, int row) {
            try {
                vector.setSafe(row, Float.parseFloat(trimmed(chars, start, end)));
            }
            catch (NumberFormatException e) {
                throw new InvalidValueException("it is not a number");
            }
        }
    }

    private static final class DoubleReader extends CsvColumnReader {
        private Float8Vector vector;

        @Override
        void bind(FieldVector target) {
            vector = (Float8Vector) target;
        }

        @Override
        void read(char[] chars, int start, int end, int row) {
            try {
                vector.setSafe(row, Double.parseDouble(trimmed(chars, start, end)));
            }
            catch (NumberFormatException e) {
                throw new InvalidValueException("it is not a number");
            }
        }
    }

    private static final class DecimalReader extends CsvColumnReader {
        private final int precision;
        private final int scale;
        private DecimalVector vector;

        DecimalReader(int precision, int scale) {
            this.precision = precision;
            this.scale = scale;
        }

        @Override
        void bind(FieldVector target) {
            vector = (DecimalVector) target;
        }

        @Override
        void read(char[] chars, int start, int end, int row) {
            int from = trimStart(chars, start, end);
            int to = trimEnd(chars, from, end);
            if (!readSmall(chars, from, to, row)) {
                readLarge(chars, from, to, row);
            }
        }

        /** Reads [sign]digits[.digits] whose unscaled value fits in a long without BigDecimal; false if the text is not that simple. */
        private boolean readSmall(char[] chars, int from, int to, int row) {
            int i = from;
            boolean negative = i < to && chars[i] == '-';
            if (i < to && (chars[i] == '-' || chars[i] == '+')) {
                i++;
            }
            long unscaled = 0;
            int integerDigits = 0;
            int fractionDigits = 0;
            boolean point = false;
            boolean anyDigit = false;
            for (; i < to; i++) {
                char c = chars[i];
                if (c == '.' && !point) {
                    point = true;
                    continue;
                }
                if (c < '0' || c > '9') {
                    return false;
                }
                anyDigit = true;
                if (point) {
                    fractionDigits++;
                }
                else if (integerDigits > 0 || c != '0') {
                    integerDigits++;
                }
                unscaled = unscaled * 10 + (c - '0');
                if (integerDigits + fractionDigits > 18) {
                    return false;
                }
            }
            if (!anyDigit || fractionDigits > scale || integerDigits + scale > 18) {
                return false;
            }
            if (integerDigits > precision - scale) {
                throw new InvalidValueException("it has more than %d digits before the decimal point".formatted(precision - scale));
            }
            for (int digit = fractionDigits; digit < scale; digit++) {
                unscaled *= 10;
            }
            vector.setSafe(row, negative ? -unscaled : unscaled);
            return true;
        }

        private void readLarge(char[] chars, int from, int to, int row) {
            BigDecimal value;
            try {
                value = new BigDecimal(chars, from, to - from);
            }
            catch (NumberFormatException e) {
                throw new InvalidValueException("it is not a decimal number");
            }
            BigDecimal scaled;
            try {
                scaled = value.setScale(scale);
            }
            catch (ArithmeticException e) {
                throw new InvalidValueException("it has more than %d digits after the decimal point".formatted(scale));
            }
            if (scaled.precision() > precision) {
                throw new InvalidValueException("it has more than %d digits before the decimal point".formatted(precision - scale));
            }
            vector.setSafe(row, scaled);
        }
    }

    private static final class BooleanReader extends CsvColumnReader {
        private BitVector vector;

        @Override
        void bind(FieldVector target) {
            vector = (BitVector) target;
        }

        @Override
        void read(char[] chars, int start, int end, int row) {
            int from = trimStart(chars, start, end);
            int to = trimEnd(chars, from, end);
            if (matches(chars, from, to, "true")) {
                vector.setSafe(row, 1);
            }
            else if (matches(chars, from, to, "false")) {
                vector.setSafe(row, 0);
            }
            else {
                throw new InvalidValueException("a boolean is true or false");
            }
        }

        private static boolean matches(char[] chars, int start, int end, String word) {
            if (end - start != word.length()) {
                return false;
            }
            for (int i = 0; i < word.length(); i++) {
                if (Character.toLowerCase(chars[start + i]) != word.charAt(i)) {
                    return false;
                }
            }
            return true;
        }
    }

    private static final class StringReader extends CsvColumnReader {
        private final Utf8Encoder encoder = new Utf8Encoder();
        private VarCharVector vector;

        @Override
        void bind(FieldVector target) {
            vector = (VarCharVector) target;
        }

        @Override
        void read(char[] chars, int start, int end, int row) {
            encoder.encode(chars, start, end);
            vector.setSafe(row, encoder.bytes(), 0, encoder.length());
        }
    }

    private static final class BinaryReader extends CsvColumnReader {
        private VarBinaryVector vector;

        @Override
        void bind(FieldVector target) {
            vector = (VarBinaryVector) target;
        }

        @Override
        void read(char[] chars, int start, int end, int row) {
            try {
                vector.setSafe(row, Base64.getDecoder().decode(trimmed(chars, start, end)));
            }
            catch (IllegalArgumentException e) {
                throw new InvalidValueException("a binary value is written in base64 (" + e.getMessage() + ")");
            }
        }
    }

    private static final class DateReader extends CsvColumnReader {
        private DateDayVector vector;

        @Override
        void bind(FieldVector target) {
            vector = (DateDayVector) target;
        }

        @Override
        void read(char[] chars, int start, int end, int row) {
            int from = trimStart(chars, start, end);
            int to = trimEnd(chars, from, end);
            try {
                LocalDate date = to - from == 10 ? isoDate(chars, from) : null;
                if (date == null) {
                    date = LocalDate.parse(CharBuffer.wrap(chars, from, to - from));
                }
                vector.setSafe(row, Math.toIntExact(date.toEpochDay()));
            }
            catch (DateTimeException e) {
                throw new InvalidValueException("a date is written as yyyy-MM-dd (" + e.getMessage() + ")");
            }
        }
    }

    private static final class TimestampReader extends CsvColumnReader {
        private final TimeUnit unit;
        private TimeStampVector vector;

        TimestampReader(TimeUnit unit) {
            this.unit = unit;
        }

        @Override
        void bind(FieldVector target) {
            vector = (TimeStampVector) target;
        }

        @Override
        void read(char[] chars, int start, int end, int row) {
            int from = trimStart(chars, start, end);
            int to = trimEnd(chars, from, end);
            Instant instant;
            try {
                instant = isoUtcInstant(chars, from, to);
                if (instant == null) {
                    instant = Instant.parse(CharBuffer.wrap(chars, from, to - from));
                }
            }
            catch (DateTimeException e) {
                throw new InvalidValueException("a timestamp is an ISO-8601 instant such as 2024-05-31T12:30:00Z (" + e.getMessage() + ")");
            }
            try {
                vector.setSafe(row, toUnit(instant, unit));
            }
            catch (ArithmeticException e) {
                throw new InvalidValueException("it is out of the range of a timestamp in %s".formatted(unit.name().toLowerCase(Locale.ROOT)));
            }
        }

        static long toUnit(Instant instant, TimeUnit unit) {
            long seconds = instant.getEpochSecond();
            int nanos = instant.getNano();
            return switch (unit) {
                case SECOND -> seconds;
                case MILLISECOND -> Math.addExact(Math.multiplyExact(seconds, 1_000L), nanos / 1_000_000);
                case MICROSECOND -> Math.addExact(Math.multiplyExact(seconds, 1_000_000L), nanos / 1_000);
                case NANOSECOND -> Math.addExact(Math.multiplyExact(seconds, 1_000_000_000L), nanos);
            };
        }
    }
}
