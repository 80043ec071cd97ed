package dev.weft.jdbc.sql;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * SQL text with {@code ?} placeholders and the values bound to them, in order. Values are never written into the
 * text: every literal of a plan becomes a parameter.
 */
public record SqlQuery(String text, List<Object> parameters) {
    public SqlQuery {
        requireNonNull(text, "text is null");
        parameters = Collections.unmodifiableList(new ArrayList<>(requireNonNull(parameters, "parameters is null")));
    }

    public static SqlQuery of(String text) {
        return new SqlQuery(text, List.of());
    }

    /** Builds a query from text and nested queries, keeping parameters in text order. */
    public static final class Builder {
        private final StringBuilder text = new StringBuilder();
        private final List<Object> parameters = new ArrayList<>();

        public Builder append(String sql) {
            text.append(sql);
            return this;
        }

        public Builder append(SqlQuery query) {
            text.append(query.text());
            parameters.addAll(query.parameters());
            return this;
        }

        /** A bind parameter with an explicit cast, so that PostgreSQL knows its type in any position. */
        public Builder parameter(Object value, String sqlType) {
            text.append("CAST(? AS ").append(sqlType).append(')');
            parameters.add(value);
            return this;
        }

        /** A bind parameter without a cast, where SQL takes only a plain value specification ({@code FETCH FIRST ? ROWS ONLY}). */
        public Builder parameter(Object value) {
            text.append('?');
            parameters.add(value);
            return this;
        }

        public SqlQuery build() {
            return new SqlQuery(text.toString(), parameters);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String toString() {
        return text + (parameters.isEmpty() ? "" : " " + parameters);
    }
}
