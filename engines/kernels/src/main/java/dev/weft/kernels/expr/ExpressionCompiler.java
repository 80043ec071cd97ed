package dev.weft.kernels.expr;

import static java.util.Objects.requireNonNull;

import dev.weft.api.expr.Expression;
import dev.weft.api.expr.ExpressionTyper;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Compiles an expression of {@code dev.weft.api.expr} for an input schema into a {@link VectorExpression}: a tree of
 * evaluators, each specialized for its operand types (and for constant operands), that process whole Arrow vectors
 * with loops over primitive buffers. Compile once per (expression, schema) and evaluate many batches.
 *
 * <p>Types follow {@link ExpressionTyper} exactly. Evaluation semantics:
 * <ul>
 *   <li>NULL propagates through arithmetic, comparisons and functions; AND, OR and NOT use SQL three-valued logic;
 *       COALESCE and IS NULL handle NULL explicitly;</li>
 *   <li>integer and decimal overflow and division by zero are errors ({@code INVALID_ARGUMENT}); integer division
 *       truncates toward zero; floating point follows IEEE 754 (comparisons too: NaN equals nothing);</li>
 *   <li>CASE, COALESCE, AND and OR evaluate an operand that could fail only for the rows that need it, so
 *       {@code CASE WHEN b <> 0 THEN a / b END} never divides by zero;</li>
 *   <li>casts follow {@link Casts}; strings compare by bytes (code point order); LIKE is described in
 *       {@link LikePattern}.</li>
 * </ul>
 * Aggregate calls are not evaluated here (they belong to the hash aggregator); compiling one is an internal error.
 */
public final class ExpressionCompiler {
    private ExpressionCompiler() {}

    /**
     * @throws dev.weft.api.WeftException UNKNOWN_COLUMN or TYPE_MISMATCH (from the typer) when the expression does
     *     not fit the schema; UNSUPPORTED_TYPE for types the evaluator cannot process
     */
    public static VectorExpression compile(Expression expression, Schema input) {
        requireNonNull(expression, "expression is null");
        requireNonNull(input, "input is null");
        Field field = ExpressionTyper.resolve(expression, input);
        Evaluator root = new EvaluatorBuilder(input).build(expression);
        return new CompiledExpression(expression, field, root);
    }
}
