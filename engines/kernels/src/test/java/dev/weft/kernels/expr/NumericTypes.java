package dev.weft.kernels.expr;

import dev.weft.api.types.DataTypes;
import java.math.BigDecimal;
import java.util.List;
import org.apache.arrow.vector.types.pojo.ArrowType;

/** The numeric types the type-combination tests cover, and conversions of test values between them. */
final class NumericTypes {
    static final ArrowType DECIMAL = DataTypes.decimal(10, 2);
    static final List<ArrowType> ALL = List.of(DataTypes.INT8, DataTypes.INT16, DataTypes.INT32, DataTypes.INT64, DataTypes.CHAR,
            DataTypes.FLOAT32, DataTypes.FLOAT64, DECIMAL);

    private NumericTypes() {}

    /** A Java value of the type for a test number (exactly representable in every type used with it). */
    static Object javaValue(ArrowType type, BigDecimal number) {
        if (number == null) {
            return null;
        }
        if (type.equals(DataTypes.INT8)) {
            return number.byteValueExact();
        }
        if (type.equals(DataTypes.INT16)) {
            return number.shortValueExact();
        }
        if (type.equals(DataTypes.INT32)) {
            return number.intValueExact();
        }
        if (type.equals(DataTypes.INT64)) {
            return number.longValueExact();
        }
        if (type.equals(DataTypes.CHAR)) {
            return (char) number.intValueExact();
        }
        if (type.equals(DataTypes.FLOAT32)) {
            return number.floatValue();
        }
        if (type.equals(DataTypes.FLOAT64)) {
            return number.doubleValue();
        }
        return number.setScale(((ArrowType.Decimal) type).getScale());
    }

    /** A result value as a BigDecimal (chars as their code). */
    static BigDecimal toDecimal(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof BigDecimal decimal) {
            return decimal;
        }
        if (value instanceof Character c) {
            return BigDecimal.valueOf(c);
        }
        if (value instanceof Float || value instanceof Double) {
            return new BigDecimal(((Number) value).doubleValue());
        }
        return BigDecimal.valueOf(((Number) value).longValue());
    }

    static boolean isInteger(ArrowType type) {
        return type instanceof ArrowType.Int;
    }

    static String name(ArrowType type) {
        return DataTypes.describe(type);
    }
}
