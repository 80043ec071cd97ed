package dev.weft.kernels.expr;

import dev.weft.api.types.DataTypes;
import org.apache.arrow.vector.types.pojo.ArrowType;

/** Implicit conversions of operands to the type an operator computes in (see {@code DataTypes.commonNumericType}). */
final class Coercions {
    private Coercions() {}

    /** The evaluator converted to {@code type} (itself when it already has it; a folded constant for literals). */
    static Evaluator to(Evaluator evaluator, ArrowType type, String expression) {
        if (evaluator.type().equals(type)) {
            return evaluator;
        }
        return CastEvaluator.create(evaluator,
                DataTypes.field(evaluator.field().getName(), type, evaluator.field().isNullable()), expression);
    }

    /** An integer operand as the decimal type the typer sees it as; decimals unchanged. */
    static Evaluator toDecimal(Evaluator evaluator, String expression) {
        return to(evaluator, DataTypes.asDecimal(evaluator.type()), expression);
    }
}
