package dev.weft.jdbc;

import static dev.weft.api.expr.Expressions.col;
import static dev.weft.api.expr.Expressions.lit;
import static dev.weft.conformance.ConformanceAssertions.assertSameElements;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.api.Pipeline;
import dev.weft.api.WeftException;
import dev.weft.api.plan.JdbcDataSource;
import dev.weft.api.plan.LogicalOperator;
import dev.weft.api.spi.EngineProvider;
import dev.weft.api.types.DecimalType;
import dev.weft.conformance.ConformanceData;
import dev.weft.conformance.ConformanceRecords.AllTypes;
import dev.weft.conformance.EngineConformanceTest;
import dev.weft.engine.java.JavaEngineProvider;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.vector.types.pojo.Field;
import org.junit.jupiter.api.Test;

/**
 * The conformance suite on the PostgreSQL engine: the suite's sources (collections, files, generators) run on the Java
 * engine and are shipped into PostgreSQL as stage inputs (temporary tables loaded with binary COPY); every declarative
 * operator after them runs as SQL on the shared test server. Pipelines with lambdas, loops or other operators the JDBC
 * engine does not declare are skipped by the suite, and so are pipelines with a column PostgreSQL cannot hold (structs,
 * lists: {@link #unsupportedReason}). The suite's type round trips go through a map (a lambda), so they are skipped here;
 * two tests of this class run the same values through PostgreSQL without one, and a third fails a statement inside
 * PostgreSQL after a hand-off (the suite's failure tests all fail in a lambda or a source).
 */
class TestJdbcConformance extends EngineConformanceTest {
    @Override
    protected EngineProvider provider() {
        return new JdbcEngineProvider();
    }

    @Override
    protected Optional<EngineProvider> sourceEngine() {
        return Optional.of(new JavaEngineProvider());
    }

    /** A stage that reads only stage inputs names its database through the driver properties. */
    @Override
    protected Map<String, String> engineProperties() {
        JdbcDataSource db = PostgresTestServer.dataSource();
        Map<String, String> properties = new HashMap<>();
        properties.put(JdbcEngine.URL_PROPERTY, db.url());
        properties.put(JdbcEngine.USER_PROPERTY, db.user());
        if (db.passwordSource() == JdbcDataSource.PasswordSource.ENV) {
            properties.put(JdbcEngine.PASSWORD_ENV_PROPERTY, db.passwordRef());
        }
        return properties;
    }

    /** A column type with no PostgreSQL column type (struct, list, map) cannot be shipped into or computed in PostgreSQL. */
    @Override
    protected Optional<String> unsupportedReason(LogicalOperator operator) {
        for (Field field : operator.schema().getFields()) {
            try {
                PgTypes.sqlType(field.getType());
            } catch (WeftException e) {
                return Optional.of("column '%s': %s".formatted(field.getName(), e.getMessage()));
            }
        }
        return Optional.empty();
    }

    /** The values of scalarsOfEveryTypeRoundTrip, shipped into a temporary table and read back with a cursor. */
    @Test
    void scalarsOfEveryTypeThroughPostgres() {
        assertThroughPostgres(Arrays.asList("a", "", null, "ü✓"), String.class);
        assertThroughPostgres(Arrays.asList(Long.MIN_VALUE, 0L, null, Long.MAX_VALUE), Long.class);
        assertThroughPostgres(Arrays.asList(Integer.MIN_VALUE, null, Integer.MAX_VALUE), Integer.class);
        assertThroughPostgres(Arrays.asList(Short.MIN_VALUE, null, Short.MAX_VALUE), Short.class);
        assertThroughPostgres(Arrays.asList(Byte.MIN_VALUE, null, Byte.MAX_VALUE), Byte.class);
        assertThroughPostgres(Arrays.asList(-1.5, null, Double.MAX_VALUE, Double.NEGATIVE_INFINITY, Double.NaN), Double.class);
        assertThroughPostgres(Arrays.asList(-1.5f, null, Float.MIN_VALUE), Float.class);
        assertThroughPostgres(Arrays.asList(true, null, false), Boolean.class);
        assertThroughPostgres(Arrays.asList('a', null, 'Ω'), Character.class);
        assertThroughPostgres(Arrays.asList(new BigDecimal("-12.5").setScale(18), null, BigDecimal.ONE.setScale(18)), BigDecimal.class);
        assertThroughPostgres(Arrays.asList(LocalDate.of(1, 1, 1), null, LocalDate.of(9999, 12, 31)), LocalDate.class);
        assertThroughPostgres(Arrays.asList(Instant.parse("2000-01-01T00:00:00.000001Z"), null, Instant.EPOCH), Instant.class);
        List<byte[]> bytes = Arrays.asList(new byte[] {1, 2, 3}, null, new byte[0]);
        List<byte[]> actual = collect(pipeline().fromCollection(bytes, byte[].class));
        assertSameElements(actual.stream().map(b -> b == null ? null : Arrays.toString(b)).toList(),
                bytes.stream().map(b -> b == null ? null : Arrays.toString(b)).toList());
    }

