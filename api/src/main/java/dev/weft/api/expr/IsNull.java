package dev.weft.api.expr;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** True when the input is NULL; never NULL itself. */
public record IsNull(Expression input) implements Expression {
    public IsNull {
        requireNonNull(input, "input is null");
    }

    @Override
    public List<Expression> children() {
        return List.of(input);
    }

    @Override
    public String toString() {
        return "(%s IS NULL)".formatted(input);
    }
}
