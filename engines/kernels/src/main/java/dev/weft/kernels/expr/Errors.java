package dev.weft.kernels.expr;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.types.DataTypes;
import org.apache.arrow.vector.types.pojo.ArrowType;

/** The evaluator's error messages: what went wrong, in which expression, and what to do. */
final class Errors {
    private Errors() {}

    static WeftException divisionByZero(String expression) {
        return new WeftException(ErrorCode.INVALID_ARGUMENT,
                ("division by zero in %s; guard the divisor (for example CASE WHEN divisor <> 0 THEN ... END) "
                        + "or divide doubles, which give Infinity or NaN").formatted(expression));
    }

    static WeftException overflow(String expression, ArrowType type) {
        return new WeftException(ErrorCode.INVALID_ARGUMENT,
                "numeric overflow in %s: a result does not fit %s; cast the operands to a wider type (bigint, decimal or double) first"
                        .formatted(expression, DataTypes.describe(type)));
    }

    static WeftException overflow(String expression, Object value, ArrowType type) {
        return new WeftException(ErrorCode.INVALID_ARGUMENT,
                "numeric overflow in %s: %s does not fit %s; cast to a wider type (bigint, decimal or double) first"
                        .formatted(expression, value, DataTypes.describe(type)));
    }

    static WeftException cannotCast(String expression, Object value, ArrowType type, String reason) {
        return new WeftException(ErrorCode.INVALID_ARGUMENT,
                "cannot cast %s to %s in %s: %s".formatted(value, DataTypes.describe(type), expression, reason));
    }

    static WeftException unparseable(String expression, String value, ArrowType type, String expected) {
        return new WeftException(ErrorCode.MALFORMED_INPUT,
                "cannot cast string '%s' to %s in %s: expected %s; clean the input or filter such rows out first"
                        .formatted(value, DataTypes.describe(type), expression, expected));
    }

    static WeftException invalidArgument(String expression, String detail) {
        return new WeftException(ErrorCode.INVALID_ARGUMENT, "%s in %s".formatted(detail, expression));
    }

    static WeftException unsupported(String expression, String detail) {
        return new WeftException(ErrorCode.UNSUPPORTED_TYPE,
                "%s cannot be evaluated: %s".formatted(expression, detail));
    }
}
