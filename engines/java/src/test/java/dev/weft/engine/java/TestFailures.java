package dev.weft.engine.java;

import static dev.weft.api.expr.Expressions.col;
import static dev.weft.api.expr.Expressions.desc;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.api.Dataset;
import dev.weft.api.ErrorCode;
import dev.weft.api.JoinKeys;
import dev.weft.api.Pipeline;
import dev.weft.api.WeftException;
import dev.weft.api.function.MapFunction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class TestFailures extends EngineTestBase {
    record Reading(String sensor, long value) {}

    private static WeftException failure(Runnable run) {
        try {
            run.run();
        } catch (WeftException e) {
            return e;
        }
        throw new AssertionError("expected a WeftException");
    }

    @Test
    void throwingLambdaNamesTheOperatorAndTheElement() {
        Pipeline pipeline = Pipeline.create();
        pipeline.fromCollection(LongStream.range(0, 1000).boxed().toList(), Long.class)
                .map(v -> v + 1, Long.class)
                .map(v -> 100 / (v - 500), Long.class).named("divide")
                .collect();

        WeftException e = failure(() -> run(pipeline));
        assertThat(e.errorCode()).isEqualTo(ErrorCode.USER_FUNCTION_FAILED);
        assertThat(e.getMessage()).contains("operator 'divide' at TestFailures").contains("element 500").contains("/ by zero");
        assertThat(e.getCause()).isInstanceOf(ArithmeticException.class);
    }

    @Test
    void longElementsAreCutInTheMessage() {
        Pipeline pipeline = Pipeline.create();
        pipeline.fromCollection(List.of("x".repeat(5000)), String.class)
                .filter(s -> {
                    throw new IllegalStateException("boom");
                })
                .collect();

        WeftException e = failure(() -> run(pipeline));
        assertThat(e.getMessage()).contains("boom").hasSizeLessThan(600);
    }

    @Test
    void failureAfterAFlatMapIsReportedForTheRightOperator() {
        Pipeline pipeline = Pipeline.create();
        pipeline.fromCollection(List.of("a b", "c d"), String.class)
                .flatMap((String line, dev.weft.api.function.Emitter<String> out) -> {
                    for (String word : line.split(" ")) {
                        out.emit(word);
                    }
                }, String.class).named("split")
                .map(word -> {
                    if (word.equals("d")) {
                        throw new IllegalArgumentException("no d");
                    }
                    return word;
                }, String.class).named("check")
                .collect();

        WeftException e = failure(() -> run(pipeline));
        assertThat(e.getMessage()).contains("operator 'check'").contains("element d").doesNotContain("'split'");
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void lambdaReturningTheWrongClass() {
        Pipeline pipeline = Pipeline.create();
        MapFunction sneaky = v -> "not a long";
        pipeline.fromCollection(List.of(1L, 2L), Long.class).map((MapFunction<Long, Long>) sneaky, Long.class).named("sneaky").collect();

        WeftException e = failure(() -> run(pipeline));
        assertThat(e.errorCode()).isEqualTo(ErrorCode.WRONG_OUTPUT_TYPE);
        assertThat(e.getMessage()).contains("operator 'sneaky'").contains("java.lang.Long").contains("java.lang.String");
    }

    @Test
    void missingInputFile() {
        Pipeline pipeline = Pipeline.create();
        pipeline.readText(temp.resolve("missing.txt")).named("input").collect();

        WeftException e = failure(() -> run(pipeline));
        assertThat(e.errorCode()).isEqualTo(ErrorCode.FILE_NOT_FOUND);
        assertThat(e.getMessage()).contains("operator 'input'").contains("missing.txt");
    }

    @Test
    void unboundedInputIsRejected() {
        Pipeline pipeline = Pipeline.create();
        pipeline.generateUnbounded(10).named("ticks").collect();

        WeftException e = failure(() -> run(pipeline));
        assertThat(e.errorCode()).isEqualTo(ErrorCode.UNSUPPORTED_OPERATION);
        assertThat(e.getMessage()).contains("operator 'ticks'").contains("the Java engine runs bounded datasets in this version");
    }

    @Test
    void failureInsideABreakerReleasesEverything() {
        Pipeline pipeline = Pipeline.create();
        Dataset<Reading> readings = pipeline.fromCollection(LongStream.range(0, 5000)
                .mapToObj(i -> new Reading("s" + (i % 17), i)).toList(), Reading.class);
        Dataset<Reading> right = readings.filter(col("value").lt(100));
        readings.join(right, JoinKeys.using("sensor").and("value", "value"))
                .groupBy("sensor").count()
                .map(row -> {
                    if (row.getString("sensor").equals("s3")) {
                        throw new IllegalStateException("s3 is broken");
                    }
                    return row.getString("sensor");
                }, String.class)
                .collect();
        pipeline.fromCollection(List.of(1L), Long.class).sort(desc("value")).collect();

        WeftException e = failure(() -> run(pipeline));
        assertThat(e.getMessage()).contains("s3 is broken");
        // the leak check runs in @AfterEach
    }

    @Test
    void cancellationStopsTheStage() throws Exception {
        Pipeline pipeline = Pipeline.create();
        CountDownLatch started = new CountDownLatch(1);
        pipeline.generate(Long.MAX_VALUE / 2, 0)
                .map(v -> {
                    started.countDown();
                    return v;
                }, Long.class)
                .count()
                .collect();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread driver = new Thread(() -> {
            try {
                run(pipeline);
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        driver.start();
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        context.cancel();
        driver.join(TimeUnit.SECONDS.toMillis(10));

        assertThat(driver.isAlive()).isFalse();
        assertThat(thrown.get()).isInstanceOfSatisfying(WeftException.class,
                e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.JOB_CANCELLED));
    }

    @Test
    void engineThreadsAreNamedAndReleased() throws Exception {
        Pipeline pipeline = Pipeline.create();
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        pipeline.fromCollection(LongStream.range(0, 10).boxed().toList(), Long.class).forEach(v -> threads.add(Thread.currentThread()));
        run(pipeline);
        assertThat(threads).isNotEmpty().allMatch(t -> t.getName().startsWith("weft-java-") && t.isDaemon());

        engine.close();
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(5));
            assertThat(thread.isAlive()).isFalse();
        }
    }

    @Test
    void malformedCsvNamesTheSourceAndTheLine() throws Exception {
        Path file = temp.resolve("bad.csv");
        Files.writeString(file, "sensor,value\na,1\nb,not-a-number\n");
        Pipeline pipeline = Pipeline.create();
        pipeline.readCsv(file, Reading.class, dev.weft.api.plan.CsvFormat.DEFAULT).named("readings").collect();

        WeftException e = failure(() -> run(pipeline));
        assertThat(e.errorCode()).isEqualTo(ErrorCode.MALFORMED_INPUT);
        assertThat(e.getMessage()).contains("operator 'readings'").contains("3");
    }
}
