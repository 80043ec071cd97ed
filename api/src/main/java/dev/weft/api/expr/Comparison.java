package dev.weft.api.expr;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** A comparison; NULL on either side gives NULL (which a filter drops). */
public record Comparison(Operator operator, Expression left, Expression right) implements Expression {
    public enum Operator {
        EQ("="),
        NE("<>"),
        LT("<"),
        LE("<="),
        GT(">"),
        GE(">=");

        private final String symbol;

        Operator(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    public Comparison {
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
