package dev.weft.jdbc;

import static dev.weft.api.expr.Expressions.asc;
import static dev.weft.api.expr.Expressions.col;
import static dev.weft.api.expr.Expressions.count;
import static dev.weft.api.expr.Expressions.desc;
import static dev.weft.api.expr.Expressions.lit;
import static dev.weft.api.expr.Expressions.sum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.api.Collected;
import dev.weft.api.Dataset;
import dev.weft.api.JoinKeys;
import dev.weft.api.Pipeline;
import dev.weft.api.WeftException;
import dev.weft.api.expr.Expression;
import dev.weft.api.function.Hints;
import dev.weft.api.plan.CollectionSource;
import dev.weft.api.plan.JdbcDataSource;
import dev.weft.api.plan.JdbcWriteMode;
import dev.weft.api.plan.LogicalOperator;
import dev.weft.api.plan.Plan;
import dev.weft.api.plan.SinkOperator;
import dev.weft.api.plan.StageInputSource;
import dev.weft.api.plan.TpchTables;
import dev.weft.api.spi.Engine;
import dev.weft.api.spi.EngineContext;
import dev.weft.api.spi.ExecutionSettings;
import dev.weft.api.spi.Stage;
import dev.weft.api.types.DataTypes;
import dev.weft.api.types.Row;
import dev.weft.engine.java.JavaEngineProvider;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The generic (SQL:2008) dialect against a second real database, H2 in memory: the catalog through
 * DatabaseMetaData, TPC-H queries pushed whole into H2 giving the Java engine's answers, sinks in one transaction,
 * stage inputs in scratch tables; and the same dialect forced on the embedded PostgreSQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestGenericDialect {
    /** Small: H2 joins derived tables with nested loops. */
    private static final double SCALE = 0.002;
    private static final Schema SMALL = new Schema(List.of(DataTypes.field("k", DataTypes.INT64, false), DataTypes.field("tag", DataTypes.STRING, true)));

    private H2TestDatabase h2;
    private JdbcDataSource db;
    private BufferAllocator allocator;
    private Engine engine;
    private Engine java;

    @BeforeAll
    void loadTpch() {
        h2 = new H2TestDatabase();
        db = h2.dataSource();
        try (BufferAllocator loading = new RootAllocator(Long.MAX_VALUE); Engine loader = javaEngine(loading)) {
            for (String table : List.of("customer", "orders", "lineitem")) {
                StringBuilder columns = new StringBuilder();
                for (Field field : TpchTables.schema(table).getFields()) {
                    columns.append(columns.length() == 0 ? "" : ", ").append('"').append(field.getName()).append("\" ")
                            .append(new GenericJdbcDialect().sqlType(field.getType())).append(" NOT NULL");
                }
                h2.execute("CREATE TABLE \"%s\" (%s)".formatted(table, columns));
                Pipeline load = Pipeline.create("load-" + table);
                load.readTpch(table, SCALE).writeJdbc(db, table, JdbcWriteMode.APPEND);
                loader.execute(new Stage("load", load.plan().sinks()), new RecordingStageContext(loading, 4096));
            }
        }
    }

    @AfterAll
    void dropDatabase() {
        h2.close();
    }

    @BeforeEach
    void createEngines() {
        allocator = new RootAllocator(Long.MAX_VALUE);
        engine = new JdbcEngineProvider().create(new EngineContext(allocator,
                new ExecutionSettings(2, 64L << 20, Path.of(System.getProperty("java.io.tmpdir")), 1000)));
        java = javaEngine(allocator);
        h2.execute("DROP TABLE IF EXISTS \"target\"", "CREATE TABLE \"target\" (\"k\" BIGINT NOT NULL, \"tag\" VARCHAR(20) CHECK (\"tag\" <> 'bad'))",
                "INSERT INTO \"target\" VALUES (-1, 'old')");
    }

    @AfterEach
    void closeEngines() {
        engine.close();
        java.close();
        assertThat(allocator.getAllocatedMemory()).as(allocator::toVerboseString).isZero();
        allocator.close();
    }

    private static Engine javaEngine(BufferAllocator allocator) {
        return new JavaEngineProvider().create(new EngineContext(allocator,
                new ExecutionSettings(2, 256L << 20, Path.of(System.getProperty("java.io.tmpdir")), 4096)));
    }

    private List<List<Object>> run(Engine on, Pipeline pipeline, Collected<?> result) {
        RecordingStageContext context = new RecordingStageContext(allocator, 4096);
        on.execute(new Stage("s1", pipeline.plan().sinks()), context);
        return context.rows(result.sink());
    }

    @Test
    void aTableIsReadWithTheSchemaFromTheCatalogTypesMappedAndNulls() {
        h2.execute("DROP TABLE IF EXISTS \"types_t\"", "CREATE TABLE \"types_t\" (\"i1\" TINYINT, \"i2\" SMALLINT, \"i4\" INTEGER NOT NULL, \"i8\" BIGINT,"
                        + " \"f4\" REAL, \"f8\" DOUBLE PRECISION, \"n\" DECIMAL(12,3), \"t\" VARCHAR(10), \"c\" CHAR(3), \"d\" DATE,"
                        + " \"ts\" TIMESTAMP, \"tstz\" TIMESTAMP WITH TIME ZONE, \"b\" BOOLEAN, \"bin\" VARBINARY(4))",
                "INSERT INTO \"types_t\" VALUES (-1, -2, 4, 8000000000, 1.5, 2.25, -12345.678, 'tëxt', 'ab', DATE '2024-02-29',"
                        + " TIMESTAMP '2024-01-02 03:04:05.123456', TIMESTAMP WITH TIME ZONE '2024-01-02 03:04:05.5+02:00', TRUE, X'00ff')",
                "INSERT INTO \"types_t\" (\"i4\") VALUES (0)");
        Pipeline pipeline = Pipeline.create("t");
        Dataset<Row> types = pipeline.readJdbc(db, "types_t");
        assertThat(types.schema().getFields()).extracting(Field::getName).containsExactly("i1", "i2", "i4", "i8", "f4", "f8", "n", "t", "c", "d",
                "ts", "tstz", "b", "bin");
        assertThat(types.schema().getFields()).extracting(Field::getType).containsExactly(DataTypes.INT8, DataTypes.INT16, DataTypes.INT32,
                DataTypes.INT64, DataTypes.FLOAT32, DataTypes.FLOAT64, DataTypes.decimal(12, 3), DataTypes.STRING, DataTypes.STRING, DataTypes.DATE,
                DataTypes.TIMESTAMP, DataTypes.TIMESTAMP, DataTypes.BOOLEAN, DataTypes.BINARY);
        assertThat(types.schema().getFields()).extracting(Field::isNullable).containsOnlyOnce(false);
        Collected<Row> rows = types.sort(col("i4").desc()).collect();
        List<List<Object>> values = run(engine, pipeline, rows);
        List<Object> full = values.get(0);
        assertThat(full.subList(0, 6)).containsExactly((byte) -1, (short) -2, 4, 8_000_000_000L, 1.5f, 2.25d);
        assertThat(full.get(6)).isEqualTo(new BigDecimal("-12345.678"));
        assertThat(full.subList(7, 9)).containsExactly("tëxt", "ab ");
        assertThat(full.get(9)).isEqualTo((int) LocalDate.of(2024, 2, 29).toEpochDay());
        assertThat(full.get(10)).isEqualTo(LocalDateTime.of(2024, 1, 2, 3, 4, 5).toEpochSecond(ZoneOffset.UTC) * 1_000_000 + 123_456);
        assertThat(full.get(11)).isEqualTo(LocalDateTime.of(2024, 1, 2, 1, 4, 5).toEpochSecond(ZoneOffset.UTC) * 1_000_000 + 500_000);
        assertThat(full.get(12)).isEqualTo(true);
        assertThat((byte[]) full.get(13)).containsExactly(0, 0xff);
        List<Object> nulls = values.get(1);
        assertThat(nulls.get(2)).isEqualTo(0);
        for (int i = 0; i < nulls.size(); i++) {
            if (i != 2) {
                assertThat(nulls.get(i)).as("column %d", i).isNull();
            }
        }
    }

    private static Expression discountedPrice() {
        return col("l_extendedprice").times(lit(1.0).minus(col("l_discount")));
    }

    /** TPC-H Q3 (filter, join, aggregate, top-k) and a filter + sort + limit, pushed into the database whole. */
    private static Dataset<Row> q3(Function<String, Dataset<Row>> table) {
        LocalDate date = LocalDate.parse("1995-03-15");
        Dataset<Row> customers = table.apply("customer").filter(col("c_mktsegment").eq("BUILDING")).select("c_custkey");
        Dataset<Row> orders = table.apply("orders").filter(col("o_orderdate").lt(date))
                .select("o_orderkey", "o_custkey", "o_orderdate", "o_shippriority")
                .join(customers, JoinKeys.on("o_custkey", "c_custkey"));
        return table.apply("lineitem").filter(col("l_shipdate").gt(date)).select("l_orderkey", "l_extendedprice", "l_discount")
                .join(orders, JoinKeys.on("l_orderkey", "o_orderkey"))
                .groupBy("l_orderkey", "o_orderdate", "o_shippriority")
                .aggregate(sum(discountedPrice()).as("revenue"), count().as("lines"))
                .select("l_orderkey", "revenue", "lines", "o_orderdate", "o_shippriority")
                .topK(10, desc("revenue"), asc("o_orderdate"));
    }

    private static Dataset<Row> filterSortLimit(Function<String, Dataset<Row>> table) {
        return table.apply("orders").filter(col("o_totalprice").gt(100_000.0).and(col("o_orderpriority").like("1-%")))
                .select(col("o_orderkey"), col("o_totalprice"), col("o_orderkey").mod(7L).as("bucket"))
                .sort(col("o_totalprice").desc(), col("o_orderkey").asc()).limit(25);
    }

    private void assertSameAnswers(JdbcDataSource source, BiFunction<Function<String, Dataset<Row>>, Void, Dataset<Row>> shape, int maxRows) {
        Pipeline pushed = Pipeline.create("pushed");
        Collected<Row> fromDatabase = shape.apply(t -> pushed.readJdbc(source, t), null).collect();
        Pipeline generated = Pipeline.create("generated");
        Collected<Row> fromJava = shape.apply(t -> generated.readTpch(t, SCALE), null).collect();
        List<List<Object>> expected = run(java, generated, fromJava);
        List<List<Object>> actual = run(engine, pushed, fromDatabase);
        assertThat(expected).hasSizeBetween(1, maxRows);
        assertSameRows(actual, expected);
    }

    static void assertSameRows(List<List<Object>> actual, List<List<Object>> expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int row = 0; row < expected.size(); row++) {
            for (int c = 0; c < expected.get(row).size(); c++) {
                Object e = expected.get(row).get(c);
                Object a = actual.get(row).get(c);
                if (e instanceof Double d) {
                    assertThat((Double) a).as("row %d column %d", row, c).isCloseTo(d, Percentage.withPercentage(1e-9));
                } else {
                    assertThat(a).as("row %d column %d", row, c).isEqualTo(e);
                }
            }
        }
    }

    @Test
    void aPushedFilterJoinAggregateTopKGivesTheJavaEnginesAnswer() {
        assertSameAnswers(db, (table, none) -> q3(table), 10);
    }

    @Test
    void aPushedFilterProjectSortLimitGivesTheJavaEnginesAnswer() {
        assertSameAnswers(db, (table, none) -> filterSortLimit(table), 25);
    }

    private static List<VectorSchemaRoot> smallBatches(BufferAllocator allocator, String... tags) {
        VectorSchemaRoot batch = VectorSchemaRoot.create(SMALL, allocator);
        batch.allocateNew();
        BigIntVector k = (BigIntVector) batch.getVector(0);
        VarCharVector tag = (VarCharVector) batch.getVector(1);
        for (int i = 0; i < tags.length; i++) {
            k.setSafe(i, i + 1L);
            if (tags[i] == null) {
                tag.setNull(i);
            } else {
                tag.setSafe(i, tags[i].getBytes(StandardCharsets.UTF_8));
            }
        }
        batch.setRowCount(tags.length);
        return List.of(batch);
    }

    /** The plan with each collection source replaced by a stage input on channel "in". */
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
        LogicalOperator result = operator instanceof CollectionSource source ? new StageInputSource(source.info(), source.output(), "in")
                : operator.inputs().isEmpty() ? operator : operator.withInputs(operator.inputs().stream().map(i -> replace(i, replaced)).toList());
        replaced.put(operator, result);
        return result;
    }

    @Test
    void aSmallStageInputIsLoadedIntoAScratchTableJoinedAndDropped() {
        Pipeline pipeline = Pipeline.create("t");
        Dataset<Row> small = pipeline.fromRows(List.of(), SMALL);
        Collected<Row> joined = pipeline.readJdbc(db, "customer").join(small, JoinKeys.on("c_custkey", "k"))
                .select(col("c_custkey"), col("tag")).sort(col("c_custkey").asc()).collect();
        RecordingStageContext context = new RecordingStageContext(allocator, 1000).input("in", SMALL, a -> smallBatches(a, "x", null, "z"));
        engine.execute(new Stage("s1", withStageInput(pipeline.plan())), context);
        assertThat(context.rows(joined.sink())).containsExactly(List.of(1L, "x"), Arrays.asList(2L, null), List.of(3L, "z"));
        assertThat(h2.count("SELECT count(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME LIKE 'weft_tmp_%'")).as("scratch tables dropped").isZero();
    }

    @Test
    void aStageInputIsInsertedIntoASinkTableAndAFailurePartWayLeavesTheTableAsItWas() {
        Pipeline ok = Pipeline.create("t");
        ok.fromRows(List.of(), SMALL).writeJdbc(db, "target", JdbcWriteMode.APPEND);
        engine.execute(new Stage("s1", withStageInput(ok.plan())), new RecordingStageContext(allocator, 1000).input("in", SMALL, a -> smallBatches(a, "a", "b")));
        assertThat(h2.count("SELECT count(*) FROM \"target\"")).isEqualTo(3);

        Pipeline failing = Pipeline.create("t");
        failing.fromRows(List.of(), SMALL).writeJdbc(db, "target", JdbcWriteMode.OVERWRITE);
        RecordingStageContext context = new RecordingStageContext(allocator, 1000).input("in", SMALL, a -> smallBatches(a, "c", "bad", "d"));
        assertThatThrownBy(() -> engine.execute(new Stage("s1", withStageInput(failing.plan())), context)).isInstanceOf(WeftException.class);
        assertThat(h2.count("SELECT count(*) FROM \"target\"")).as("the overwrite is rolled back").isEqualTo(3);
    }

    @Test
    void pushedInsertSelectSinksRunInOneTransaction() {
        Pipeline failing = Pipeline.create("t");
        Dataset<Row> customers = failing.readJdbc(db, "customer");
        customers.filter(col("c_custkey").le(5L)).select(col("c_custkey").as("k"), col("c_mktsegment").as("tag"))
                .writeJdbc(db, "target", JdbcWriteMode.OVERWRITE);
        customers.filter(col("c_custkey").eq(7L)).select(col("c_custkey").as("k"), lit("bad").as("tag")).writeJdbc(db, "target", JdbcWriteMode.APPEND);
        assertThatThrownBy(() -> engine.execute(new Stage("s1", failing.plan().sinks()), new RecordingStageContext(allocator, 1000)))
                .isInstanceOf(WeftException.class).hasMessageContaining("INSERT INTO \"target\"");
        assertThat(h2.count("SELECT count(*) FROM \"target\" WHERE \"tag\" = 'old'")).isEqualTo(1);
        assertThat(h2.count("SELECT count(*) FROM \"target\"")).isEqualTo(1);
    }

    public record Priced(long o_orderkey, double doubled) {}

    @Test
    void hintedLambdasRunInH2AndABadHintNamesTheOperator() {
        Pipeline pipeline = Pipeline.create("t");
        Dataset<Row> orders = pipeline.readJdbc(db, "orders");
        Collected<Priced> priced = orders.filter(row -> (Long) row.get("o_orderkey") <= 3, Hints.sql("\"o_orderkey\" <= 3"))
                .map(row -> new Priced((Long) row.get("o_orderkey"), (Double) row.get("o_totalprice") * 2), Priced.class,
                        Hints.sql("\"o_orderkey\", \"o_totalprice\" * 2 AS \"doubled\""))
                .collect();
        Collected<Row> expected = orders.filter(col("o_orderkey").le(3L)).select(col("o_orderkey"), col("o_totalprice").times(2.0).as("doubled")).collect();
        RecordingStageContext context = new RecordingStageContext(allocator, 1000);
        engine.execute(new Stage("s1", pipeline.plan().sinks()), context);
        assertThat(context.rows(priced.sink())).hasSize(3).containsExactlyInAnyOrderElementsOf(context.rows(expected.sink()));

        Pipeline bad = Pipeline.create("t");
        Dataset<Row> unparsable = bad.readJdbc(db, "orders").filter(row -> true, Hints.sql("o_orderkey <=> <="));
        unparsable.collect();
        assertThatThrownBy(() -> engine.execute(new Stage("s1", bad.plan().sinks()), new RecordingStageContext(allocator, 1000)))
                .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.errorCode()).isEqualTo(JdbcErrorCode.BAD_SQL_HINT))
                .hasMessageContaining(unparsable.operator().info().describe()).hasMessageContaining("`o_orderkey <=> <=`");
    }

    @Test
    void theJavaEngineLoadedEveryRowThroughTheConnectorsBatchedInserts() {
        Pipeline pipeline = Pipeline.create("count");
        Collected<Long> rows = pipeline.readTpch("lineitem", SCALE).count().collect();
        assertThat(run(java, pipeline, rows)).containsExactly(List.of(h2.count("SELECT count(*) FROM \"lineitem\"")));
    }
}
