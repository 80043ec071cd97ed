package dev.weft.api.expr;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** A reference to an input column by name. */
public record ColumnRef(String column) implements Expression {
    public ColumnRef {
        requireNonNull(column, "column is null");
        if (column.isBlank()) {
            throw new IllegalArgumentException("column name is blank");
        }
    }

    @Override
    public List<Expression> children() {
        return List.of();
    }

    @Override
    public String name() {
        return column;
    }

    @Override
    public String toString() {
        return column;
    }
}
