package dev.weft.kernels.ops;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.types.DataTypes;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * How the kernels read a column's values: every integer-like type (integers, dates, times, timestamps, durations) as
 * a {@code long}, floats as a {@code double}, decimals as 128-bit integers, strings and binaries as bytes, booleans as
 * 0/1.
 */
enum ValueKind {
    LONG,
    DOUBLE,
    DECIMAL,
    BYTES,
    BOOLEAN;

    /** The kind of a type, or UNSUPPORTED_TYPE naming {@code use} (e.g. "a group key"). */
    static ValueKind of(ArrowType type, String use) {
        if (type instanceof ArrowType.Int || type instanceof ArrowType.Date || type instanceof ArrowType.Timestamp
                || type instanceof ArrowType.Time || type instanceof ArrowType.Duration) {
            return LONG;
        }
        if (type instanceof ArrowType.FloatingPoint floatingPoint && floatingPoint.getPrecision() != FloatingPointPrecision.HALF) {
            return DOUBLE;
        }
        if (type instanceof ArrowType.Decimal decimal && decimal.getBitWidth() == 128) {
            return DECIMAL;
        }
        if (type instanceof ArrowType.Utf8 || type instanceof ArrowType.Binary) {
            return BYTES;
        }
        if (type instanceof ArrowType.Bool) {
            return BOOLEAN;
        }
        throw new WeftException(ErrorCode.UNSUPPORTED_TYPE,
                "%s of type %s is not supported; use a number, decimal, string, binary, boolean, date or timestamp"
                        .formatted(use, DataTypes.describe(type)));
    }

    /** Bytes of one value in the row encoding of keys (see {@link RowKeyEncoder}); -1 for variable width. */
    int encodedWidth() {
        return switch (this) {
            case LONG, DOUBLE, BOOLEAN -> 8;
            case DECIMAL -> 16;
            case BYTES -> -1;
        };
    }
}
