package dev.weft.api.types;

import java.util.Optional;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/** The Arrow types Weft supports, and the rules that combine them (numeric promotion, comparability). */
public final class DataTypes {
    public static final ArrowType BOOLEAN = ArrowType.Bool.INSTANCE;
    public static final ArrowType INT8 = new ArrowType.Int(8, true);
    public static final ArrowType INT16 = new ArrowType.Int(16, true);
    public static final ArrowType INT32 = new ArrowType.Int(32, true);
    public static final ArrowType INT64 = new ArrowType.Int(64, true);
    /** Java {@code char}: an unsigned 16-bit integer. */
    public static final ArrowType CHAR = new ArrowType.Int(16, false);
    public static final ArrowType FLOAT32 = new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
    public static final ArrowType FLOAT64 = new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
    public static final ArrowType STRING = ArrowType.Utf8.INSTANCE;
    public static final ArrowType BINARY = ArrowType.Binary.INSTANCE;
    public static final ArrowType DATE = new ArrowType.Date(DateUnit.DAY);
    /** {@link java.time.Instant}: microseconds since the epoch, UTC. */
    public static final ArrowType TIMESTAMP = new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC");
    public static final ArrowType LIST = ArrowType.List.INSTANCE;
    public static final ArrowType STRUCT = ArrowType.Struct.INSTANCE;
    /** The decimal type of a {@link java.math.BigDecimal} record component without {@link DecimalType}, as in Spark. */
    public static final ArrowType DEFAULT_DECIMAL = decimal(38, 18);
    public static final int MAX_DECIMAL_PRECISION = 38;

    private DataTypes() {}

    public static ArrowType decimal(int precision, int scale) {
        if (precision < 1 || precision > MAX_DECIMAL_PRECISION || scale < 0 || scale > precision) {
            throw new IllegalArgumentException(
                    "decimal(%d, %d) is invalid: precision must be 1..38 and scale 0..precision".formatted(precision, scale));
        }
        return new ArrowType.Decimal(precision, scale, 128);
    }

    public static Field field(String name, ArrowType type, boolean nullable) {
        return new Field(name, new FieldType(nullable, type, null), null);
    }

    public static boolean isIntegral(ArrowType type) {
        return type instanceof ArrowType.Int;
    }

    public static boolean isFloatingPoint(ArrowType type) {
        return type instanceof ArrowType.FloatingPoint;
    }

    public static boolean isDecimal(ArrowType type) {
        return type instanceof ArrowType.Decimal;
    }

    public static boolean isNumeric(ArrowType type) {
        return isIntegral(type) || isFloatingPoint(type) || isDecimal(type);
    }

    public static boolean isString(ArrowType type) {
        return type instanceof ArrowType.Utf8;
    }

    public static boolean isTemporal(ArrowType type) {
        return type instanceof ArrowType.Date || type instanceof ArrowType.Timestamp;
    }

    /** The type both numeric operands are widened to before arithmetic or comparison, if they are both numeric. */
    public static Optional<ArrowType> commonNumericType(ArrowType left, ArrowType right) {
        if (!isNumeric(left) || !isNumeric(right)) {
            return Optional.empty();
        }
        if (isFloatingPoint(left) || isFloatingPoint(right)) {
            boolean single = left.equals(FLOAT32) && (right.equals(FLOAT32) || isIntegral(right) && bitWidth(right) <= 16)
                    || right.equals(FLOAT32) && isIntegral(left) && bitWidth(left) <= 16;
            return Optional.of(single ? FLOAT32 : FLOAT64);
        }
        if (isDecimal(left) || isDecimal(right)) {
            ArrowType.Decimal l = asDecimal(left);
            ArrowType.Decimal r = asDecimal(right);
            int scale = Math.max(l.getScale(), r.getScale());
            int integerDigits = Math.max(l.getPrecision() - l.getScale(), r.getPrecision() - r.getScale());
            return Optional.of(decimal(Math.min(MAX_DECIMAL_PRECISION, integerDigits + scale), scale));
        }
        return Optional.of(bitWidth(left) >= bitWidth(right) ? signedInt(left) : signedInt(right));
    }

    /** Integers seen as decimals (for mixed decimal arithmetic): int64 is decimal(19, 0). */
    public static ArrowType.Decimal asDecimal(ArrowType type) {
        if (type instanceof ArrowType.Decimal decimal) {
            return decimal;
        }
        if (type instanceof ArrowType.Int integer) {
            int digits = switch (integer.getBitWidth()) {
                case 8 -> 3;
                case 16 -> 5;
                case 32 -> 10;
                default -> 19;
            };
            return (ArrowType.Decimal) decimal(digits, 0);
        }
        throw new IllegalArgumentException("not a decimal or integer type: " + describe(type));
    }

    private static ArrowType signedInt(ArrowType type) {
        ArrowType.Int integer = (ArrowType.Int) type;
        if (integer.getIsSigned()) {
            return integer;
        }
        return integer.getBitWidth() < 32 ? INT32 : INT64;
    }

    private static int bitWidth(ArrowType type) {
        return ((ArrowType.Int) type).getBitWidth();
    }

    /** Whether values of the two types can be compared with =, <, etc. */
    public static boolean comparable(ArrowType left, ArrowType right) {
        if (isNumeric(left) && isNumeric(right)) {
            return true;
        }
        if (isTemporal(left) && isTemporal(right)) {
            return true;
        }
        return left.getTypeID() == right.getTypeID() && !(left instanceof ArrowType.Struct) && !(left instanceof ArrowType.List);
    }

    /** A short SQL-like name of a type for error messages. */
    public static String describe(ArrowType type) {
        if (type instanceof ArrowType.Int integer) {
            if (!integer.getIsSigned() && integer.getBitWidth() == 16) {
                return "char";
            }
            return switch (integer.getBitWidth()) {
                case 8 -> "tinyint";
                case 16 -> "smallint";
                case 32 -> "int";
                default -> "bigint";
            };
        }
        if (type instanceof ArrowType.FloatingPoint fp) {
            return fp.getPrecision() == FloatingPointPrecision.SINGLE ? "float" : "double";
        }
        if (type instanceof ArrowType.Decimal decimal) {
            return "decimal(%d,%d)".formatted(decimal.getPrecision(), decimal.getScale());
        }
        if (type instanceof ArrowType.Utf8) {
            return "string";
        }
        if (type instanceof ArrowType.Binary) {
            return "binary";
        }
        if (type instanceof ArrowType.Bool) {
            return "boolean";
        }
        if (type instanceof ArrowType.Date) {
            return "date";
        }
        if (type instanceof ArrowType.Timestamp) {
            return "timestamp";
        }
        if (type instanceof ArrowType.List) {
            return "list";
        }
        if (type instanceof ArrowType.Struct) {
            return "struct";
        }
        if (type instanceof ArrowType.Null) {
            return "null";
        }
        return type.toString();
    }
}
