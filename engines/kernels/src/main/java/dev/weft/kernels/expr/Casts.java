package dev.weft.kernels.expr;

import dev.weft.api.types.DataTypes;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * Conversions of single normalized values (see {@link Scalars}) between types: the reference semantics of CAST,
 * used for constants and for the per-row (string) paths; {@link CastEvaluator} vectorizes the numeric and temporal
 * ones with the same rules.
 * <ul>
 *   <li>to integers: fractions truncate toward zero; out of range, NaN and infinities are errors;</li>
 *   <li>to decimals: rounding half up to the scale; too many digits is an error;</li>
 *   <li>to float: a finite value beyond float's range is an error;</li>
 *   <li>to boolean: non-zero is true; strings true/false/t/f/yes/no/y/n/1/0 (any case);</li>
 *   <li>strings are trimmed before parsing; dates are ISO {@code yyyy-MM-dd}; timestamps ISO-8601 with an optional
 *       offset or zone ({@code 2024-05-01T10:15:30Z}, {@code 2024-05-01 10:15:30.123456}, no offset = UTC, a bare
 *       date = midnight UTC);</li>
 *   <li>to strings: integers in decimal (a {@code char} as its character), doubles as {@link Double#toString},
 *       decimals as plain strings, dates ISO, timestamps as ISO instants in UTC;</li>
 *   <li>timestamps to dates use the timestamp's time zone (UTC when it has none).</li>
 * </ul>
 */
final class Casts {
    private static final Pattern FLOATING_POINT = Pattern.compile(
            "[+-]?(nan|inf|infinity|(\\d+\\.?\\d*|\\.\\d+)(e[+-]?\\d+)?)", Pattern.CASE_INSENSITIVE);

    private Casts() {}

    static Object convert(Object value, ArrowType from, ArrowType to, String expression) {
        if (value == null || from.equals(to)) {
            return value;
        }
        if (to instanceof ArrowType.Utf8) {
            return format(value, from).getBytes(StandardCharsets.UTF_8);
        }
        if (from instanceof ArrowType.Utf8) {
            return parse(new String((byte[]) value, StandardCharsets.UTF_8), to, expression);
        }
        if (to instanceof ArrowType.Int integer) {
            return toLong(value, from, integer, expression);
        }
        if (to instanceof ArrowType.FloatingPoint fp) {
            return toDouble(value, fp, expression);
        }
        if (to instanceof ArrowType.Decimal decimal) {
            return toDecimal(value, from, decimal, expression);
        }
        if (to instanceof ArrowType.Bool) {
            return toBoolean(value);
        }
        if (DataTypes.isTemporal(from) && DataTypes.isTemporal(to)) {
            return temporal((Long) value, from, to, expression);
        }
        throw Errors.unsupported(expression, "no conversion from %s to %s".formatted(DataTypes.describe(from), DataTypes.describe(to)));
    }

    static long toLong(Object value, ArrowType from, ArrowType.Int to, String expression) {
        long result;
        if (value instanceof Long number) {
            result = number;
        } else if (value instanceof Boolean bool) {
            result = bool ? 1 : 0;
        } else if (value instanceof Double number) {
            result = truncate(number, to, expression);
        } else {
            BigDecimal decimal = ((BigDecimal) value).setScale(0, RoundingMode.DOWN);
            if (decimal.compareTo(BigDecimal.valueOf(Numbers.minValue(to))) < 0
                    || decimal.compareTo(BigDecimal.valueOf(Numbers.maxValue(to))) > 0) {
                throw Errors.cannotCast(expression, Scalars.describe(value, from), to, "the value is out of range");
            }
            result = decimal.longValueExact();
        }
        if (result < Numbers.minValue(to) || result > Numbers.maxValue(to)) {
            throw Errors.cannotCast(expression, Scalars.describe(value, from), to, "the value is out of range");
        }
        return result;
    }

    /** A double truncated toward zero into an integer type's range, or an error. */
    static long truncate(double value, ArrowType.Int to, String expression) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw Errors.cannotCast(expression, value, to, "the value is not a finite number");
        }
        double truncated = value < 0 ? Math.ceil(value) : Math.floor(value);
        if (truncated < (double) Numbers.minValue(to) || truncated >= (double) Numbers.maxValue(to) + 1.0) {
            throw Errors.cannotCast(expression, value, to, "the value is out of range");
        }
        return (long) truncated;
    }

    static double toDouble(Object value, ArrowType.FloatingPoint to, String expression) {
        double result;
        if (value instanceof Long number) {
            result = number;
        } else if (value instanceof Boolean bool) {
            result = bool ? 1 : 0;
        } else if (value instanceof Double number) {
            result = number;
        } else {
            result = ((BigDecimal) value).doubleValue();
        }
        return single(to) ? narrow(result, to, expression) : result;
    }

    static boolean single(ArrowType.FloatingPoint type) {
        return type.getPrecision() == FloatingPointPrecision.SINGLE;
    }

    /** A double rounded to float precision; a finite value beyond float's range is an error. */
    static double narrow(double value, ArrowType to, String expression) {
        float narrowed = (float) value;
        if (Float.isInfinite(narrowed) && !Double.isInfinite(value)) {
            throw Errors.cannotCast(expression, value, to, "the value is out of range");
        }
        return narrowed;
    }

    static BigDecimal toDecimal(Object value, ArrowType from, ArrowType.Decimal to, String expression) {
        BigDecimal decimal;
        if (value instanceof Long number) {
            decimal = BigDecimal.valueOf(number);
        } else if (value instanceof Boolean bool) {
            decimal = bool ? BigDecimal.ONE : BigDecimal.ZERO;
        } else if (value instanceof Double number) {
            if (Double.isNaN(number) || Double.isInfinite(number)) {
                throw Errors.cannotCast(expression, number, to, "the value is not a finite number");
            }
            decimal = BigDecimal.valueOf(number);
        } else {
            decimal = (BigDecimal) value;
        }
        BigDecimal result = decimal.setScale(to.getScale(), RoundingMode.HALF_UP);
        if (Numbers.digits(result) > to.getPrecision()) {
            throw Errors.cannotCast(expression, Scalars.describe(value, from), to,
                    "the value has more than %d digits before the decimal point".formatted(to.getPrecision() - to.getScale()));
        }
        return result;
    }

    static boolean toBoolean(Object value) {
        if (value instanceof Long number) {
            return number != 0;
        }
        if (value instanceof Double number) {
            return number != 0;
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.signum() != 0;
        }
        return (Boolean) value;
    }

    /** Converts a stored date or timestamp value between date and timestamp types and units. */
    static long temporal(long value, ArrowType from, ArrowType to, String expression) {
        try {
            if (to instanceof ArrowType.Date date) {
                long days = Temporals.epochDay(value, Temporals.unitsPerDay(from),
                        from instanceof ArrowType.Timestamp timestamp ? timestamp.getUnit() : null, Temporals.zoneRules(from));
                return date.getUnit() == DateUnit.DAY ? days : Math.multiplyExact(days, Temporals.MILLIS_PER_DAY);
            }
            TimeUnit unit = ((ArrowType.Timestamp) to).getUnit();
            if (from instanceof ArrowType.Date date) {
                long millis = date.getUnit() == DateUnit.DAY ? Math.multiplyExact(value, Temporals.MILLIS_PER_DAY) : value;
                return rescale(millis, 1_000L, Temporals.unitsPerSecond(unit));
            }
            return rescale(value, Temporals.unitsPerSecond(((ArrowType.Timestamp) from).getUnit()), Temporals.unitsPerSecond(unit));
        } catch (ArithmeticException e) {
            throw Errors.cannotCast(expression, Scalars.describe(value, from), to, "the value is out of range");
        }
    }

    /** A count of 1/{@code fromPerSecond} seconds in 1/{@code toPerSecond} seconds (floored when coarser). */
    static long rescale(long value, long fromPerSecond, long toPerSecond) {
        if (toPerSecond >= fromPerSecond) {
            return Math.multiplyExact(value, toPerSecond / fromPerSecond);
        }
        return Math.floorDiv(value, fromPerSecond / toPerSecond);
    }

    static String format(Object value, ArrowType from) {
        if (from instanceof ArrowType.Int integer) {
            long number = (Long) value;
            if (!integer.getIsSigned() && integer.getBitWidth() == 16) {
                return String.valueOf((char) number);
            }
            return Long.toString(number);
        }
        if (from instanceof ArrowType.FloatingPoint fp) {
            double number = (Double) value;
            return single(fp) ? Float.toString((float) number) : Double.toString(number);
        }
        if (from instanceof ArrowType.Decimal) {
            return ((BigDecimal) value).toPlainString();
        }
        if (from instanceof ArrowType.Bool) {
            return value.toString();
        }
        if (from instanceof ArrowType.Date date) {
            long number = (Long) value;
            return LocalDate.ofEpochDay(date.getUnit() == DateUnit.DAY ? number : Math.floorDiv(number, Temporals.MILLIS_PER_DAY)).toString();
        }
        if (from instanceof ArrowType.Timestamp timestamp) {
            return Temporals.toInstant((Long) value, timestamp.getUnit()).toString();
        }
        if (from instanceof ArrowType.Utf8) {
            return new String((byte[]) value, StandardCharsets.UTF_8);
        }
        throw new IllegalArgumentException("cannot format " + DataTypes.describe(from));
    }

    static Object parse(String raw, ArrowType to, String expression) {
        String text = raw.strip();
        if (to instanceof ArrowType.Int integer) {
            if (!integer.getIsSigned() && integer.getBitWidth() == 16) {
                if (raw.length() != 1) {
                    throw Errors.unparseable(expression, raw, to, "a single character");
                }
                return (long) raw.charAt(0);
            }
            long number;
            try {
                number = Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw Errors.unparseable(expression, raw, to, "an integer");
            }
            if (number < Numbers.minValue(integer) || number > Numbers.maxValue(integer)) {
                throw Errors.cannotCast(expression, "'" + raw + "'", to, "the value is out of range");
            }
            return number;
        }
        if (to instanceof ArrowType.FloatingPoint fp) {
            if (!FLOATING_POINT.matcher(text).matches()) {
                throw Errors.unparseable(expression, raw, to, "a number such as 1.5, -2e10, NaN or Infinity");
            }
            String lower = text.toLowerCase(Locale.ROOT);
            double number = lower.endsWith("nan") ? Double.NaN
                    : lower.endsWith("inf") || lower.endsWith("infinity") ? (lower.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY)
                    : Double.parseDouble(text);
            return single(fp) ? narrow(number, to, expression) : number;
        }
        if (to instanceof ArrowType.Decimal decimal) {
            BigDecimal number;
            try {
                number = new BigDecimal(text);
            } catch (NumberFormatException e) {
                throw Errors.unparseable(expression, raw, to, "a decimal number such as 12.50");
            }
            return toDecimal(number, to, decimal, expression);
        }
        if (to instanceof ArrowType.Bool) {
            return switch (text.toLowerCase(Locale.ROOT)) {
                case "true", "t", "yes", "y", "1" -> true;
                case "false", "f", "no", "n", "0" -> false;
                default -> throw Errors.unparseable(expression, raw, to, "true or false");
            };
        }
        if (to instanceof ArrowType.Date date) {
            long days;
            try {
                days = LocalDate.parse(text).toEpochDay();
            } catch (DateTimeParseException e) {
                throw Errors.unparseable(expression, raw, to, "an ISO date yyyy-MM-dd");
            }
            return date.getUnit() == DateUnit.DAY ? days : days * Temporals.MILLIS_PER_DAY;
        }
        if (to instanceof ArrowType.Timestamp timestamp) {
            Instant instant = parseInstant(text);
            if (instant == null) {
                throw Errors.unparseable(expression, raw, to, "an ISO-8601 timestamp such as 2024-05-01T10:15:30Z or 2024-05-01 10:15:30");
            }
            try {
                return Temporals.toUnit(instant, timestamp.getUnit());
            } catch (ArithmeticException e) {
                throw Errors.cannotCast(expression, "'" + raw + "'", to, "the value is out of range");
            }
        }
        throw Errors.unsupported(expression, "no conversion from string to " + DataTypes.describe(to));
    }

    private static Instant parseInstant(String text) {
        try {
            if (text.length() == 10) {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            String iso = text.length() > 10 && text.charAt(10) == ' ' ? text.substring(0, 10) + 'T' + text.substring(11) : text;
            TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.parseBest(iso, ZonedDateTime::from, LocalDateTime::from);
            if (parsed instanceof ZonedDateTime zoned) {
                return zoned.toInstant();
            }
            return ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
