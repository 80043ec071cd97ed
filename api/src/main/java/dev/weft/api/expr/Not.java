package dev.weft.api.expr;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** Boolean negation (NOT NULL is NULL). */
public record Not(Expression input) implements Expression {
    public Not {
        requireNonNull(input, "input is null");
    }

    @Override
    public List<Expression> children() {
        return List.of(input);
    }

    @Override
    public String toString() {
        return "(NOT %s)".formatted(input);
    }
}
