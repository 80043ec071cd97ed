package dev.weft.conformance;

import static dev.weft.api.expr.Expressions.col;
import static dev.weft.conformance.ConformanceAssertions.assertSameElements;
import static dev.weft.conformance.ConformanceAssertions.currentLine;
import static dev.weft.conformance.ConformanceAssertions.fileAndLine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.weft.api.CallSite;
import dev.weft.api.Dataset;
import dev.weft.api.ErrorCode;
import dev.weft.api.JoinKeys;
import dev.weft.api.Pipeline;
import dev.weft.api.WeftException;
import dev.weft.api.function.MapFunction;
import dev.weft.api.plan.CsvFormat;
import dev.weft.api.types.Row;
import dev.weft.conformance.ConformanceRecords.KeyValue;
import dev.weft.conformance.ConformanceRecords.Measurement;
import dev.weft.conformance.ConformanceRecords.Person;
import dev.weft.conformance.ConformanceRecords.Purchase;
import dev.weft.conformance.ConformanceRecords.WithMap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Bad inputs are errors with a code and a message that names what was wrong and where: failing lambdas, wrong
 * output types, missing and malformed files at run time; unknown columns, type mismatches, unsupported types and
 * unbounded aggregations when the plan is built. After a failed execution no memory is left allocated.
 *
 * <p>Plan-time cases put {@code currentLine()} and the offending call on one source line: the error must name that
 * line as the operator's call site.
 */
public interface ErrorConformance extends ConformanceHarness {
    String FILE = "ErrorConformance.java";

    @Test
    default void throwingMapNamesOperatorAndCallSite() {
        Pipeline pipeline = pipeline();
        Dataset<Long> exploding = pipeline.fromCollection(ConformanceData.range(ConformanceData.LARGE), Long.class)
                .map(x -> {
                    if (x == 40_000) {
                        throw new IllegalStateException("boom at 40000");
                    }
                    return x;
                }, Long.class)
                .named("explode");
        exploding.collect();
        assertUserFunctionFailed(runFailing(pipeline), exploding.operator().callSite(), "explode", "boom at 40000");
    }

    @Test
    default void throwingFilterNamesOperatorAndCallSite() {
        Pipeline pipeline = pipeline();
        Dataset<Person> picky = pipeline.fromCollection(ConformanceData.people(), Person.class)
                .filter(p -> p.age() > 40)
                .named("picky");
        picky.collect();
        WeftException error = runFailing(pipeline);
        assertUserFunctionFailed(error, picky.operator().callSite(), "picky", null);
        assertThat(error).hasRootCauseInstanceOf(NullPointerException.class);
    }

    @Test
    default void throwingReducerNamesOperator() {
        Pipeline pipeline = pipeline();
        Dataset<KeyValue> sums = pipeline.fromCollection(ConformanceData.randomKeyValues(10_000, 10, 20), KeyValue.class)
                .reduceByKey(KeyValue::key, (a, b) -> {
                    throw new ArithmeticException("cannot add " + a + " and " + b);
                })
                .named("sum-per-key");
        sums.collect();
        assertUserFunctionFailed(runFailing(pipeline), sums.operator().callSite(), "sum-per-key", "cannot add");
    }

