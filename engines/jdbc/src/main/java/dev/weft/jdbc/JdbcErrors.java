package dev.weft.jdbc;

import dev.weft.api.WeftException;
import dev.weft.api.plan.JdbcDataSource;
import java.sql.SQLException;

/** Turns SQLExceptions into WeftExceptions with a {@link JdbcErrorCode} by SQLSTATE; never shows a password. */
public final class JdbcErrors {
    private JdbcErrors() {}

    /** A failure to open a connection. */
    public static WeftException connect(JdbcDataSource dataSource, SQLException e) {
        String state = state(e);
        if (state.startsWith("28")) {
            return new WeftException(JdbcErrorCode.AUTHENTICATION_FAILED, "the database at %s refused user '%s': %s; check the user and the password (%s)"
                    .formatted(dataSource.redactedUrl(), dataSource.user(), e.getMessage(), passwordOrigin(dataSource)), e);
        }
        if (state.equals("3D000")) {
            return new WeftException(JdbcErrorCode.RELATION_MISSING, "the database of %s does not exist: %s; check the URL"
                    .formatted(dataSource.redactedUrl(), e.getMessage()), e);
        }
        return new WeftException(JdbcErrorCode.CONNECTION_FAILED, "cannot connect to the database at %s: %s; check that the server runs and the host and port are right"
                .formatted(dataSource.redactedUrl(), e.getMessage()), e);
    }

    /** A failed statement; {@code what} says what Weft was doing ("reading table orders"), {@code sql} is the statement text. */
    public static WeftException statement(String what, String sql, SQLException e) {
        String state = state(e);
        if (state.equals("42P01") || state.equals("42S02")) { // PostgreSQL's and SQL:2008's (H2, MySQL ...) undefined table
            return new WeftException(JdbcErrorCode.RELATION_MISSING, "%s: %s; check the table name (schema-qualified if it is not on the search path). SQL: %s"
                    .formatted(what, e.getMessage(), sql), e);
        }
        if (state.equals("42703") || state.equals("42S22")) {
            return new WeftException(JdbcErrorCode.COLUMN_MISSING, "%s: %s; check the column names against the table. SQL: %s"
                    .formatted(what, e.getMessage(), sql), e);
        }
        if (state.startsWith("08")) {
            return new WeftException(JdbcErrorCode.CONNECTION_FAILED, "%s: the connection broke: %s; check the server. SQL: %s"
                    .formatted(what, e.getMessage(), sql), e);
        }
        return new WeftException(JdbcErrorCode.SQL_FAILED, "%s: the database failed the statement (SQLSTATE %s): %s. SQL: %s"
                .formatted(what, state, e.getMessage(), sql), e);
    }

    private static String state(SQLException e) {
        return e.getSQLState() == null ? "" : e.getSQLState();
    }

    private static String passwordOrigin(JdbcDataSource dataSource) {
        return switch (dataSource.passwordSource()) {
            case NONE -> "no password is configured";
            case ENV -> "password from environment variable " + dataSource.passwordRef();
            case FILE -> "password from file " + dataSource.passwordRef();
        };
    }
}
