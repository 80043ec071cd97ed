package dev.weft.jdbc.sql;

import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * What differs between databases in the SQL the JDBC engine generates: identifier quoting, the collation that makes
 * strings compare and sort by code point as in the Java engine, column type names (temporary tables, casts), how a row
 * limit is written, how a grouped aggregation names its keys, and the few functions SQL:2008 spells differently from
 * PostgreSQL. Everything else (statements around the query: bulk loads, temporary tables, catalog, statistics) is in
 * {@link dev.weft.jdbc.JdbcDialect}, which extends this.
 */
public interface SqlDialect {
    /** Which family of SQL the dialect writes; {@link ExpressionSql} renders the few differing functions by it. */
    enum Family { POSTGRESQL, ANSI }

    /** The dialect's name as {@code weft.jdbc.dialect} takes it. */
    String name();

    Family family();

    /** A quoted identifier (embedded quote characters doubled). */
    String quote(String identifier);

    /** A possibly schema-qualified table name, each part quoted; parts already quoted are kept as written. */
    default String table(String name) {
        return Identifiers.table(name, this::quote);
    }

    /** Appended to a string operand of a comparison, an ORDER BY item or min/max so that strings compare by code point; "" when the database's default does. */
    String codePointCollation();

    /** The column type that holds values of an Arrow type (temporary tables, casts, typed parameters). */
    String sqlType(ArrowType type);

    /** Appends the clause that keeps the first {@code limit} rows (a bind parameter, never text). */
    void limit(SqlQuery.Builder sql, long limit);

    /** Whether {@code GROUP BY 1, 2} names the select list's items by position; if not, keys are computed in a derived table first. */
    boolean groupsByPosition();
}
