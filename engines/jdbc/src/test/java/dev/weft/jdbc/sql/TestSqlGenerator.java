package dev.weft.jdbc.sql;

import static dev.weft.api.expr.Expressions.col;
import static dev.weft.api.expr.Expressions.count;
import static dev.weft.api.expr.Expressions.sum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.api.Dataset;
import dev.weft.api.JoinKeys;
import dev.weft.api.Pipeline;
import dev.weft.api.WeftException;
import dev.weft.api.expr.Expressions;
import dev.weft.api.function.Hints;
import dev.weft.api.plan.JdbcDataSource;
import dev.weft.api.plan.JoinType;
import dev.weft.api.types.DataTypes;
import dev.weft.api.types.Row;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

/** Golden SQL text for each operator kind (declared schemas: no database needed). */
class TestSqlGenerator {
    private static final JdbcDataSource DB = JdbcDataSource.of("jdbc:postgresql://127.0.0.1:5432/shop");
    private static final Schema ORDERS = new Schema(List.of(DataTypes.field("id", DataTypes.INT64, false),
            DataTypes.field("customer", DataTypes.INT64, false), DataTypes.field("status", DataTypes.STRING, true),
            DataTypes.field("total", DataTypes.decimal(12, 2), true), DataTypes.field("placed", DataTypes.DATE, true)));
    private static final Schema CUSTOMERS = new Schema(List.of(DataTypes.field("customer", DataTypes.INT64, false),
            DataTypes.field("name", DataTypes.STRING, true)));

    private final Pipeline pipeline = Pipeline.create("golden");
    private final Dataset<Row> orders = pipeline.readJdbc(DB, "sales.orders", ORDERS);
    private final Dataset<Row> customers = pipeline.readJdbc(DB, "Customers", CUSTOMERS);

    private static SqlQuery sql(Dataset<?> dataset) {
        return new SqlGenerator().generate(dataset.operator());
    }

    @Test
    void scanQuotesEveryIdentifier() {
        assertThat(sql(orders).text()).isEqualTo("SELECT \"id\", \"customer\", \"status\", \"total\", \"placed\" FROM \"sales\".\"orders\"");
        assertThat(sql(customers).text()).isEqualTo("SELECT \"customer\", \"name\" FROM \"Customers\"");
    }

    @Test
    void filterBindsEveryLiteral() {
        SqlQuery query = sql(orders.filter(col("status").eq("open").and(col("total").gt(new BigDecimal("10.50")))
                .and(col("placed").ge(LocalDate.of(2024, 1, 1)))));
        assertThat(query.text()).isEqualTo("SELECT * FROM (SELECT \"id\", \"customer\", \"status\", \"total\", \"placed\" FROM \"sales\".\"orders\") AS t3"
                + " WHERE (((\"status\" = CAST(? AS text)) AND (\"total\" > CAST(? AS numeric(4,2)))) AND (\"placed\" >= CAST(? AS date)))");
        assertThat(query.parameters()).containsExactly("open", new BigDecimal("10.50"), LocalDate.of(2024, 1, 1));
    }

    @Test
    void projectNamesEveryColumn() {
        SqlQuery query = sql(orders.select(col("id"), col("total").times(2).as("double_total"), Expressions.upper(col("status")).as("s"),
                col("status").like("o%").as("o")));
        assertThat(query.text()).isEqualTo("SELECT \"id\" AS \"id\", (\"total\" * CAST(? AS int4)) AS \"double_total\", upper(\"status\") AS \"s\","
                + " (\"status\" LIKE CAST(? AS text) ESCAPE '') AS \"o\" FROM (SELECT \"id\", \"customer\", \"status\", \"total\", \"placed\" FROM \"sales\".\"orders\") AS t3");
        assertThat(query.parameters()).containsExactly(2, "o%");
    }

    @Test
    void aggregateGroupsByPosition() {
        SqlQuery query = sql(orders.groupBy("status").aggregate(sum("total").as("sum"), count().as("n")));
        assertThat(query.text()).isEqualTo("SELECT \"status\" AS \"status\", CAST(sum(\"total\") AS numeric(38,2)) AS \"sum\", count(*) AS \"n\""
                + " FROM (SELECT \"id\", \"customer\", \"status\", \"total\", \"placed\" FROM \"sales\".\"orders\") AS t3 GROUP BY 1");
    }