    /** The scalar components of the suite's AllTypes (its struct and list components have no PostgreSQL column type). */
    public record Scalars(boolean flag, byte tiny, short small, int number, long big, float real, double precise, char letter,
                          Boolean boxedFlag, Byte boxedTiny, Short boxedSmall, Integer boxedNumber, Long boxedBig, Float boxedReal,
                          Double boxedPrecise, Character boxedLetter, String text, @DecimalType(precision = 12, scale = 2) BigDecimal amount,
                          BigDecimal wideAmount, LocalDate day, Instant at, byte[] bytes) {
        static Scalars of(AllTypes r) {
            return new Scalars(r.flag(), r.tiny(), r.small(), r.number(), r.big(), r.real(), r.precise(), r.letter(), r.boxedFlag(),
                    r.boxedTiny(), r.boxedSmall(), r.boxedNumber(), r.boxedBig(), r.boxedReal(), r.boxedPrecise(), r.boxedLetter(),
                    r.text(), r.amount(), r.wideAmount(), r.day(), r.at(), r.bytes());
        }

        List<Object> comparable() {
            return Arrays.asList(flag, tiny, small, number, big, real, precise, letter, boxedFlag, boxedTiny, boxedSmall, boxedNumber,
                    boxedBig, boxedReal, boxedPrecise, boxedLetter, text, amount, wideAmount, day, at, bytes == null ? null : Arrays.toString(bytes));
        }
    }

    /** The scalar components of the suite's AllTypes records (NULLs, extremes, NaN, decimals) through a temporary table. */
    @Test
    void recordsOfEveryScalarComponentTypeThroughPostgres() {
        List<Scalars> records = ConformanceData.allTypes().stream().map(Scalars::of).toList();
        List<Scalars> actual = collect(pipeline().fromCollection(records, Scalars.class));
        assertSameElements(actual.stream().map(Scalars::comparable).toList(), records.stream().map(Scalars::comparable).toList());
    }

    private <T> void assertThroughPostgres(List<T> values, Class<T> type) {
        assertSameElements(collect(pipeline().fromCollection(values, type)), values);
    }

    /**
     * A statement that fails inside PostgreSQL (integer division by zero) after the Java engine handed the source over:
     * the stage fails with the server's error and the SQL, nothing leaks (the suite checks every allocator), and the
     * engine runs the next pipeline.
     */
    @Test
    void aStatementFailingInPostgresFailsTheStageAndTheEngineRunsAgain() {
        Pipeline failing = pipeline();
        failing.fromCollection(List.of(1L, 2L, 0L), Long.class).select(lit(10L).dividedBy(col("value")).as("quotient")).collect();
        WeftException error = runFailing(failing);
        assertThat(error.getMessage()).contains("division by zero").contains("SELECT");
        assertThat(collect(pipeline().fromCollection(List.of(1L, 2L, 5L), Long.class).select(lit(10L).dividedBy(col("value")).as("quotient"))))
                .extracting(row -> row.get("quotient")).containsExactlyInAnyOrder(10L, 5L, 2L);
    }
}
