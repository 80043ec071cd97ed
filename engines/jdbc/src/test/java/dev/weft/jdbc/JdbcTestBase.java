package dev.weft.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.api.Collected;
import dev.weft.api.Pipeline;
import dev.weft.api.plan.JdbcDataSource;
import dev.weft.api.plan.Plan;
import dev.weft.api.spi.Engine;
import dev.weft.api.spi.EngineContext;
import dev.weft.api.spi.ExecutionSettings;
import dev.weft.api.spi.Stage;
import java.nio.file.Path;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A fresh allocator and JDBC engine per test, over the JVM's one PostgreSQL server. */
abstract class JdbcTestBase {
    protected BufferAllocator allocator;
    protected Engine engine;
    protected JdbcDataSource db;

    @BeforeEach
    void createEngine() {
        db = PostgresTestServer.dataSource();
        allocator = new RootAllocator(Long.MAX_VALUE);
        engine = new JdbcEngineProvider().create(new EngineContext(allocator,
                new ExecutionSettings(2, 64L << 20, Path.of(System.getProperty("java.io.tmpdir")), 1000)));
    }

    @AfterEach
    void closeEngine() {
        engine.close();
        assertThat(allocator.getAllocatedMemory()).as(allocator::toVerboseString).isZero();
        allocator.close();
    }

    /** Runs every sink of the pipeline as one stage on the JDBC engine. */
    protected RecordingStageContext run(Pipeline pipeline) {
        return run(pipeline, new RecordingStageContext(allocator, 1000));
    }

    protected RecordingStageContext run(Pipeline pipeline, RecordingStageContext context) {
        Plan plan = pipeline.plan();
        engine.execute(new Stage("s1", plan.sinks()), context);
        return context;
    }

    protected <T> List<List<Object>> rows(Collected<T> collected, RecordingStageContext context) {
        return context.rows(collected.sink());
    }

    protected static void sql(String... statements) {
        PostgresTestServer.execute(statements);
    }
}