    @Test
    void joins() {
        assertThat(sql(orders.join(customers, JoinType.INNER, JoinKeys.using("customer"))).text()).isEqualTo(
                "SELECT l.\"id\", l.\"customer\", l.\"status\", l.\"total\", l.\"placed\", r.\"name\""
                        + " FROM (SELECT \"id\", \"customer\", \"status\", \"total\", \"placed\" FROM \"sales\".\"orders\") AS l"
                        + " INNER JOIN (SELECT \"customer\", \"name\" FROM \"Customers\") AS r ON l.\"customer\" = r.\"customer\"");
        assertThat(sql(orders.join(customers, JoinType.LEFT, JoinKeys.using("customer"))).text()).contains(" LEFT JOIN ");
        assertThat(sql(customers.antiJoin(orders, JoinKeys.using("customer"))).text()).isEqualTo(
                "SELECT l.\"customer\", l.\"name\" FROM (SELECT \"customer\", \"name\" FROM \"Customers\") AS l"
                        + " WHERE NOT EXISTS (SELECT 1 FROM (SELECT \"id\", \"customer\", \"status\", \"total\", \"placed\" FROM \"sales\".\"orders\") AS r"
                        + " WHERE l.\"customer\" = r.\"customer\")");
        assertThat(sql(customers.semiJoin(orders, JoinKeys.using("customer"))).text()).contains(" WHERE EXISTS (SELECT 1 FROM ");
    }

    @Test
    void sortTopKLimitDistinctUnionCount() {
        Dataset<Row> names = customers.select(col("name"));
        String input = "(SELECT \"name\" AS \"name\" FROM (SELECT \"customer\", \"name\" FROM \"Customers\") AS t3)";
        assertThat(sql(names.sort(col("name").desc())).text()).isEqualTo("SELECT * FROM " + input + " AS t4 ORDER BY \"name\" COLLATE \"C\" DESC NULLS FIRST");
        SqlQuery topK = sql(names.topK(5, col("name").asc()));
        assertThat(topK.text()).isEqualTo("SELECT * FROM " + input + " AS t5 ORDER BY \"name\" COLLATE \"C\" ASC NULLS LAST LIMIT CAST(? AS int8)");
        assertThat(topK.parameters()).containsExactly(5L);
        assertThat(sql(names.limit(7)).text()).isEqualTo("SELECT * FROM " + input + " AS t6 LIMIT CAST(? AS int8)");
        assertThat(sql(names.distinct()).text()).isEqualTo("SELECT DISTINCT * FROM " + input + " AS t7");
        assertThat(sql(names.union(names)).text()).isEqualTo("SELECT * FROM " + input + " AS t8_0 UNION ALL SELECT * FROM " + input + " AS t8_1");
        assertThat(sql(names.count()).text()).isEqualTo("SELECT count(*) AS \"value\" FROM " + input + " AS t9");
    }

    @Test
    void aQuerySourceIsWrappedAsADerivedTableAndFilteredAround() {
        dev.weft.api.plan.JdbcSource table = (dev.weft.api.plan.JdbcSource) orders.operator();
        dev.weft.api.plan.JdbcSource query = new dev.weft.api.plan.JdbcSource(table.info(), table.output(), DB, "",
                "SELECT * FROM orders WHERE status <> 'x'", 500);
        assertThat(new SqlGenerator().generate(query).text()).isEqualTo("SELECT \"id\", \"customer\", \"status\", \"total\", \"placed\""
                + " FROM (SELECT * FROM orders WHERE status <> 'x') AS t1");
    }

    @Test
    void aLambdaFilterIsNeverPushed() {
        Dataset<Row> lambda = orders.filter(row -> true);
        assertThat(SqlGenerator.supports(lambda.operator())).isFalse();
        assertThatThrownBy(() -> sql(lambda)).isInstanceOf(WeftException.class).hasMessageContaining("cannot run as SQL");
    }

    public record Doubled(String status, BigDecimal doubled) {}

    private static SqlQuery generic(Dataset<?> dataset) {
        return new SqlGenerator(new AnsiDialect()).generate(dataset.operator());
    }

