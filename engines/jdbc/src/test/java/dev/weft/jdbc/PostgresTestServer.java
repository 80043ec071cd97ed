package dev.weft.jdbc;

import dev.weft.api.plan.JdbcDataSource;
import dev.weft.jdbc.embedded.EmbeddedPostgresServer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The one PostgreSQL server of a test JVM: the embedded server, started on first use and stopped at exit, or an external
 * server when {@code -Dweft.test.postgres.url=jdbc:postgresql://...} is set (user from {@code weft.test.postgres.user},
 * default postgres; password from the environment variable WEFT_TEST_POSTGRES_PASSWORD if set).
 */
final class PostgresTestServer {
    static final String URL_PROPERTY = "weft.test.postgres.url";
    private static JdbcDataSource dataSource;
    private static EmbeddedPostgresServer embedded;

    private PostgresTestServer() {}

    static synchronized JdbcDataSource dataSource() {
        if (dataSource == null) {
            String url = System.getProperty(URL_PROPERTY, "");
            if (!url.isBlank()) {
                JdbcDataSource external = JdbcDataSource.of(url).withUser(System.getProperty("weft.test.postgres.user", "postgres"));
                dataSource = System.getenv("WEFT_TEST_POSTGRES_PASSWORD") != null ? external.passwordFromEnv("WEFT_TEST_POSTGRES_PASSWORD") : external;
            } else {
                embedded = EmbeddedPostgresServer.start();
                Runtime.getRuntime().addShutdownHook(new Thread(embedded::close, "embedded-postgres-stop"));
                dataSource = embedded.dataSource();
            }
        }
        return dataSource;
    }

    /** The embedded server, or null when the suite runs against an external one. */
    static synchronized EmbeddedPostgresServer embedded() {
        dataSource();
        return embedded;
    }

    static void execute(String... statements) {
        try (Connection connection = JdbcConnections.open(dataSource()); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
