package dev.weft.jdbc;

import static dev.weft.api.expr.Expressions.avg;
import static dev.weft.api.expr.Expressions.col;
import static dev.weft.api.expr.Expressions.count;
import static dev.weft.api.expr.Expressions.sum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.api.Collected;
import dev.weft.api.Dataset;
import dev.weft.api.JoinKeys;
import dev.weft.api.Pipeline;
import dev.weft.api.WeftException;
import dev.weft.api.plan.JoinType;
import dev.weft.api.types.DataTypes;
import dev.weft.api.types.Row;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TestJdbcEngine extends JdbcTestBase {
    @BeforeAll
    static void createTables() {
        sql("DROP TABLE IF EXISTS emp", "DROP TABLE IF EXISTS dept",
                "CREATE TABLE emp (id int4 PRIMARY KEY, name text NOT NULL, dept text, salary numeric(10,2), hired date)",
                "INSERT INTO emp VALUES (1, 'ann', 'eng', 5000.50, '2020-01-15'), (2, 'bob', 'eng', 4000.00, '2021-03-01'),"
                        + " (3, 'cid', 'ops', 3000.25, '2019-07-30'), (4, 'dee', NULL, 1000.00, NULL), (5, 'Eve', 'sales', NULL, '2022-12-31')",
                "CREATE TABLE dept (dept text, floor int4)",
                "INSERT INTO dept VALUES ('eng', 3), ('ops', 1), ('hr', 2)");
    }

    @Test
    void readsATableWithItsSchemaFromTheCatalog() {
        Pipeline pipeline = Pipeline.create("t");
        Dataset<Row> emp = pipeline.readJdbc(db, "emp");
        assertThat(emp.schema().getFields()).extracting(Field::getName).containsExactly("id", "name", "dept", "salary", "hired");
        assertThat(emp.schema().findField("id").isNullable()).isFalse();
        assertThat(emp.schema().findField("salary").getType()).isEqualTo(DataTypes.decimal(10, 2));
        Collected<Row> all = emp.collect();
        assertThat(rows(all, run(pipeline))).hasSize(5);
    }

    @Test
    void filtersProjectsAndAggregatesInsideThePostgresServer() {
        Pipeline pipeline = Pipeline.create("t");
        Collected<Row> result = pipeline.readJdbc(db, "emp")
                .filter(col("salary").gt(new BigDecimal("2000")).and(col("name").ne("zed")))
                .groupBy("dept").aggregate(sum("salary").as("total"), count().as("n"), avg("salary").as("mean"))
                .sort(col("dept").asc())
                .collect();
        List<List<Object>> rows = rows(result, run(pipeline));
        assertThat(rows).containsExactly(
                List.of("eng", new BigDecimal("9000.50"), 2L, new BigDecimal("4500.250000")),
                List.of("ops", new BigDecimal("3000.25"), 1L, new BigDecimal("3000.250000")));
    }

    @Test
    void projectsExpressionsWithJavaSemantics() {
        Pipeline pipeline = Pipeline.create("t");
        Collected<Row> result = pipeline.readJdbc(db, "emp")
                .filter(col("id").le(3))
                .select(col("id"), col("id").dividedBy(2).as("half"), dev.weft.api.expr.Expressions.concat(col("name"), col("dept")).as("nd"),
                        dev.weft.api.expr.Expressions.upper(col("name")).as("upper"))
                .sort(col("id").asc())
                .collect();
        List<List<Object>> rows = rows(result, run(pipeline));
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0).subList(0, 2)).containsExactly(1, 0);
        assertThat(rows.get(2).get(3)).isEqualTo("CID");
    }

    @Test
    void joinsOfEveryType() {
        Pipeline pipeline = Pipeline.create("t");
        Dataset<Row> emp = pipeline.readJdbc(db, "emp");
        Dataset<Row> dept = pipeline.readJdbc(db, "dept");
        Collected<Row> inner = emp.join(dept, JoinType.INNER, JoinKeys.using("dept")).select(col("id"), col("floor")).sort(col("id").asc()).collect();
        Collected<Row> left = emp.join(dept, JoinType.LEFT, JoinKeys.using("dept")).select(col("id"), col("floor")).sort(col("id").asc()).collect();
        Collected<Row> semi = dept.semiJoin(emp, JoinKeys.using("dept")).select(col("dept")).sort(col("dept").asc()).collect();
        Collected<Row> anti = dept.antiJoin(emp, JoinKeys.using("dept")).select(col("dept")).collect();
        RecordingStageContext context = run(pipeline);
        assertThat(rows(inner, context)).containsExactly(List.of(1, 3), List.of(2, 3), List.of(3, 1));
        assertThat(rows(left, context)).containsExactly(List.of(1, 3), List.of(2, 3), List.of(3, 1), Arrays.asList(4, null), Arrays.asList(5, null));
        assertThat(rows(semi, context)).containsExactly(List.of("eng"), List.of("ops"));
        assertThat(rows(anti, context)).containsExactly(List.of("hr"));
    }

    @Test
    void sortsInCodePointOrderWithLimitTopKDistinctUnionAndCount() {
        Pipeline pipeline = Pipeline.create("t");
        Dataset<Row> names = pipeline.readJdbc(db, "emp").select(col("name"));
        Collected<Row> sorted = names.sort(col("name").asc()).collect();
        Collected<Row> top2 = names.topK(2, col("name").desc()).collect();
        Collected<Row> limited = names.limit(3).collect();
        Collected<Row> distinctDepts = pipeline.readJdbc(db, "emp").select(col("dept")).distinct().collect();
        Collected<Row> union = names.union(names).collect();
        Collected<Long> counted = names.union(names).count().collect();
        RecordingStageContext context = run(pipeline);
        // code point order: upper case before lower case, as in Java
        assertThat(rows(sorted, context)).extracting(r -> r.get(0)).containsExactly("Eve", "ann", "bob", "cid", "dee");
        assertThat(rows(top2, context)).extracting(r -> r.get(0)).containsExactly("dee", "cid");
        assertThat(rows(limited, context)).hasSize(3);
        assertThat(rows(distinctDepts, context)).hasSize(4);
        assertThat(rows(union, context)).hasSize(10);
        assertThat(rows(counted, context)).containsExactly(List.of(10L));
    }

    @Test
    void readsAQueryAndFiltersAroundIt() {
        Pipeline pipeline = Pipeline.create("t");
        Collected<Row> result = pipeline.readJdbcQuery(db, "SELECT id, upper(name) AS loud FROM emp")
                .filter(col("id").in(2, 4)).sort(col("id").asc()).collect();
        assertThat(rows(result, run(pipeline))).containsExactly(List.of(2, "BOB"), List.of(4, "DEE"));
    }

    @Test
    void streamsLargeResultsInBatchesOfTheConfiguredSize() {
        sql("DROP TABLE IF EXISTS big", "CREATE TABLE big AS SELECT g AS id, g % 7 AS k FROM generate_series(1, 25000) g");
        Pipeline pipeline = Pipeline.create("t");
        Collected<Row> all = pipeline.readJdbc(db, "big").collect();
        RecordingStageContext context = run(pipeline);
        assertThat(rows(all, context)).hasSize(25_000);
        assertThat(context.batches()).isEqualTo(25);
    }

    @Test
    void literalsAreBindParametersNeverSqlText() {
        Pipeline pipeline = Pipeline.create("t");
        Collected<Row> result = pipeline.readJdbc(db, "emp").filter(col("name").eq("x' OR '1'='1")).collect();
        assertThat(rows(result, run(pipeline))).isEmpty();
    }

    @Test
    void missingTableColumnAndUnreachableServerFailClearly() {
        assertThatThrownBy(() -> Pipeline.create("t").readJdbc(db, "no_such_table"))
                .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.errorCode()).isEqualTo(JdbcErrorCode.RELATION_MISSING))
                .hasMessageContaining("no_such_table");
        Pipeline pipeline = Pipeline.create("t");
        Schema declared = new Schema(List.of(DataTypes.field("nope", DataTypes.INT32, true)));
        pipeline.readJdbc(db, "emp", declared).collect();
        assertThatThrownBy(() -> run(pipeline))
                .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.errorCode()).isEqualTo(JdbcErrorCode.COLUMN_MISSING))
                .hasMessageContaining("nope").hasMessageContaining("SQL:");
        assertThatThrownBy(() -> Pipeline.create("t").readJdbc(dev.weft.api.plan.JdbcDataSource.of("jdbc:postgresql://127.0.0.1:1/postgres")
                        .withProperty("connectTimeout", "2"), "emp"))
                .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.errorCode()).isEqualTo(JdbcErrorCode.CONNECTION_FAILED))
                .hasMessageContaining("127.0.0.1:1");
    }

    @Test
    void anUnknownUserOrUnsetPasswordFailsAuthenticationWithoutShowingASecret() {
        assertThatThrownBy(() -> Pipeline.create("t").readJdbc(db.withUser("nobody_here"), "emp"))
                .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.errorCode()).isEqualTo(JdbcErrorCode.AUTHENTICATION_FAILED))
                .hasMessageContaining("nobody_here");
        assertThatThrownBy(() -> Pipeline.create("t").readJdbc(db.passwordFromEnv("WEFT_NO_SUCH_PASSWORD_VARIABLE"), "emp"))
                .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.errorCode()).isEqualTo(JdbcErrorCode.AUTHENTICATION_FAILED))
                .hasMessageContaining("WEFT_NO_SUCH_PASSWORD_VARIABLE");
    }

    @Test
    void filtersOnADateLiteral() {
        Pipeline pipeline = Pipeline.create("t");
        Collected<Row> result = pipeline.readJdbc(db, "emp").filter(col("hired").gt(LocalDate.of(2021, 1, 1))).select(col("id"), col("hired"))
                .sort(col("id").asc()).collect();
        assertThat(rows(result, run(pipeline))).extracting(r -> r.get(0)).containsExactly(2, 5);
    }

    @Test
    void likeTreatsBackslashAsAnOrdinaryCharacter() {
        Pipeline pipeline = Pipeline.create("t");
        Collected<Row> result = pipeline.readJdbcQuery(db, "SELECT 'a\\b' AS s UNION ALL SELECT 'ab'")
                .filter(col("s").like("a\\%")).collect();
        assertThat(rows(result, run(pipeline))).containsExactly(List.of("a\\b"));
    }

    @Test
    void aCancelledJobStopsALongQueryOnTheServer() throws Exception {
        Pipeline pipeline = Pipeline.create("t");
        pipeline.readJdbcQuery(db, "SELECT count(*) AS n FROM generate_series(1, 2000000000) g").collect();
        RecordingStageContext context = new RecordingStageContext(allocator, 1000);
        Thread canceller = new Thread(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            context.cancel();
        });
        canceller.start();
        long started = System.nanoTime();
        assertThatThrownBy(() -> run(pipeline, context))
                .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.errorCode()).isEqualTo(dev.weft.api.ErrorCode.JOB_CANCELLED));
        assertThat((System.nanoTime() - started) / 1_000_000).as("milliseconds until the cancelled stage returned").isLessThan(10_000);
        canceller.join();
    }
}
