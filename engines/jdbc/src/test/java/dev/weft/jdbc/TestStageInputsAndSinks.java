package dev.weft.jdbc;

import static dev.weft.api.expr.Expressions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.api.Collected;
import dev.weft.api.Dataset;
import dev.weft.api.JoinKeys;
import dev.weft.api.Pipeline;
import dev.weft.api.WeftException;
import dev.weft.api.plan.CollectionSource;
import dev.weft.api.plan.JdbcWriteMode;
import dev.weft.api.plan.LogicalOperator;
import dev.weft.api.plan.Plan;
import dev.weft.api.plan.SinkOperator;
import dev.weft.api.plan.StageInputSource;
import dev.weft.api.spi.Stage;
import dev.weft.api.types.DataTypes;
import dev.weft.api.types.Row;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Rows shipped in from another engine (temporary tables loaded with COPY) and JDBC sinks (one transaction). */
class TestStageInputsAndSinks extends JdbcTestBase {
    private static final Schema SMALL = new Schema(List.of(DataTypes.field("k", DataTypes.INT64, false), DataTypes.field("tag", DataTypes.STRING, true)));

    @BeforeEach
    void createTables() {
        sql("DROP TABLE IF EXISTS facts", "DROP TABLE IF EXISTS target",
                "CREATE TABLE facts AS SELECT g::int8 AS k, (g * 10)::int8 AS v FROM generate_series(1, 100000) g",
                "ANALYZE facts",
                "CREATE TABLE target (k int8 NOT NULL, tag text CHECK (tag <> 'bad'))",
                "INSERT INTO target VALUES (-1, 'old')");
    }

    private static List<VectorSchemaRoot> smallBatches(BufferAllocator allocator, String... tags) {
        VectorSchemaRoot batch = VectorSchemaRoot.create(SMALL, allocator);
        batch.allocateNew();
        BigIntVector k = (BigIntVector) batch.getVector(0);
        VarCharVector tag = (VarCharVector) batch.getVector(1);
        for (int i = 0; i < tags.length; i++) {
            k.setSafe(i, (i + 1) * 1000L);
            if (tags[i] == null) {
                tag.setNull(i);
            } else {
                tag.setSafe(i, tags[i].getBytes(StandardCharsets.UTF_8));
            }
        }
        batch.setRowCount(tags.length);
        return List.of(batch);
    }

    /** The pipeline's plan with each collection source replaced by a stage input on channel "in". */
    private static List<SinkOperator> withStageInput(Plan plan) {
        Map<LogicalOperator, LogicalOperator> replaced = new HashMap<>();
        List<SinkOperator> sinks = new ArrayList<>();
        for (SinkOperator sink : plan.sinks()) {
            sinks.add((SinkOperator) replace(sink, replaced));
        }
        return sinks;
    }

    private static LogicalOperator replace(LogicalOperator operator, Map<LogicalOperator, LogicalOperator> replaced) {
        LogicalOperator done = replaced.get(operator);
        if (done != null) {
            return done;
        }
        LogicalOperator result;
        if (operator instanceof CollectionSource source) {
            result = new StageInputSource(source.info(), source.output(), "in");
        } else {
            List<LogicalOperator> inputs = operator.inputs().stream().map(i -> replace(i, replaced)).toList();
            result = operator.inputs().isEmpty() ? operator : operator.withInputs(inputs);
        }
        replaced.put(operator, result);
        return result;
    }

    @Test
    void aSmallStageInputIsJoinedWithALargeTableInsidePostgres() {
        Pipeline pipeline = Pipeline.create("t");
        Dataset<Row> small = pipeline.fromRows(List.of(), SMALL);
        Collected<Row> joined = pipeline.readJdbc(db, "facts").join(small, JoinKeys.using("k")).select(col("k"), col("v"), col("tag"))
                .sort(col("k").asc()).collect();
        RecordingStageContext context = new RecordingStageContext(allocator, 1000).input("in", SMALL, a -> smallBatches(a, "x", null, "z"));
        engine.execute(new Stage("s1", withStageInput(pipeline.plan())), context);
        assertThat(context.rows(joined.sink())).containsExactly(List.of(1000L, 10000L, "x"), java.util.Arrays.asList(2000L, 20000L, null),
                List.of(3000L, 30000L, "z"));
    }

    @Test
    void aStageInputIsCopiedIntoASinkTableInOneTransaction() throws Exception {
        Pipeline pipeline = Pipeline.create("t");
        pipeline.fromRows(List.of(), SMALL).writeJdbc(db, "target", JdbcWriteMode.APPEND);
        engine.execute(new Stage("s1", withStageInput(pipeline.plan())),
                new RecordingStageContext(allocator, 1000).input("in", SMALL, a -> smallBatches(a, "a", "b")));
        assertThat(count("SELECT count(*) FROM target")).isEqualTo(3);
    }

    @Test
    void aFailedCopyLeavesTheTableAsItWas() throws Exception {
        Pipeline pipeline = Pipeline.create("t");
        pipeline.fromRows(List.of(), SMALL).writeJdbc(db, "target", JdbcWriteMode.OVERWRITE);
        RecordingStageContext context = new RecordingStageContext(allocator, 1000).input("in", SMALL, a -> smallBatches(a, "a", "bad", "c"));
        assertThatThrownBy(() -> engine.execute(new Stage("s1", withStageInput(pipeline.plan())), context))
                .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.errorCode()).isEqualTo(JdbcErrorCode.SQL_FAILED))
                .hasMessageContaining("target_tag_check");
        assertThat(count("SELECT count(*) FROM target WHERE tag = 'old'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM target")).isEqualTo(1);
    }

    @Test
    void aPushedQueryIsInsertedWithInsertSelectAndAFailureRollsBackEverySink() throws Exception {
        Pipeline ok = Pipeline.create("t");
        ok.readJdbc(db, "facts").filter(col("k").le(5)).select(col("k"), col("k").cast(DataTypes.STRING).as("tag")).writeJdbc(db, "target", JdbcWriteMode.APPEND);
        run(ok);
        assertThat(count("SELECT count(*) FROM target")).isEqualTo(6);

        Pipeline failing = Pipeline.create("t");
        Dataset<Row> facts = failing.readJdbc(db, "facts");
        facts.filter(col("k").le(5)).select(col("k"), col("k").cast(DataTypes.STRING).as("tag")).writeJdbc(db, "target", JdbcWriteMode.OVERWRITE);
        facts.filter(col("k").eq(7)).select(col("k"), dev.weft.api.expr.Expressions.lit("bad").as("tag")).writeJdbc(db, "target", JdbcWriteMode.APPEND);
        assertThatThrownBy(() -> run(failing)).isInstanceOf(WeftException.class).hasMessageContaining("INSERT INTO \"target\"");
        assertThat(count("SELECT count(*) FROM target")).as("the overwrite of the first sink is rolled back too").isEqualTo(6);
    }

    private long count(String sql) throws Exception {
        try (Connection connection = JdbcConnections.open(db); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }
}
