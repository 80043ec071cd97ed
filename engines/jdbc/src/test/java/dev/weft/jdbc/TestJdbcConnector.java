package dev.weft.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.api.Pipeline;
import dev.weft.api.WeftException;
import dev.weft.api.plan.JdbcDataSource;
import dev.weft.api.plan.JdbcSink;
import dev.weft.api.plan.JdbcSource;
import dev.weft.api.plan.JdbcWriteMode;
import dev.weft.api.spi.BatchReader;
import dev.weft.api.spi.Connector;
import dev.weft.api.spi.ConnectorContext;
import dev.weft.api.spi.ConnectorSink;
import dev.weft.api.spi.ExecutionSettings;
import dev.weft.api.spi.SourceStatistics;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.ServiceLoader;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The connector other engines use: cursor reads and COPY writes in one transaction. */
class TestJdbcConnector extends JdbcTestBase {
    static final class Context implements ConnectorContext {
        private final BufferAllocator allocator;

        Context(BufferAllocator allocator) {
            this.allocator = allocator;
        }

        @Override
        public BufferAllocator allocator() {
            return allocator;
        }

        @Override
        public ExecutionSettings settings() {
            return new ExecutionSettings(1, 64L << 20, Path.of(System.getProperty("java.io.tmpdir")), 500);
        }

        @Override
        public Map<String, String> properties() {
            return Map.of();
        }

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public void awaitDurable() {
        }

        @Override
        public void countSkipped(String reason, long records) {
        }
    }

    /** Reads table {@code from} with the connector and writes it into {@code to} with the connector's sink. */
    static long copyThroughConnector(JdbcDataSource db, BufferAllocator allocator, String from, String to) {
        Pipeline pipeline = Pipeline.create("t");
        pipeline.readJdbc(db, from).writeJdbc(db, to, JdbcWriteMode.APPEND);
        JdbcSink sink = (JdbcSink) pipeline.plan().sinks().get(0);
        JdbcSource source = (JdbcSource) sink.input();
        JdbcConnector connector = new JdbcConnector();
        Context context = new Context(allocator);
        long rows = 0;
        try (BatchReader reader = connector.read(source, 0, connector.splits(source, 4, context), context);
             ConnectorSink writer = connector.write(sink, context)) {
            VectorSchemaRoot batch;
            while ((batch = reader.next()) != null) {
                rows += batch.getRowCount();
                writer.write(batch);
            }
            writer.commit();
        }
        return rows;
    }

    @BeforeEach
    void createTables() {
        sql("DROP TABLE IF EXISTS src", "DROP TABLE IF EXISTS dst",
                "CREATE TABLE src AS SELECT g::int4 AS id, md5(g::text) AS h, (g / 7.0)::numeric(12,4) AS x FROM generate_series(1, 20000) g",
                "CREATE TABLE dst (id int4 NOT NULL, h text, x numeric(12,4))", "ANALYZE src");
    }

    @Test
    void isFoundByServiceLoaderAndReadsAndWritesJdbc() {
        assertThat(ServiceLoader.load(Connector.class).stream().map(p -> p.type().getName()).toList()).contains(JdbcConnector.class.getName());
        assertThat(new JdbcConnector().operators()).containsExactlyInAnyOrder(JdbcSource.class, JdbcSink.class);
    }

    @Test
    void copiesATableThroughACursorAndCopy() throws Exception {
        assertThat(copyThroughConnector(db, allocator, "src", "dst")).isEqualTo(20_000);
        assertThat(query("SELECT count(*) FROM dst WHERE (id, h, x) IN (SELECT id, h, x FROM src)")).isEqualTo(20_000);
    }

    @Test
    void anAbortedSinkLeavesTheTableAsItWas() throws Exception {
        Pipeline pipeline = Pipeline.create("t");
        pipeline.readJdbc(db, "src").writeJdbc(db, "dst", JdbcWriteMode.OVERWRITE);
        JdbcSink sink = (JdbcSink) pipeline.plan().sinks().get(0);
        JdbcSource source = (JdbcSource) sink.input();
        sql("INSERT INTO dst VALUES (0, 'kept', 0)");
        JdbcConnector connector = new JdbcConnector();
        Context context = new Context(allocator);
        try (BatchReader reader = connector.read(source, 0, 1, context); ConnectorSink writer = connector.write(sink, context)) {
            writer.write(reader.next());
            writer.write(reader.next());
            writer.abort();
        }
        assertThat(query("SELECT count(*) FROM dst")).isEqualTo(1);
    }

    @Test
    void statisticsComeFromTheCatalogForTablesAndFromExplainForQueries() {
        Pipeline pipeline = Pipeline.create("t");
        JdbcSource table = (JdbcSource) pipeline.readJdbc(db, "src").operator();
        JdbcSource query = (JdbcSource) pipeline.readJdbcQuery(db, "SELECT * FROM src WHERE id <= 100").operator();
        SourceStatistics tableStats = new JdbcEngineProvider().statistics(table).orElseThrow();
        assertThat(tableStats.lowerRows()).isEqualTo(20_000);
        assertThat(tableStats.confidence()).isEqualTo(0.9);
        assertThat(tableStats.distinctCounts().get("id")).isEqualTo(20_000);
        assertThat(tableStats.bytesPerRow()).isPresent();
        SourceStatistics queryStats = new JdbcConnector().statistics(query).orElseThrow();
        assertThat(queryStats.lowerRows()).isLessThanOrEqualTo(100).isGreaterThan(0);
        assertThat(queryStats.upperRows()).isGreaterThanOrEqualTo(100);
        JdbcSource unreachable = new JdbcSource(table.info(), table.output(), JdbcDataSource.of("jdbc:postgresql://127.0.0.1:1/x").withProperty("connectTimeout", "1"),
                "src", "", 10);
        assertThat(new JdbcEngineProvider().statistics(unreachable)).isEmpty();
    }

    @Test
    void aMissingTableFailsAtSplitTime() {
        Pipeline pipeline = Pipeline.create("t");
        JdbcSource source = (JdbcSource) pipeline.readJdbc(db, "gone", pipeline.readJdbc(db, "src").schema()).operator();
        assertThatThrownBy(() -> new JdbcConnector().splits(source, 2, new Context(allocator)))
                .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.errorCode()).isEqualTo(JdbcErrorCode.RELATION_MISSING));
    }

    private long query(String sql) throws Exception {
        try (Connection connection = JdbcConnections.open(db); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }

}
