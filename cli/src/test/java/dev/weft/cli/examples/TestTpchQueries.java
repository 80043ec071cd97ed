package dev.weft.cli.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.weft.adaptive.JobHandle;
import dev.weft.adaptive.Weft;
import dev.weft.adaptive.WeftConfig;
import dev.weft.api.Collected;
import dev.weft.api.Dataset;
import dev.weft.api.ErrorCode;
import dev.weft.api.Pipeline;
import dev.weft.api.WeftException;
import dev.weft.api.types.Row;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.arrow.vector.types.pojo.Field;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs each example query on generated data at scale factor 0.01 through Weft and the Java engine and compares it
 * with the reference answer shipped in the tpch jar ({@code io/trino/tpch/queries/qN.result}).
 *
 * <p>Comparison: the same number of rows, in the same order unless the file says {@code ignoreOrder: true}; strings
 * exactly; dates as ISO-8601; integers exactly; other numbers within an absolute 0.01 OR a relative 1e-6. The
 * absolute bound covers money and averages, which the reference prints rounded to 2 decimals (so it may be 0.005
 * off the exact value) and which we compute in double arithmetic, as the TPC-H tables here hold doubles; the
 * relative bound covers large sums and ratios such as Q14's percentage.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES)
class TestTpchQueries {
    private static final double SCALE_FACTOR = 0.01;
    private static final double ABSOLUTE_TOLERANCE = 0.01;
    private static final double RELATIVE_TOLERANCE = 1e-6;
    private static final Pattern HEADER = Pattern.compile("^-- delimiter: (.); ignoreOrder: (true|false);.*");

    /** The SELECT lists of the SQL, in order. */
    private static final Map<Integer, List<String>> COLUMNS = Map.of(
            1, List.of("l_returnflag", "l_linestatus", "sum_qty", "sum_base_price", "sum_disc_price", "sum_charge",
                    "avg_qty", "avg_price", "avg_disc", "count_order"),
            3, List.of("l_orderkey", "revenue", "o_orderdate", "o_shippriority"),
            5, List.of("n_name", "revenue"),
            6, List.of("revenue"),
            10, List.of("c_custkey", "c_name", "revenue", "c_acctbal", "n_name", "c_address", "c_phone", "c_comment"),
            12, List.of("l_shipmode", "high_line_count", "low_line_count"),
            14, List.of("promo_revenue"),
            19, List.of("revenue"));

    private Weft weft;

    /** The driver's configuration: every operator on the engine under test (here the optimizer's choice). */
    protected WeftConfig config() {
        return WeftConfig.builder().parallelism(4).build();
    }

    @BeforeAll
    void startWeft() {
        weft = Weft.create(config());
    }

    @AfterAll
    void closeWeft() {
        if (weft != null) {
            weft.close();
        }
    }

    Stream<Integer> queries() {
        return TpchQueries.SUPPORTED.stream();
    }

    @ParameterizedTest(name = "q{0}")
    @MethodSource("queries")
    void matchesTheReferenceAnswer(int number) throws IOException {
        Pipeline pipeline = Pipeline.create("q" + number);
        Dataset<Row> result = TpchQueries.query(pipeline, number, SCALE_FACTOR);
        Collected<Row> collected = result.collect();
        JobHandle job = weft.submit(pipeline);
        job.await();
        List<Row> actual = job.collected(collected);
        assertMatchesReference(number, actual);
    }

