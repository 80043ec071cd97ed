package dev.weft.api.expr;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** Names the column an expression produces. */
public record Alias(Expression input, String alias) implements Expression {
    public Alias {
        requireNonNull(input, "input is null");
        requireNonNull(alias, "alias is null");
        if (alias.isBlank()) {
            throw new IllegalArgumentException("alias is blank");
        }
    }

    @Override
    public List<Expression> children() {
        return List.of(input);
    }

    @Override
    public String name() {
        return alias;
    }

    @Override
    public String toString() {
        return input + " AS " + alias;
    }
}
