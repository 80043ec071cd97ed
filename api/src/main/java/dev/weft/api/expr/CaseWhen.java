package dev.weft.api.expr;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** CASE WHEN c1 THEN v1 ... ELSE e END; without ELSE, unmatched rows are NULL. */
public record CaseWhen(List<Branch> branches, Optional<Expression> otherwise) implements Expression {
    public record Branch(Expression condition, Expression value) implements Serializable {
        public Branch {
            requireNonNull(condition, "condition is null");
            requireNonNull(value, "value is null");
        }
    }

    public CaseWhen {
        branches = List.copyOf(requireNonNull(branches, "branches is null"));
        requireNonNull(otherwise, "otherwise is null");
        if (branches.isEmpty()) {
            throw new IllegalArgumentException("CASE needs at least one WHEN branch");
        }
    }

    /** Adds a branch: {@code when(c1, v1).when(c2, v2).otherwise(e)}. */
    public CaseWhen when(Expression condition, Object value) {
        List<Branch> more = new ArrayList<>(branches);
        more.add(new Branch(condition, Expressions.toExpression(value)));
        return new CaseWhen(more, otherwise);
    }

    public CaseWhen otherwise(Object value) {
        return new CaseWhen(branches, Optional.of(Expressions.toExpression(value)));
    }

    @Override
    public List<Expression> children() {
        List<Expression> children = new ArrayList<>();
        for (Branch branch : branches) {
            children.add(branch.condition());
            children.add(branch.value());
        }
        otherwise.ifPresent(children::add);
        return children;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("CASE");
        for (Branch branch : branches) {
            text.append(" WHEN ").append(branch.condition()).append(" THEN ").append(branch.value());
        }
        otherwise.ifPresent(e -> text.append(" ELSE ").append(e));
        return text.append(" END").toString();
    }
}