    @Test
    default void throwingSinkNamesOperator() {
        Pipeline pipeline = pipeline();
        pipeline.fromCollection(ConformanceData.range(1_000), Long.class).forEach(x -> {
            if (x == 500) {
                throw new IllegalArgumentException("rejected 500");
            }
        });
        CallSite callSite = pipeline.plan().sinks().get(0).callSite();
        WeftException error = runFailing(pipeline);
        assertUserFunctionFailed(error, callSite, pipeline.plan().sinks().get(0).name(), "rejected 500");
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    default void mapReturningTheWrongTypeNamesBothClasses() {
        MapFunction<Long, Integer> liar = (MapFunction) (MapFunction<Long, Object>) x -> "not a number " + x;
        Pipeline pipeline = pipeline();
        Dataset<Integer> lying = pipeline.fromCollection(ConformanceData.range(10), Long.class).map(liar, Integer.class).named("liar");
        lying.collect();
        WeftException error = runFailing(pipeline);
        assertThat(error.errorCode()).isEqualTo(ErrorCode.WRONG_OUTPUT_TYPE);
        assertThat(error.getMessage()).contains("Integer").contains("String").contains("liar");
    }

    @Test
    default void missingTextFileNamesThePath() {
        Path missing = directory().resolve("no-such-file.txt");
        Pipeline pipeline = pipeline();
        pipeline.readText(missing).collect();
        WeftException error = runFailing(pipeline);
        assertThat(error.errorCode()).isEqualTo(ErrorCode.FILE_NOT_FOUND);
        assertThat(error.getMessage()).contains(missing.toString());
    }

    @Test
    default void missingCsvFileNamesThePath() {
        Path missing = directory().resolve("no-such-file.csv");
        Pipeline pipeline = pipeline();
        pipeline.readCsv(missing, Measurement.class, CsvFormat.DEFAULT).collect();
        WeftException error = runFailing(pipeline);
        assertThat(error.errorCode()).isEqualTo(ErrorCode.FILE_NOT_FOUND);
        assertThat(error.getMessage()).contains(missing.toString());
    }

    @Test
    default void malformedCsvValueNamesTheLine() throws IOException {
        Path file = Files.writeString(directory().resolve("bad-number.csv"), """
                id,name,score,day,amount
                1,a,1.0,2024-01-01,1.00
                2,b,2.0,2024-01-02,2.00
                3,c,3.0,2024-01-03,3.00
                4,d,4.0,2024-01-04,4.00
                5,e,5.0,2024-01-05,5.00
                six,f,6.0,2024-01-06,6.00
                7,g,7.0,2024-01-07,7.00
                """);
        assertMalformedAtLine(file, 7);
    }

    @Test
    default void csvRowWithTooFewColumnsNamesTheLine() throws IOException {
        Path file = Files.writeString(directory().resolve("short-row.csv"), """
                id,name,score,day,amount
                1,a,1.0,2024-01-01,1.00
                2,b
                3,c,3.0,2024-01-03,3.00
                """);
        assertMalformedAtLine(file, 3);
    }

    @Test
    default void malformedCsvDateNamesTheLine() throws IOException {
        Path file = Files.writeString(directory().resolve("bad-date.csv"), """
                id,name,score,day,amount
                1,a,1.0,2024-01-01,1.00
                2,b,2.0,2024-01-02,2.00
                3,c,3.0,2024-01-03,3.00
                4,d,4.0,2024-13-45,4.00
                """);
        assertMalformedAtLine(file, 5);
    }

    @Test
    default void unknownColumnInFilterAtPlanTime() {
        Dataset<Person> people = pipeline().fromCollection(ConformanceData.people(), Person.class);
        int line = currentLine(); Throwable error = catchThrowable(() -> people.filter(col("nmae").eq("Ada")));
        assertPlanError(error, ErrorCode.UNKNOWN_COLUMN, line, "nmae");
    }

    @Test
    default void unknownColumnInSelectAtPlanTime() {
        Dataset<Person> people = pipeline().fromCollection(ConformanceData.people(), Person.class);
        int line = currentLine(); Throwable error = catchThrowable(() -> people.select("id", "salary"));
        assertPlanError(error, ErrorCode.UNKNOWN_COLUMN, line, "salary");
    }

    @Test
    default void unknownColumnInGroupByAtPlanTime() {
        Dataset<Person> people = pipeline().fromCollection(ConformanceData.people(), Person.class);
        int line = currentLine(); Throwable error = catchThrowable(() -> people.groupBy("country").count());
        assertPlanError(error, ErrorCode.UNKNOWN_COLUMN, line, "country");
    }

    @Test
    default void typeMismatchInFilterAtPlanTime() {
        Dataset<Person> people = pipeline().fromCollection(ConformanceData.people(), Person.class);
        int line = currentLine(); Throwable error = catchThrowable(() -> people.filter(col("name").gt(5)));
        assertPlanError(error, ErrorCode.TYPE_MISMATCH, line, "name");
    }

    @Test
    default void typeMismatchInJoinKeysAtPlanTime() {
        Pipeline pipeline = pipeline();
        Dataset<Person> people = pipeline.fromCollection(ConformanceData.people(), Person.class);
        Dataset<Purchase> purchases = pipeline.fromCollection(ConformanceData.purchases(), Purchase.class);
        int line = currentLine(); Throwable error = catchThrowable(() -> people.join(purchases, JoinKeys.on("name", "personId")));
        assertPlanError(error, ErrorCode.TYPE_MISMATCH, line, "personId");
    }

    @Test
    default void typeMismatchInUnionAtPlanTime() {
        Pipeline pipeline = pipeline();
        Dataset<Row> ids = pipeline.fromCollection(ConformanceData.people(), Person.class).select("id");
        Dataset<Row> names = pipeline.fromCollection(ConformanceData.people(), Person.class).select("name");
        int line = currentLine(); Throwable error = catchThrowable(() -> ids.union(names));
        assertPlanError(error, ErrorCode.TYPE_MISMATCH, line, "union");
    }

    @Test
    default void unsupportedComponentTypeNamesTheComponent() {
        Throwable source = catchThrowable(() -> pipeline().fromCollection(List.of(new WithMap("a", Map.of())), WithMap.class));
        assertThat(source).isInstanceOf(WeftException.class);
        assertThat(((WeftException) source).errorCode()).isEqualTo(ErrorCode.UNSUPPORTED_TYPE);
        assertThat(source.getMessage()).contains("attributes").contains("Map");

        Dataset<Person> people = pipeline().fromCollection(ConformanceData.people(), Person.class);
        Throwable mapped = catchThrowable(() -> people.map(p -> new WithMap(p.name(), Map.of()), WithMap.class));
        assertThat(mapped).isInstanceOf(WeftException.class);
        assertThat(((WeftException) mapped).errorCode()).isEqualTo(ErrorCode.UNSUPPORTED_TYPE);
        assertThat(mapped.getMessage()).contains("attributes");
    }

    @Test
    default void aggregationOverUnboundedInputWithoutWindowIsRejected() {
        Pipeline grouped = pipeline();
        int line = currentLine(); grouped.generateUnbounded(1_000).groupBy(col("value").mod(10).as("bucket")).count().collect();
        assertPlanError(catchThrowable(grouped::plan), ErrorCode.UNBOUNDED_AGGREGATION, line, "aggregate");

        Pipeline distinct = pipeline();
        int distinctLine = currentLine(); distinct.generateUnbounded(1_000).distinct().collect();
        assertPlanError(catchThrowable(distinct::plan), ErrorCode.UNBOUNDED_AGGREGATION, distinctLine, "distinct");
    }

    @Test
    default void engineRunsAgainAfterAFailure() {
        Pipeline failing = pipeline();
        failing.fromCollection(ConformanceData.range(ConformanceData.LARGE), Long.class).map(x -> 10 / (x - 25_000), Long.class).collect();
        assertThat(runFailing(failing).errorCode()).isEqualTo(ErrorCode.USER_FUNCTION_FAILED);
        List<Long> numbers = ConformanceData.range(ConformanceData.LARGE);
        assertSameElements(collect(pipeline().fromCollection(numbers, Long.class).map(x -> x + 1, Long.class)),
                numbers.stream().map(x -> x + 1).toList());
    }

    private void assertMalformedAtLine(Path file, int line) {
        Pipeline pipeline = pipeline();
        pipeline.readCsv(file, Measurement.class, CsvFormat.DEFAULT).collect();
        WeftException error = runFailing(pipeline);
        assertThat(error.errorCode()).isEqualTo(ErrorCode.MALFORMED_INPUT);
        String name = file.getFileName().toString();
        assertThat(error.getMessage()).as("names the file and the line, as 'line %d' or '%s:%d'", line, name, line)
                .contains(name)
                .containsPattern("(?i)(\\bline\\W{0,3}%d|%s:%d)\\b".formatted(line, Pattern.quote(name), line));
    }

    private static void assertUserFunctionFailed(WeftException error, CallSite callSite, String operatorName, String causeMessage) {
        assertThat(callSite.fileName()).as("call site captured by the plan builder").isEqualTo(FILE);
        assertThat(error.errorCode()).isEqualTo(ErrorCode.USER_FUNCTION_FAILED);
        assertThat(error.getMessage()).contains(operatorName).contains(fileAndLine(callSite));
        if (causeMessage != null) {
            assertThat(error).hasStackTraceContaining(causeMessage);
        }
    }

    private static void assertPlanError(Throwable error, ErrorCode code, int line, String detail) {
        assertThat(error).isInstanceOf(WeftException.class);
        assertThat(((WeftException) error).errorCode()).isEqualTo(code);
        assertThat(error.getMessage()).contains(FILE + ":" + line).contains(detail);
    }
}
