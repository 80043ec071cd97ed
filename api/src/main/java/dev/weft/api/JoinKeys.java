package dev.weft.api;

import static java.util.Objects.requireNonNull;

import dev.weft.api.expr.Expression;
import dev.weft.api.expr.Expressions;
import java.util.ArrayList;
import java.util.List;

/** Equi-join keys: pairs of a left expression and a right expression. */
public record JoinKeys(List<Expression> left, List<Expression> right) {
    public JoinKeys {
        left = List.copyOf(requireNonNull(left, "left is null"));
        right = List.copyOf(requireNonNull(right, "right is null"));
    }

    /** {@code left.leftColumn = right.rightColumn}. */
    public static JoinKeys on(String leftColumn, String rightColumn) {
        return on(Expressions.col(leftColumn), Expressions.col(rightColumn));
    }

    public static JoinKeys on(Expression leftKey, Expression rightKey) {
        return new JoinKeys(List.of(leftKey), List.of(rightKey));
    }

    /** The same column name on both sides; the output keeps it once. */
    public static JoinKeys using(String column) {
        return on(column, column);
    }

    public JoinKeys and(String leftColumn, String rightColumn) {
        return and(Expressions.col(leftColumn), Expressions.col(rightColumn));
    }

    public JoinKeys and(Expression leftKey, Expression rightKey) {
        List<Expression> l = new ArrayList<>(left);
        List<Expression> r = new ArrayList<>(right);
        l.add(leftKey);
        r.add(rightKey);
        return new JoinKeys(l, r);
    }
}
