package dev.weft.jdbc;

import dev.weft.api.plan.JdbcSink;
import dev.weft.api.plan.JdbcSource;
import dev.weft.api.plan.Plan;
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

    /**
     * Only with a database to run in: the plan reads or writes a JDBC table, or {@code weft.jdbc.url} names a database
     * for work without one. Otherwise SQL for, say, a word count's projection would have nowhere to run.
     */
    @Override
    public boolean usableFor(Plan plan, Map<String, String> properties) {
        if (properties.getOrDefault("weft.jdbc.url", "").isBlank()) {
            return plan.operators().stream().anyMatch(operator -> operator instanceof JdbcSource || operator instanceof JdbcSink);
        }
        return true;
    }

    @Override
    public Engine create(EngineContext context) {
        return new JdbcEngine(context);
    }
}
