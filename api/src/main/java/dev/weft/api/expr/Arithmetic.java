package dev.weft.api.expr;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Binary arithmetic on numbers. Integer division truncates (as in SQL); division by zero of integers or decimals
 * is an error; floating point follows IEEE 754.
 */
public record Arithmetic(Operator operator, Expression left, Expression right) implements Expression {
    public enum Operator {
        ADD("+"),
        SUBTRACT("-"),
        MULTIPLY("*"),
        DIVIDE("/"),
        MODULO("%");

        private final String symbol;

        Operator(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    public Arithmetic {
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
        return "(%s %s %s)".formatted(left, operator.symbol(), right);
    }
}