    /** The rows equal the tpch jar's reference answer of query {@code number}, within the tolerances above. */
    static void assertMatchesReference(int number, List<Row> actual) throws IOException {
        Expected expected = Expected.load(number, COLUMNS.get(number).size());
        assertThat(actual).as("rows of q%d", number).hasSize(expected.rows().size());
        List<Row> actualRows = actual;
        List<List<String>> expectedRows = expected.rows();
        if (expected.ignoreOrder()) {
            actualRows = actual.stream().sorted(Comparator.comparing(Row::toString)).toList();
            expectedRows = expectedRows.stream().sorted(Comparator.comparing(Object::toString)).toList();
        }
        for (int i = 0; i < actualRows.size(); i++) {
            Row row = actualRows.get(i);
            List<String> reference = expectedRows.get(i);
            for (int column = 0; column < reference.size(); column++) {
                assertValue(row.get(column), reference.get(column), "q%d row %d column %s (actual row %s, expected %s)"
                        .formatted(number, i + 1, COLUMNS.get(number).get(column), row, reference));
            }
        }
    }

    @ParameterizedTest(name = "q{0}")
    @MethodSource("queries")
    void outputColumnsAreTheSelectList(int number) {
        Dataset<Row> result = TpchQueries.query(Pipeline.create(), number, SCALE_FACTOR);

        assertThat(result.schema().getFields()).extracting(Field::getName).containsExactlyElementsOf(COLUMNS.get(number));
    }

    @Test
    void unsupportedQueryNamesTheSupportedOnes() {
        assertThatThrownBy(() -> TpchQueries.query(Pipeline.create(), 2, SCALE_FACTOR))
                .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("query 2")
                .hasMessageContaining("[1, 3, 5, 6, 10, 12, 14, 19]");
    }

    @Test
    void nonPositiveScaleFactorIsRejected() {
        assertThatThrownBy(() -> TpchQueries.query(Pipeline.create(), 1, 0))
                .isInstanceOf(WeftException.class)
                .hasMessageContaining("scale factor must be positive");
    }

    private static void assertValue(Object actual, String expected, String where) {
        assertThat(actual).as(where).isNotNull();
        if (actual instanceof String text) {
            assertThat(text).as(where).isEqualTo(expected);
        } else if (actual instanceof LocalDate date) {
            assertThat(date.toString()).as(where).isEqualTo(expected);
        } else if (actual instanceof Long || actual instanceof Integer) {
            assertThat(new BigDecimal(expected).compareTo(BigDecimal.valueOf(((Number) actual).longValue())))
                    .as("%s: %s vs %s", where, actual, expected).isZero();
        } else if (actual instanceof Number number) {
            double value = number.doubleValue();
            double reference = Double.parseDouble(expected);
            double difference = Math.abs(value - reference);
            if (difference > ABSOLUTE_TOLERANCE && difference > RELATIVE_TOLERANCE * Math.abs(reference)) {
                fail("%s: %s differs from %s by %s".formatted(where, value, reference, difference));
            }
        } else {
            fail("%s: unexpected value %s of %s".formatted(where, actual, actual.getClass().getName()));
        }
    }

    /** A reference answer: a header line, then rows of delimited values (sometimes with a trailing delimiter). */
    private record Expected(boolean ignoreOrder, List<List<String>> rows) {
        static Expected load(int number, int columns) throws IOException {
            String resource = "io/trino/tpch/queries/q%d.result".formatted(number);
            String text;
            try (InputStream in = TestTpchQueries.class.getClassLoader().getResourceAsStream(resource)) {
                assertThat(in).as("resource %s of the tpch jar", resource).isNotNull();
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            List<String> lines = text.lines().toList();
            Matcher header = HEADER.matcher(lines.get(0));
            assertThat(header.matches()).as("header of %s: %s", resource, lines.get(0)).isTrue();
            String delimiter = header.group(1);
            List<List<String>> rows = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                if (line.isEmpty()) {
                    continue;
                }
                List<String> values = new ArrayList<>(List.of(line.split(Pattern.quote(delimiter), -1)));
                if (values.size() == columns + 1 && values.get(columns).isEmpty()) {
                    values.remove(columns);
                }
                assertThat(values).as("a row of %s: %s", resource, line).hasSize(columns);
                rows.add(values);
            }
            return new Expected(Boolean.parseBoolean(header.group(2)), rows);
        }
    }
}
