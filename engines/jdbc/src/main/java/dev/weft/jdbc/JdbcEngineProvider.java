package dev.weft.jdbc;

import dev.weft.api.plan.JdbcSource;
import dev.weft.api.plan.SourceOperator;
import dev.weft.api.spi.Engine;
import dev.weft.api.spi.EngineCapabilities;
import dev.weft.api.spi.EngineContext;
import dev.weft.api.spi.EngineProvider;
import dev.weft.api.spi.SourceStatistics;
import java.util.Map;
import java.util.Optional;

/** Finds the JDBC engine ("jdbc": PostgreSQL, or any JDBC database through SQL:2008) through {@link java.util.ServiceLoader}. */
public final class JdbcEngineProvider implements EngineProvider {
    public static final String ARTIFACT = "dev.weft:weft-engine-jdbc";

    @Override
    public String name() {
        return JdbcEngine.NAME;
    }

    @Override
    public String artifact() {
        return ARTIFACT;
    }

    @Override
    public EngineCapabilities capabilities() {
        return JdbcEngine.CAPABILITIES;
    }

    /**
     * PostgreSQL: a table from pg_class.reltuples and pg_stats, a query from the planner's estimate (EXPLAIN). The generic
     * dialect: none. Empty when the database cannot be asked.
     */
    @Override
    public Optional<SourceStatistics> statistics(SourceOperator source) {
        return source instanceof JdbcSource jdbc ? JdbcStatistics.of(jdbc) : Optional.empty();
    }

    @Override
    public String location(Map<String, String> properties) {
        return "in the driver JVM (SQL pushed to the database)";
    }

    @Override
    public Engine create(EngineContext context) {
        return new JdbcEngine(context);
    }
}
