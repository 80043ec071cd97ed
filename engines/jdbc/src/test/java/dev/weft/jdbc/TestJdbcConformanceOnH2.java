package dev.weft.jdbc;

import dev.weft.api.WeftException;
import dev.weft.api.plan.LogicalOperator;
import dev.weft.api.spi.EngineProvider;
import dev.weft.conformance.EngineConformanceTest;
import dev.weft.engine.java.JavaEngineProvider;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.vector.types.pojo.Field;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * The conformance suite on the JDBC engine's generic (SQL:2008) dialect over an in-memory H2 database: the suite's
 * sources run on the Java engine and are shipped into H2 scratch tables with batched INSERTs; every declarative
 * operator after them runs as SQL in H2. Pipelines with a column the generic dialect cannot hold are skipped, and so
 * are the two join tests whose size makes H2's nested-loop joins slow.
 */
class TestJdbcConformanceOnH2 extends EngineConformanceTest {
    private static final H2TestDatabase H2 = new H2TestDatabase();

    @AfterAll
    static void dropDatabase() {
        H2.close();
    }

    /** Correct in H2 too, but H2 joins derived tables with nested loops: 30 s of a shared 2-core machine. PostgreSQL runs it. */
    @Test
    @Disabled("H2 joins derived tables with nested loops (no hash join): correct but about 30 s; TestJdbcConformance runs it on PostgreSQL")
    @Override
    public void joinManyBatches() {
    }

    @Test
    @Disabled("H2 joins derived tables with nested loops (no hash join): correct but about 10 s; TestJdbcConformance runs it on PostgreSQL")
    @Override
    public void joinWithSkewedKeys() {
    }

    @Override
    protected EngineProvider provider() {
        return new JdbcEngineProvider();
    }

    @Override
    protected Optional<EngineProvider> sourceEngine() {
        return Optional.of(new JavaEngineProvider());
    }

    @Override
    protected Map<String, String> engineProperties() {
        return Map.of(JdbcEngine.URL_PROPERTY, H2.dataSource().url());
    }

    @Override
    protected Optional<String> unsupportedReason(LogicalOperator operator) {
        for (Field field : operator.schema().getFields()) {
            try {
                new GenericJdbcDialect().sqlType(field.getType());
            } catch (WeftException e) {
                return Optional.of("column '%s': %s".formatted(field.getName(), e.getMessage()));
            }
        }
        return Optional.empty();
    }
}
