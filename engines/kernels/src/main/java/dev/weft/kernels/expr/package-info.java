/**
 * Vectorized evaluation of {@code dev.weft.api.expr} expressions on Arrow batches, shared by every JVM engine.
 *
 * <p>{@link dev.weft.kernels.expr.ExpressionCompiler} turns an expression and an input schema into a
 * {@link dev.weft.kernels.expr.VectorExpression}: a tree of evaluators chosen by operand type (integer, double,
 * decimal, string, boolean, temporal), with constant operands specialized. Each evaluator processes a whole batch:
 * fixed-width values are read and written straight from Arrow buffers in primitive loops, validity and boolean
 * values 64 rows per machine word, strings as UTF-8 bytes copied once into Java arrays (no {@code String} per value
 * except where Unicode case mapping or parsing needs one). {@link dev.weft.kernels.expr.Selection} and
 * {@link dev.weft.kernels.expr.Projection} build filtered and projected batches from compiled expressions.
 */
package dev.weft.kernels.expr;
