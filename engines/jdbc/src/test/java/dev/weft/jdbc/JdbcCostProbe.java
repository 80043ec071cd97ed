package dev.weft.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.api.Pipeline;
import dev.weft.api.plan.Plan;
import dev.weft.api.spi.Stage;
import dev.weft.api.types.DataTypes;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.LongSupplier;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures the figures of META-INF/weft/cost-profiles/jdbc.json against the real server (run by hand:
 * {@code -Dweft.calibrate.jdbc=true -Dtest=JdbcCostProbe}); logs them at WARN so they show in the test output.
 * Server-side operator costs are differences of single-row queries over an N-row table (no transfer); the cursor
 * and COPY costs are whole transfers into and out of Arrow.
 */
@EnabledIfSystemProperty(named = "weft.calibrate.jdbc", matches = "true")
class JdbcCostProbe extends JdbcTestBase {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcCostProbe.class);
    private static final int N = 1_000_000;

    @Test
    void measure() throws Exception {
        sql("DROP TABLE IF EXISTS probe", "CREATE TABLE probe AS SELECT g::int8 AS id, (g % 1000)::int8 AS k, (g * 1.5)::float8 AS v, md5(g::text) AS s"
                + " FROM generate_series(1, " + N + ") g", "ANALYZE probe");
        try (Connection connection = JdbcConnections.open(db); Statement statement = connection.createStatement()) {
            LongSupplier base = () -> time(statement, "SELECT count(*) FROM probe");
            double scan = perRecord(base);
            report("jdbc-source (server scan)", scan);
            report("filter", perRecord(() -> time(statement, "SELECT count(*) FROM probe WHERE v > 1000.0 AND k <> 7")) - scan);
            report("project", perRecord(() -> time(statement, "SELECT sum(v * 2 + k) FROM probe")) - scan);
            report("aggregate", perRecord(() -> time(statement, "SELECT count(*) FROM (SELECT k, sum(v), count(*) FROM probe GROUP BY k) x")) - scan);
            report("distinct", perRecord(() -> time(statement, "SELECT count(*) FROM (SELECT DISTINCT k, s FROM probe) x")) - scan);
            report("sort", perRecord(() -> time(statement, "SELECT count(*) FROM (SELECT v FROM probe ORDER BY s LIMIT 100000000) x")) - scan);
            report("top-k", perRecord(() -> time(statement, "SELECT count(*) FROM (SELECT v FROM probe ORDER BY s LIMIT 10) x")) - scan);
            // per input record on both sides
            report("join", perRecord(() -> time(statement, "SELECT count(*) FROM probe a JOIN probe b ON a.id = b.id")) / 2 - scan);
            long open = median(() -> {
                long started = System.nanoTime();
                try (Connection c = JdbcConnections.open(db)) {
                    return System.nanoTime() - started;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            LOG.warn("cost probe: connection open {} ms", open / 1e6);
        }
        // cursor into Arrow: the whole table through the engine to a collect sink
        Pipeline pipeline = Pipeline.create("probe");
        pipeline.readJdbc(db, "probe").collect();
        Plan plan = pipeline.plan();
        double cursor = perRecord(() -> {
            RecordingStageContext context = new RecordingStageContext(allocator, 4096).discardCollected();
            long started = System.nanoTime();
            engine.execute(new Stage("s", plan.sinks()), context);
            return System.nanoTime() - started;
        });
        report("cursor to Arrow (collect-sink / stage-output-sink)", cursor);
        // COPY from Arrow into a table
        Schema schema = new Schema(List.of(DataTypes.field("id", DataTypes.INT64, false), DataTypes.field("k", DataTypes.INT64, false),
                DataTypes.field("v", DataTypes.FLOAT64, false), DataTypes.field("s", DataTypes.STRING, false)));
        try (Connection connection = JdbcConnections.open(db)) {
            connection.setAutoCommit(false);
            double copy = perRecord(() -> {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("CREATE TEMPORARY TABLE IF NOT EXISTS copy_probe (id int8, k int8, v float8, s text)");
                    statement.execute("TRUNCATE copy_probe");
                    long started = System.nanoTime();
                    try (CopyLoader loader = CopyLoader.open(connection, "copy_probe", List.of("id", "k", "v", "s"), List.of("int8", "int8", "float8", "text"))) {
                        for (int b = 0; b < N / 10_000; b++) {
                            try (VectorSchemaRoot batch = batch(schema, b * 10_000, 10_000)) {
                                loader.write(batch);
                            }
                        }
                        assertThat(loader.finish()).isEqualTo(N);
                    }
                    return System.nanoTime() - started;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            report("COPY from Arrow (jdbc-sink / stage-input-source)", copy);
            connection.rollback();
        }
        LOG.warn("cost probe: server start {} ms", PostgresTestServer.embedded() == null ? -1 : PostgresTestServer.embedded().startTime().toMillis());
    }

    private VectorSchemaRoot batch(Schema schema, long first, int rows) {
        VectorSchemaRoot batch = VectorSchemaRoot.create(schema, allocator);
        batch.allocateNew();
        for (int i = 0; i < rows; i++) {
            long id = first + i;
            ((BigIntVector) batch.getVector(0)).setSafe(i, id);
            ((BigIntVector) batch.getVector(1)).setSafe(i, id % 1000);
            ((Float8Vector) batch.getVector(2)).setSafe(i, id * 1.5);
            ((VarCharVector) batch.getVector(3)).setSafe(i, Long.toHexString(id * 2654435761L).getBytes(StandardCharsets.UTF_8));
        }
        batch.setRowCount(rows);
        return batch;
    }

    private static long time(Statement statement, String sql) {
        long started = System.nanoTime();
        try (ResultSet result = statement.executeQuery(sql)) {
            result.next();
        } catch (Exception e) {
            throw new IllegalStateException(sql, e);
        }
        return System.nanoTime() - started;
    }

    private static double perRecord(LongSupplier run) {
        return median(run) / (double) N;
    }

    private static long median(LongSupplier run) {
        run.getAsLong();
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            times.add(run.getAsLong());
        }
        Collections.sort(times);
        return times.get(1);
    }

    private static void report(String what, double nsPerRecord) {
        LOG.warn("cost probe: {} {} ns/record ({} records/s)", what, "%.1f".formatted(nsPerRecord), "%.0f".formatted(1e9 / nsPerRecord));
    }

}
