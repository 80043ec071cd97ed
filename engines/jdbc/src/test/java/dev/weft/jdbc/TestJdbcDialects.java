package dev.weft.jdbc;

import static dev.weft.api.expr.Expressions.col;
import static dev.weft.api.expr.Expressions.count;
import static dev.weft.api.expr.Expressions.sum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.api.Collected;
import dev.weft.api.Dataset;
import dev.weft.api.Pipeline;
import dev.weft.api.WeftException;
import dev.weft.api.expr.Expressions;
import dev.weft.api.plan.JdbcDataSource;
import dev.weft.api.types.Row;
import dev.weft.jdbc.sql.SqlGenerator;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Choosing the dialect (URL, forced by property), the generic dialect on PostgreSQL, and bad inputs. */
class TestJdbcDialects extends JdbcTestBase {
    @BeforeEach
    void createTable() {
        sql("DROP TABLE IF EXISTS dialect_t", "CREATE TABLE dialect_t AS SELECT g::int8 AS id, (g % 7)::int8 AS k, 'item-' || g AS name,"
                + " (g * 1.25)::float8 AS amount, DATE '2024-01-01' + g AS day FROM generate_series(1, 500) g", "ANALYZE dialect_t");
    }

    @Test
    void theUrlChoosesTheDialectAndThePropertyForcesOne() {
        assertThat(JdbcDialects.of(JdbcDataSource.of("jdbc:postgresql://h/db"))).isInstanceOf(PostgresJdbcDialect.class);
        assertThat(JdbcDialects.of(JdbcDataSource.of("jdbc:h2:mem:x"))).isInstanceOf(GenericJdbcDialect.class);
        assertThat(JdbcDialects.of(JdbcDataSource.of("jdbc:postgresql://h/db").withProperty(JdbcDialects.DIALECT_PROPERTY, "generic")))
                .isInstanceOf(GenericJdbcDialect.class);
        assertThat(JdbcDialects.of(JdbcDataSource.of("jdbc:h2:mem:x").withProperty(JdbcDialects.DIALECT_PROPERTY, "PostgreSQL")))
                .isInstanceOf(PostgresJdbcDialect.class);
    }

    private List<List<Object>> answers(JdbcDataSource source) {
        Pipeline pipeline = Pipeline.create("t");
        Dataset<Row> rows = pipeline.readJdbc(source, "dialect_t");
        Collected<Row> result = rows.filter(col("name").like("item-1%").or(Expressions.endsWith(col("name"), "7"))
                        .and(col("day").lt(LocalDate.of(2025, 1, 1))))
                .select(col("k"), col("amount"), col("id").mod(3L).as("m"), Expressions.substring(col("name"), 1, 4).as("prefix"))
                .groupBy("k", "prefix").aggregate(sum("amount").as("total"), count().as("n"), sum("m").as("ms"))
                .sort(col("k").asc(), col("prefix").asc()).limit(5).collect();
        return rows(result, run(pipeline));
    }

    @Test
    void theGenericDialectForcedOnPostgresGivesThePostgresDialectsAnswers() {
        JdbcDataSource generic = db.withProperty(JdbcDialects.DIALECT_PROPERTY, "generic");
        Pipeline pipeline = Pipeline.create("t");
        String sql = new SqlGenerator(JdbcDialects.of(generic)).generate(pipeline.readJdbc(generic, "dialect_t").limit(3).operator()).text();
        assertThat(sql).contains("FETCH FIRST ? ROWS ONLY").doesNotContain("LIMIT");
        List<List<Object>> expected = answers(db);
        assertThat(expected).hasSize(5);
        TestGenericDialect.assertSameRows(answers(generic), expected);
    }

    @Test
    void anUnknownDialectNamesTheAllowedValues() {
        JdbcDataSource oracle = db.withProperty(JdbcDialects.DIALECT_PROPERTY, "oracle");
        assertThatThrownBy(() -> Pipeline.create("t").readJdbc(oracle, "dialect_t"))
                .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.errorCode()).isEqualTo(JdbcErrorCode.UNKNOWN_DIALECT))
                .hasMessageContaining("'oracle'").hasMessageContaining(JdbcDialects.DIALECT_PROPERTY).hasMessageContaining("postgresql, generic");
    }

    @Test
    void aUrlWithoutADriverOnTheClasspathSaysSo() {
        assertThatThrownBy(() -> Pipeline.create("t").readJdbc(JdbcDataSource.of("jdbc:nosuchdb://host:1/db?password=secret"), "t"))
                .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.errorCode()).isEqualTo(JdbcErrorCode.DRIVER_MISSING))
                .hasMessageContaining("'jdbc:nosuchdb:'").hasMessageContaining("driver jar").hasMessageContaining("classpath")
                .hasMessageNotContaining("secret");
    }

    @Test
    void aTypeTheGenericDialectCannotMapNamesTheColumnAndItsSqlType() {
        try (H2TestDatabase h2 = new H2TestDatabase()) {
            h2.execute("CREATE TABLE \"clock\" (\"id\" INTEGER, \"at\" TIME)");
            assertThatThrownBy(() -> Pipeline.create("t").readJdbc(h2.dataSource(), "clock"))
                    .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.errorCode()).isEqualTo(JdbcErrorCode.UNSUPPORTED_TYPE))
                    .hasMessageContaining("'at'").hasMessageContaining("TIME").hasMessageContaining("generic");
            assertThatThrownBy(() -> Pipeline.create("t").readJdbc(h2.dataSource(), "missing"))
                    .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.errorCode()).isEqualTo(JdbcErrorCode.RELATION_MISSING))
                    .hasMessageContaining("table missing");
        }
    }
}