    @Test
    void theGenericDialectWritesStandardSql() {
        String scan = "(SELECT \"id\", \"customer\", \"status\", \"total\", \"placed\" FROM \"sales\".\"orders\")";
        SqlQuery aggregate = generic(orders.filter(col("status").gt("b")).groupBy("status").aggregate(sum("total").as("sum"), count().as("n")));
        assertThat(aggregate.text()).isEqualTo("SELECT \"weft_key_0\" AS \"status\", CAST(sum(\"total\") AS DECIMAL(38,2)) AS \"sum\", count(*) AS \"n\""
                + " FROM (SELECT \"status\" AS \"weft_key_0\", t4_keys.* FROM (SELECT * FROM " + scan + " AS t3 WHERE (\"status\" > CAST(? AS VARCHAR(1000000))))"
                + " AS t4_keys) AS t4 GROUP BY \"weft_key_0\"");
        assertThat(aggregate.parameters()).containsExactly("b");
        SqlQuery topK = generic(orders.topK(3, col("status").asc()));
        assertThat(topK.text()).isEqualTo("SELECT * FROM " + scan + " AS t5 ORDER BY \"status\" ASC NULLS LAST FETCH FIRST ? ROWS ONLY");
        assertThat(topK.parameters()).containsExactly(3L);
        assertThat(generic(orders.select(Expressions.endsWith(col("status"), "n").as("e"), col("id").mod(2L).as("m"),
                col("total").cast(DataTypes.INT64).as("i"))).text()).isEqualTo(
                "SELECT (CHAR_LENGTH(CAST(? AS VARCHAR(1000000))) <= CHAR_LENGTH(\"status\") AND SUBSTRING(\"status\" FROM CHAR_LENGTH(\"status\")"
                        + " - CHAR_LENGTH(CAST(? AS VARCHAR(1000000))) + 1) = CAST(? AS VARCHAR(1000000))) AS \"e\", MOD(\"id\", CAST(? AS BIGINT)) AS \"m\","
                        + " CAST((CASE WHEN (\"total\") < 0 THEN CEILING(\"total\") ELSE FLOOR(\"total\") END) AS BIGINT) AS \"i\" FROM " + scan + " AS t6");
        assertThat(new AnsiDialect("`").quote("we`ird")).isEqualTo("`we``ird`");
    }

    @Test
    void aLambdaWithAnSqlHintIsPushedVerbatim() {
        Dataset<Row> hintedFilter = orders.filter(row -> ((BigDecimal) row.get("total")).doubleValue() > 6, Hints.sql("\"total\" > 6"));
        assertThat(SqlGenerator.supports(hintedFilter.operator())).isTrue();
        assertThat(sql(hintedFilter).text()).isEqualTo("SELECT * FROM (SELECT \"id\", \"customer\", \"status\", \"total\", \"placed\" FROM \"sales\".\"orders\") AS t3"
                + " WHERE (\"total\" > 6)");
        Dataset<Doubled> hintedMap = orders.map(row -> new Doubled((String) row.get("status"), ((BigDecimal) row.get("total")).multiply(BigDecimal.valueOf(2))),
                Doubled.class, Hints.sql("\"status\", \"total\" * 2 AS \"doubled\""));
        assertThat(SqlGenerator.supports(hintedMap.operator())).isTrue();
        assertThat(sql(hintedMap).text()).isEqualTo("SELECT \"status\", \"total\" * 2 AS \"doubled\" FROM (SELECT \"id\", \"customer\", \"status\", \"total\", \"placed\""
                + " FROM \"sales\".\"orders\") AS t4");
        assertThat(SqlGenerator.supports(orders.map(row -> new Doubled("", BigDecimal.ONE), Doubled.class).operator())).as("a map without a hint").isFalse();
    }

    @Test
    void intersectIsDistinctAndCartesianIsACrossJoin() {
        Dataset<Row> names = customers.select(col("name"));
        String input = "(SELECT \"name\" AS \"name\" FROM (SELECT \"customer\", \"name\" FROM \"Customers\") AS t3)";
        assertThat(sql(names.intersect(names)).text()).isEqualTo("SELECT * FROM " + input + " AS t4_0 INTERSECT SELECT * FROM " + input + " AS t4_1");
        assertThat(sql(names.cartesian(orders.select(col("id")))).text()).isEqualTo("SELECT l.\"name\" AS \"name\", r.\"id\" AS \"id\" FROM " + input + " AS l"
                + " CROSS JOIN (SELECT \"id\" AS \"id\" FROM (SELECT \"id\", \"customer\", \"status\", \"total\", \"placed\" FROM \"sales\".\"orders\") AS t5) AS r");
    }

    @Test
    void identifiersWithQuotesAreEscaped() {
        assertThat(Identifiers.quote("we\"ird")).isEqualTo("\"we\"\"ird\"");
        assertThat(Identifiers.table("\"My.Schema\".t")).isEqualTo("\"My.Schema\".\"t\"");
        assertThatThrownBy(() -> Identifiers.table("a..b")).isInstanceOf(IllegalArgumentException.class);
    }
}
