package dev.weft.jdbc;

import dev.weft.api.ErrorCategory;
import dev.weft.api.WeftErrorCode;

/** Errors of the JDBC engine and connector (range 4000-4099). Messages never hold a password. */
public enum JdbcErrorCode implements WeftErrorCode {
    /** The server cannot be reached: refused, unknown host, timed out. */
    CONNECTION_FAILED(4000, ErrorCategory.EXTERNAL),
    /** The server refused the user or password. */
    AUTHENTICATION_FAILED(4001, ErrorCategory.USER_ERROR),
    /** A table, view or database does not exist. */
    RELATION_MISSING(4002, ErrorCategory.USER_ERROR),
    /** A column does not exist. */
    COLUMN_MISSING(4003, ErrorCategory.USER_ERROR),
    /** A statement failed on the server; the message holds the SQL text. */
    SQL_FAILED(4004, ErrorCategory.EXTERNAL),
    /** A column type has no Arrow mapping, or a value cannot be written to a column's type. */
    UNSUPPORTED_TYPE(4005, ErrorCategory.USER_ERROR),
    /** A plan fragment cannot be turned into SQL (a lambda, sources of two databases). */
    NOT_PUSHABLE(4006, ErrorCategory.USER_ERROR),
    /** No JDBC driver on the classpath accepts the URL. */
    DRIVER_MISSING(4007, ErrorCategory.USER_ERROR),
    /** The {@code weft.jdbc.dialect} property names no dialect. */
    UNKNOWN_DIALECT(4008, ErrorCategory.USER_ERROR),
    /** A lambda's SQL equivalent (its hint) does not fit the operator: wrong columns or types, or SQL the database rejects. */
    BAD_SQL_HINT(4009, ErrorCategory.USER_ERROR);

    private final int code;
    private final ErrorCategory category;

    JdbcErrorCode(int code, ErrorCategory category) {
        this.code = code;
        this.category = category;
    }

    @Override
    public int code() {
        return code;
    }

    @Override
    public ErrorCategory category() {
        return category;
    }
}
