package dev.weft.jdbc;

import dev.weft.api.plan.JdbcDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/** A fresh in-memory H2 database (the generic dialect's second real database); {@link #close} drops it. */
final class H2TestDatabase implements AutoCloseable {
    private final JdbcDataSource dataSource;

    H2TestDatabase() {
        dataSource = JdbcDataSource.of("jdbc:h2:mem:weft_%s;DB_CLOSE_DELAY=-1".formatted(UUID.randomUUID().toString().replace("-", "")));
    }

    JdbcDataSource dataSource() {
        return dataSource;
    }

    void execute(String... statements) {
        try (Connection connection = JdbcConnections.open(dataSource); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    long count(String sql) {
        try (Connection connection = JdbcConnections.open(dataSource); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        execute("SHUTDOWN");
    }
}
