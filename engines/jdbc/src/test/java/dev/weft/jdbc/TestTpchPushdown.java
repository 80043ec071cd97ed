package dev.weft.jdbc;

import static dev.weft.api.expr.Expressions.asc;
import static dev.weft.api.expr.Expressions.avg;
import static dev.weft.api.expr.Expressions.col;
import static dev.weft.api.expr.Expressions.count;
import static dev.weft.api.expr.Expressions.desc;
import static dev.weft.api.expr.Expressions.lit;
import static dev.weft.api.expr.Expressions.sum;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.api.Collected;
import dev.weft.api.Dataset;
import dev.weft.api.JoinKeys;
import dev.weft.api.Pipeline;
import dev.weft.api.expr.Expression;
import dev.weft.api.plan.JdbcWriteMode;
import dev.weft.api.plan.TpchTables;
import dev.weft.api.spi.Engine;
import dev.weft.api.spi.EngineContext;
import dev.weft.api.spi.ExecutionSettings;
import dev.weft.api.spi.Stage;
import dev.weft.api.types.Row;
import dev.weft.engine.java.JavaEngineProvider;
import dev.weft.jdbc.sql.Identifiers;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.function.BiFunction;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * TPC-H Q1, Q3 and Q6 at SF 0.01: the tables are loaded into PostgreSQL by the Java engine through the JDBC connector
 * (COPY), then each query runs whole inside PostgreSQL (one pushed-down stage) and must give the Java engine's answers
 * on generated data.
 */
class TestTpchPushdown extends JdbcTestBase {
    private static final double SCALE = 0.01;
    private static final List<String> TABLES = List.of("customer", "orders", "lineitem");
    private static boolean loaded;
    private Engine java;

    @BeforeEach
    void loadTables() {
        java = new JavaEngineProvider().create(new EngineContext(allocator,
                new ExecutionSettings(2, 256L << 20, Path.of(System.getProperty("java.io.tmpdir")), 4096)));
        synchronized (TestTpchPushdown.class) {
            if (loaded) {
                return;
            }
            for (String table : TABLES) {
                Schema schema = TpchTables.schema(table);
                StringBuilder columns = new StringBuilder();
                for (Field field : schema.getFields()) {
                    columns.append(columns.length() == 0 ? "" : ", ").append(Identifiers.quote(field.getName())).append(' ')
                            .append(PgTypes.sqlType(field.getType())).append(" NOT NULL");
                }
                sql("DROP TABLE IF EXISTS " + table, "CREATE TABLE %s (%s)".formatted(table, columns));
                Pipeline load = Pipeline.create("load-" + table);
                load.readTpch(table, SCALE).writeJdbc(db, table, JdbcWriteMode.APPEND);
                java.execute(new Stage("load", load.plan().sinks()), new RecordingStageContext(allocator, 4096));
                sql("ANALYZE " + table);
            }
            loaded = true;
        }
    }

    @org.junit.jupiter.api.AfterEach
    void closeJava() {
        java.close();
    }

    private List<List<Object>> answers(BiFunction<Pipeline, String, Dataset<Row>> tables, QueryShape shape, Engine engine) {
        Pipeline pipeline = Pipeline.create("tpch");
        Collected<Row> result = shape.build(table -> tables.apply(pipeline, table)).collect();
        RecordingStageContext context = new RecordingStageContext(allocator, 4096);
        engine.execute(new Stage("s1", pipeline.plan().sinks()), context);
        return context.rows(result.sink());
    }

    private void assertSameAnswers(QueryShape shape, int expectedRows) {
        List<List<Object>> fromPostgres = answers((p, t) -> p.readJdbc(db, t), shape, engine);
        List<List<Object>> generated = answers((p, t) -> p.readTpch(t, SCALE), shape, java);
        assertThat(generated).hasSize(expectedRows);
        assertThat(fromPostgres).hasSameSizeAs(generated);
        for (int row = 0; row < generated.size(); row++) {
            List<Object> expected = generated.get(row);
            List<Object> actual = fromPostgres.get(row);
            for (int c = 0; c < expected.size(); c++) {
                Object e = expected.get(c);
                Object a = actual.get(c);
                if (e instanceof Double d) {
                    assertThat((Double) a).as("row %d column %d", row, c).isCloseTo(d, org.assertj.core.data.Percentage.withPercentage(1e-9));
                } else {
                    assertThat(a).as("row %d column %d", row, c).isEqualTo(e);
                }
            }
        }
    }

    @FunctionalInterface
    interface QueryShape {
        Dataset<Row> build(java.util.function.Function<String, Dataset<Row>> table);
    }

    private static Expression discountedPrice() {
        return col("l_extendedprice").times(lit(1.0).minus(col("l_discount")));
    }

    @Test
    void q1() {
        assertSameAnswers(table -> table.apply("lineitem")
                .filter(col("l_shipdate").le(LocalDate.parse("1998-12-01").minusDays(90)))
                .groupBy("l_returnflag", "l_linestatus")
                .aggregate(sum("l_quantity").as("sum_qty"), sum("l_extendedprice").as("sum_base_price"),
                        sum(discountedPrice()).as("sum_disc_price"), sum(discountedPrice().times(lit(1.0).plus(col("l_tax")))).as("sum_charge"),
                        avg("l_quantity").as("avg_qty"), avg("l_extendedprice").as("avg_price"), avg("l_discount").as("avg_disc"),
                        count().as("count_order"))
                .sort(asc("l_returnflag"), asc("l_linestatus")), 4);
    }

    @Test
    void q3() {
        LocalDate date = LocalDate.parse("1995-03-15");
        assertSameAnswers(table -> {
            Dataset<Row> customers = table.apply("customer").filter(col("c_mktsegment").eq("BUILDING")).select("c_custkey");
            Dataset<Row> orders = table.apply("orders").filter(col("o_orderdate").lt(date))
                    .select("o_orderkey", "o_custkey", "o_orderdate", "o_shippriority")
                    .join(customers, JoinKeys.on("o_custkey", "c_custkey"));
            return table.apply("lineitem").filter(col("l_shipdate").gt(date)).select("l_orderkey", "l_extendedprice", "l_discount")
                    .join(orders, JoinKeys.on("l_orderkey", "o_orderkey"))
                    .groupBy("l_orderkey", "o_orderdate", "o_shippriority")
                    .aggregate(sum(discountedPrice()).as("revenue"))
                    .select("l_orderkey", "revenue", "o_orderdate", "o_shippriority")
                    .topK(10, desc("revenue"), asc("o_orderdate"));
        }, 10);
    }

    @Test
    void q6() {
        LocalDate start = LocalDate.parse("1994-01-01");
        assertSameAnswers(table -> table.apply("lineitem")
                .filter(col("l_shipdate").ge(start).and(col("l_shipdate").lt(start.plusYears(1)))
                        .and(col("l_discount").between(0.05, 0.07)).and(col("l_quantity").lt(24.0)))
                .aggregate(sum(col("l_extendedprice").times(col("l_discount"))).as("revenue")), 1);
    }
}
