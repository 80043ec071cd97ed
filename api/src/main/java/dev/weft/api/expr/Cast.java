package dev.weft.api.expr;

import static java.util.Objects.requireNonNull;

import dev.weft.api.types.DataTypes;
import java.util.List;
import org.apache.arrow.vector.types.pojo.ArrowType;

/** Converts a value to another type; a string that does not parse is an error naming the value. */
public record Cast(Expression input, ArrowType type) implements Expression {
    public Cast {
        requireNonNull(input, "input is null");
        requireNonNull(type, "type is null");
    }

    @Override
    public List<Expression> children() {
        return List.of(input);
    }

    @Override
    public String toString() {
        return "CAST(%s AS %s)".formatted(input, DataTypes.describe(type));
    }
}
