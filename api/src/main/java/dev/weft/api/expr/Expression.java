package dev.weft.api.expr;

import java.io.Serializable;
import java.util.List;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * A declarative expression over the columns of a dataset: the kind of logic that can be vectorized on Arrow,
 * pushed into SQL, or translated for Spark and Flink. Build them with {@link Expressions}.
 */
public sealed interface Expression extends Serializable
        permits ColumnRef, Literal, Arithmetic, Comparison, Logical, Not, IsNull, CaseWhen, Cast, Call, AggregateCall, Alias {

    List<Expression> children();

    /** The name of the column this expression produces: the alias, the column name, or its rendering. */
    default String name() {
        return toString();
    }

    default Comparison eq(Object other) {
        return new Comparison(Comparison.Operator.EQ, this, Expressions.toExpression(other));
    }

    default Comparison ne(Object other) {
        return new Comparison(Comparison.Operator.NE, this, Expressions.toExpression(other));
    }

    default Comparison gt(Object other) {
        return new Comparison(Comparison.Operator.GT, this, Expressions.toExpression(other));
    }

    default Comparison ge(Object other) {
        return new Comparison(Comparison.Operator.GE, this, Expressions.toExpression(other));
    }

    default Comparison lt(Object other) {
        return new Comparison(Comparison.Operator.LT, this, Expressions.toExpression(other));
    }

    default Comparison le(Object other) {
        return new Comparison(Comparison.Operator.LE, this, Expressions.toExpression(other));
    }

    default Logical between(Object lower, Object upper) {
        return ge(lower).and(le(upper));
    }

    default Arithmetic plus(Object other) {
        return new Arithmetic(Arithmetic.Operator.ADD, this, Expressions.toExpression(other));
    }

    default Arithmetic minus(Object other) {
        return new Arithmetic(Arithmetic.Operator.SUBTRACT, this, Expressions.toExpression(other));
    }

    default Arithmetic times(Object other) {
        return new Arithmetic(Arithmetic.Operator.MULTIPLY, this, Expressions.toExpression(other));
    }

    default Arithmetic dividedBy(Object other) {
        return new Arithmetic(Arithmetic.Operator.DIVIDE, this, Expressions.toExpression(other));
    }

    default Arithmetic mod(Object other) {
        return new Arithmetic(Arithmetic.Operator.MODULO, this, Expressions.toExpression(other));
    }

    default Logical and(Expression other) {
        return new Logical(Logical.Operator.AND, this, other);
    }

    default Logical or(Expression other) {
        return new Logical(Logical.Operator.OR, this, other);
    }

    default Not not() {
        return new Not(this);
    }

    default IsNull isNull() {
        return new IsNull(this);
    }

    default Not isNotNull() {
        return new Not(new IsNull(this));
    }

    default Call like(String pattern) {
        return new Call(Call.Function.LIKE, List.of(this, Expressions.lit(pattern)));
    }

    /** {@code x IN (a, b, ...)}, as a disjunction of equalities. */
    default Expression in(Object... values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("in() needs at least one value");
        }
        Expression result = eq(values[0]);
        for (int i = 1; i < values.length; i++) {
            result = new Logical(Logical.Operator.OR, result, eq(values[i]));
        }
        return result;
    }

    default Cast cast(ArrowType type) {
        return new Cast(this, type);
    }

    default Alias as(String alias) {
        return new Alias(this, alias);
    }

    default SortKey asc() {
        return SortKey.ascending(this);
    }

    default SortKey desc() {
        return SortKey.descending(this);
    }
}
