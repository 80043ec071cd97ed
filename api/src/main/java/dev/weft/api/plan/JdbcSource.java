package dev.weft.api.plan;

import static java.util.Objects.requireNonNull;

/**
 * Rows of a database table ({@code table}, possibly schema-qualified) or of a query ({@code query}): exactly one of the
 * two is non-empty. The output schema is the relation's, read from the database when the pipeline is built (or
 * declared by the user). Read with a cursor, {@code fetchSize} rows at a time.
 */
public record JdbcSource(OperatorInfo info, EdgeProperties output, JdbcDataSource dataSource, String table, String query, int fetchSize)
        implements SourceOperator {
    public static final int DEFAULT_FETCH_SIZE = 10_000;

    public JdbcSource {
        requireNonNull(info, "info is null");
        requireNonNull(output, "output is null");
        requireNonNull(dataSource, "dataSource is null");
        requireNonNull(table, "table is null");
        requireNonNull(query, "query is null");
        if (table.isBlank() == query.isBlank()) {
            throw new IllegalArgumentException("a JDBC source reads a table or a query, exactly one of them; got table '%s' and query '%s'".formatted(table, query));
        }
        if (fetchSize < 1) {
            throw new IllegalArgumentException("fetch size must be >= 1, got " + fetchSize);
        }
    }

    public boolean isQuery() {
        return !query.isBlank();
    }

    /** The table name or the query, for messages. */
    public String relation() {
        return isQuery() ? "query (" + query + ")" : "table " + table;
    }
}
