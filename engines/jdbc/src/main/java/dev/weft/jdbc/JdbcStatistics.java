package dev.weft.jdbc;

import dev.weft.api.WeftException;
import dev.weft.api.plan.JdbcSource;
import dev.weft.api.spi.SourceStatistics;
import dev.weft.jdbc.sql.SqlGenerator;
import dev.weft.jdbc.sql.SqlQuery;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the database knows of a source's size before it runs, through its dialect ({@link JdbcDialect#statistics}):
 * the generic dialect knows nothing (empty). PostgreSQL: a table: {@code pg_class.reltuples} (confidence 0.9 when the
 * table was analyzed), distinct counts and widths from {@code pg_stats}; a table never analyzed, or a query: the
 * planner's row estimate from {@code EXPLAIN (FORMAT JSON)} (confidence 0.5, bounds a factor 4 either side).
 */
public final class JdbcStatistics {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcStatistics.class);
    private static final Pattern PLAN_ROWS = Pattern.compile("\"Plan Rows\":\\s*([0-9.eE+]+)");
    private static final Pattern PLAN_WIDTH = Pattern.compile("\"Plan Width\":\\s*([0-9]+)");

    private JdbcStatistics() {}

    /** Empty (and logged) when the database cannot be reached: statistics never fail planning. */
    public static Optional<SourceStatistics> of(JdbcSource source) {
        try (Connection connection = JdbcConnections.open(source.dataSource())) {
            return JdbcDialects.of(source.dataSource()).statistics(connection, source);
        } catch (SQLException | WeftException e) {
            LOG.warn("no statistics for {}: {}", source.relation(), e.getMessage());
            return Optional.empty();
        }
    }

    /** PostgreSQL's statistics of a table or query. */
    static SourceStatistics postgres(Connection connection, JdbcSource source) throws SQLException {
        if (!source.isQuery()) {
            Optional<SourceStatistics> table = table(connection, source);
            if (table.isPresent()) {
                return table.get();
            }
        }
        return explain(connection, new SqlGenerator().generate(source));
    }

    private static Optional<SourceStatistics> table(Connection connection, JdbcSource source) throws SQLException {
        String name = dev.weft.jdbc.sql.Identifiers.table(source.table());
        double rows;
        try (PreparedStatement statement = connection.prepareStatement("SELECT reltuples FROM pg_class WHERE oid = to_regclass(?)")) {
            statement.setString(1, name);
            try (ResultSet result = statement.executeQuery()) {
                if (!result.next()) {
                    return Optional.empty();
                }
                rows = result.getDouble(1);
            }
        }
        if (rows < 0) {
            return Optional.empty(); // never analyzed (PostgreSQL 14+ says -1)
        }
        Map<String, Double> distinct = new HashMap<>();
        double width = 0;
        boolean widths = false;
        String sql = "SELECT s.attname, s.n_distinct, s.avg_width FROM pg_stats s JOIN pg_class c ON c.relname = s.tablename "
                + "JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = s.schemaname WHERE c.oid = to_regclass(?)";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, name);
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    double n = result.getDouble(2);
                    distinct.put(result.getString(1), n < 0 ? -n * rows : n);
                    width += result.getInt(3);
                    widths = true;
                }
            }
        }
        distinct.keySet().retainAll(source.schema().getFields().stream().map(f -> f.getName()).toList());
        return Optional.of(new SourceStatistics(rows, rows, 0.9, false, widths ? OptionalDouble.of(width) : OptionalDouble.empty(), distinct));
    }

    /** The planner's estimate of a query's rows. */
    public static SourceStatistics explain(Connection connection, SqlQuery query) throws SQLException {
        SqlQuery explain = SqlQuery.builder().append("EXPLAIN (FORMAT JSON) ").append(query).build();
        try (PreparedStatement statement = JdbcEngine.prepare(connection, explain); ResultSet result = statement.executeQuery()) {
            result.next();
            String json = result.getString(1);
            Matcher rows = PLAN_ROWS.matcher(json);
            Matcher width = PLAN_WIDTH.matcher(json);
            double estimate = rows.find() ? Double.parseDouble(rows.group(1)) : 0;
            OptionalDouble bytes = width.find() ? OptionalDouble.of(Double.parseDouble(width.group(1))) : OptionalDouble.empty();
            return new SourceStatistics(estimate / 4, estimate * 4, 0.5, false, bytes, Map.of());
        } catch (SQLException e) {
            throw JdbcErrors.statement("estimating rows", explain.text(), e);
        }
    }
}
