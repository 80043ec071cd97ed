package dev.weft.kernels.expr;

import dev.weft.api.expr.Comparison;
import dev.weft.api.types.DataTypes;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/** Chooses the comparison kernel for the operand types and brings both operands into its domain. */
final class Comparisons {
    private Comparisons() {}

    static boolean test(Comparison.Operator operator, int comparison) {
        return switch (operator) {
            case EQ -> comparison == 0;
            case NE -> comparison != 0;
            case LT -> comparison < 0;
            case LE -> comparison <= 0;
            case GT -> comparison > 0;
            case GE -> comparison >= 0;
        };
    }

    /** The operator with its operands swapped: {@code a < b} is {@code b > a}. */
    static Comparison.Operator flip(Comparison.Operator operator) {
        return switch (operator) {
            case LT -> Comparison.Operator.GT;
            case LE -> Comparison.Operator.GE;
            case GT -> Comparison.Operator.LT;
            case GE -> Comparison.Operator.LE;
            default -> operator;
        };
    }

    static Evaluator compile(Field field, Comparison.Operator operator, Evaluator left, Evaluator right, String expression) {
        if (isNull(left) || isNull(right)) {
            return new LiteralEvaluator(field, null);
        }
        if (left instanceof LiteralEvaluator && !(right instanceof LiteralEvaluator)) {
            return compile(field, flip(operator), right, left, expression);
        }
        ArrowType leftType = left.type();
        ArrowType rightType = right.type();
        if (DataTypes.isNumeric(leftType) && DataTypes.isNumeric(rightType)) {
            ArrowType common = DataTypes.commonNumericType(leftType, rightType).orElseThrow();
            if (DataTypes.isIntegral(common)) {
                return integers(field, operator, left, right, expression);
            }
            if (DataTypes.isFloatingPoint(common)) {
                return new DoubleComparison(field, operator, Coercions.to(left, DataTypes.FLOAT64, expression),
                        Coercions.to(right, DataTypes.FLOAT64, expression));
            }
            return new DecimalComparison(field, operator, Coercions.toDecimal(left, expression), Coercions.toDecimal(right, expression));
        }
        if (DataTypes.isTemporal(leftType) && DataTypes.isTemporal(rightType)) {
            if (leftType.equals(rightType) || right instanceof LiteralEvaluator && sameStorage(leftType, rightType)) {
                return integers(field, operator, left, right, expression);
            }
            return integers(field, operator, Coercions.to(left, DataTypes.TIMESTAMP, expression),
                    Coercions.to(right, DataTypes.TIMESTAMP, expression), expression);
        }
        if (leftType instanceof ArrowType.Bool && rightType instanceof ArrowType.Bool) {
            return new BooleanComparison(field, operator, left, right);
        }
        if ((leftType instanceof ArrowType.Utf8 || leftType instanceof ArrowType.Binary) && leftType.equals(rightType)) {
            return new BytesComparison(field, operator, left, right);
        }
        throw Errors.unsupported(expression, "comparing %s with %s is not supported".formatted(
                DataTypes.describe(leftType), DataTypes.describe(rightType)));
    }

    private static boolean sameStorage(ArrowType left, ArrowType right) {
        if (left instanceof ArrowType.Timestamp l && right instanceof ArrowType.Timestamp r) {
            return l.getUnit() == r.getUnit();
        }
        return false;
    }

    private static boolean isNull(Evaluator evaluator) {
        return evaluator instanceof LiteralEvaluator literal && literal.isNull() || evaluator.type() instanceof ArrowType.Null;
    }

    /** Integer-domain operands: 4-byte signed vectors stay, other vectors widen to 8 bytes; constants stay. */
    private static Evaluator integers(Field field, Comparison.Operator operator, Evaluator left, Evaluator right, String expression) {
        Evaluator l = storable(left, expression);
        Evaluator r = right instanceof LiteralEvaluator ? right : storable(right, expression);
        if (!(r instanceof LiteralEvaluator) && Numbers.width(l.type()) != Numbers.width(r.type())) {
            l = widen(l, expression);
            r = widen(r, expression);
        }
        return new IntegerComparison(field, operator, l, r);
    }

    private static Evaluator storable(Evaluator evaluator, String expression) {
        ArrowType type = evaluator.type();
        if (type instanceof ArrowType.Int integer && !(integer.getIsSigned() && integer.getBitWidth() >= 32)) {
            return Coercions.to(evaluator, DataTypes.INT64, expression);
        }
        return evaluator;
    }

    private static Evaluator widen(Evaluator evaluator, String expression) {
        ArrowType type = evaluator.type();
        if (Numbers.width(type) == 8) {
            return evaluator;
        }
        if (type instanceof ArrowType.Date) {
            return Coercions.to(evaluator, DataTypes.TIMESTAMP, expression);
        }
        return Coercions.to(evaluator, DataTypes.INT64, expression);
    }
}
