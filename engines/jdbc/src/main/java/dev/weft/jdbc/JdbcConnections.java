package dev.weft.jdbc;

import dev.weft.api.WeftException;
import dev.weft.api.plan.JdbcDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.function.Function;

/**
 * Opens connections to a {@link JdbcDataSource}: the password is read from its environment variable or file at connect
 * time and passed only to the driver; a PostgreSQL session runs in UTC so that {@code timestamptz} values and date
 * parts are the same as the Java engine's. A URL no driver on the classpath accepts fails with DRIVER_MISSING; Weft's
 * own {@value JdbcDialects#DIALECT_PROPERTY} property is never passed to the driver.
 */
public final class JdbcConnections {
    /** Seconds to wait for the server before failing with CONNECTION_FAILED (unless the URL or properties say otherwise). */
    public static final String DEFAULT_CONNECT_TIMEOUT_SECONDS = "10";

    private JdbcConnections() {}

    public static Connection open(JdbcDataSource dataSource) {
        return open(dataSource, System::getenv);
    }

    public static Connection open(JdbcDataSource dataSource, Function<String, String> environment) {
        Properties properties = new Properties();
        properties.putAll(dataSource.properties());
        properties.remove(JdbcDialects.DIALECT_PROPERTY); // Weft's, not the driver's
        boolean postgres = dataSource.url().startsWith("jdbc:postgresql:");
        if (postgres) { // PostgreSQL driver properties; other drivers get only what the data source names
            properties.putIfAbsent("connectTimeout", DEFAULT_CONNECT_TIMEOUT_SECONDS);
            properties.putIfAbsent("ApplicationName", "weft");
        }
        if (!dataSource.user().isEmpty()) {
            properties.put("user", dataSource.user());
        }
        try {
            dataSource.password(environment).ifPresent(password -> properties.put("password", password));
        } catch (IllegalStateException e) {
            throw new WeftException(JdbcErrorCode.AUTHENTICATION_FAILED, "cannot connect to %s: %s".formatted(dataSource, e.getMessage()), e);
        }
        requireDriver(dataSource);
        Connection connection;
        try {
            connection = DriverManager.getConnection(dataSource.url(), properties);
        } catch (SQLException e) {
            throw JdbcErrors.connect(dataSource, e);
        }
        try (Statement statement = connection.createStatement()) {
            if (postgres) {
                statement.execute("SET TIME ZONE 'UTC'");
            }
            return connection;
        } catch (SQLException e) {
            close(connection);
            throw JdbcErrors.connect(dataSource, e);
        }
    }

    /** Fails with DRIVER_MISSING, naming the URL's prefix, when no driver on the classpath accepts the URL. */
    private static void requireDriver(JdbcDataSource dataSource) {
        try {
            DriverManager.getDriver(dataSource.url());
        } catch (SQLException e) {
            String url = dataSource.url();
            int second = url.indexOf(':', "jdbc:".length());
            String prefix = second < 0 ? url : url.substring(0, second + 1);
            throw new WeftException(JdbcErrorCode.DRIVER_MISSING, "no JDBC driver for URLs starting with '%s' (%s) is on the classpath; add the database's JDBC driver jar to the classpath (PostgreSQL's is bundled with Weft)"
                    .formatted(prefix, dataSource.redactedUrl()), e);
        }
    }

    /** Closes quietly (used on failure paths, where the first error matters). */
    public static void close(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception ignored) {
            // the first failure is what the caller reports
        }
    }

    /** Rolls back quietly. */
    public static void rollback(Connection connection) {
        try {
            if (connection != null && !connection.isClosed() && !connection.getAutoCommit()) {
                connection.rollback();
            }
        } catch (SQLException ignored) {
            // the connection is closed next; the server discards the transaction
        }
    }

}
