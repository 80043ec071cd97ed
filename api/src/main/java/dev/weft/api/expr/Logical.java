package dev.weft.api.expr;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** AND / OR with SQL three-valued logic. */
public record Logical(Operator operator, Expression left, Expression right) implements Expression {
    public enum Operator {
        AND,
        OR
    }

    public Logical {
        requireNonNull(operator, "operator is null");
        requireNonNull(left, "left is null");
        requireNonNull(right, "right is null");
    }

    @Override
    public List<Expression> children() {
        return List.of(left, right);
    }

    @Override
    public String toString() {
        return "(%s %s %s)".formatted(left, operator, right);
    }
}
