package dev.weft.adaptive;

import static dev.weft.api.expr.Expressions.asc;
import static dev.weft.api.expr.Expressions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.api.Collected;
import dev.weft.api.ErrorCode;
import dev.weft.api.Pipeline;
import dev.weft.api.WeftException;
import dev.weft.api.types.Row;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestWeft {
    @TempDir
    Path spill;

    private Weft weft;

    @BeforeEach
    void start() {
        weft = Weft.create(WeftConfig.builder().parallelism(2).memoryBudget(64L << 20).spillDirectory(spill).batchSize(1024).build());
    }

    @AfterEach
    void stop() {
        weft.close();
    }

    @Test
    void submitAwaitCollect() {
        Pipeline pipeline = Pipeline.create("numbers");
        Collected<Long> evens = pipeline.generate(10_000, 0).filter(col("value").mod(2L).eq(0L)).collect();
        JobHandle job = weft.submit(pipeline);
        job.await();
        assertThat(job.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(job.collected(evens)).containsExactlyInAnyOrderElementsOf(LongStream.range(0, 10_000).filter(v -> v % 2 == 0).boxed().toList());
        assertThat(job.elapsed()).isPositive();
    }

    @Test
    void emptyResultIsAnEmptyList() {
        Pipeline pipeline = Pipeline.create("empty");
        Collected<Long> none = pipeline.generate(1_000, 0).filter(col("value").lt(0L)).collect();
        JobHandle job = weft.submit(pipeline);
        job.await();
        assertThat(job.collected(none)).isEmpty();
    }

    @Test
    void resultLargerThanTheChannelArrivesInOrder() {
        Pipeline pipeline = Pipeline.create("large");
        Collected<Row> sorted = pipeline.generate(200_000, 0).select(col("value")).sort(col("value").desc()).collect();
        JobHandle job = weft.submit(pipeline);
        job.await();
        List<Row> rows = job.collected(sorted);
        assertThat(rows).hasSize(200_000);
        assertThat(rows.get(0).getLong("value")).isEqualTo(199_999L);
        for (int i = 1; i < rows.size(); i++) {
            assertThat(rows.get(i).getLong("value")).isEqualTo(199_999L - i);
        }
    }

    @Test
    void metricsCountRowsPerOperator() {
        Pipeline pipeline = Pipeline.create("metrics");
        Collected<Row> rows = pipeline.generate(5_000, 0).filter(col("value").lt(1_000L)).named("small")
                .select(col("value")).sort(asc("value")).collect();
        JobHandle job = weft.submit(pipeline);
        job.await();
        assertThat(job.collected(rows)).hasSize(1_000);
        OperatorMetricsSnapshot filter = job.metrics().stream().filter(m -> m.name().equals("small")).findFirst().orElseThrow();
        assertThat(filter.rows()).isEqualTo(1_000);
        assertThat(filter.engine()).isEqualTo("java");
        assertThat(filter.kind()).isEqualTo("filter");
    }

    @Test
    void explainAfterARunShowsObservedRowsBesideTheEstimates() {
        Pipeline pipeline = Pipeline.create("observed");
        pipeline.generate(5_000, 0).filter(col("value").lt(1_000L)).named("small")
                .select(col("value")).sort(asc("value")).collect();
        JobHandle job = weft.submit(pipeline);
        job.await();

        String text = job.explain();
        assertThat(text).containsPattern("generator-source #\\d+ .*rows=\\[5k, 5k\\] @ 1\\.00  observed=5000  cost=");
        assertThat(text).containsPattern("filter 'small' #\\d+ .*observed=1000[ (]");
        assertThat(text).containsPattern("collect-sink #\\d+ .*observed=1000[ (]");
        assertThat(text.lines().filter(line -> line.contains("engine=")))
                .as("every operator ran and reports its rows").allMatch(line -> line.contains("observed="));
    }

    @Test
    void failedJobRethrowsUserErrorNamingTheOperator() {
        Pipeline pipeline = Pipeline.create("fails");
        pipeline.generate(100, 0).map(v -> {
            if (v == 42) {
                throw new IllegalStateException("no 42 please");
            }
            return v;
        }, Long.class).named("picky").collect();
        JobHandle job = weft.submit(pipeline);
        assertThatThrownBy(job::await)
                .isInstanceOf(WeftException.class)
                .hasMessageContaining("picky")
                .hasMessageContaining("TestWeft.java")
                .hasMessageContaining("no 42 please");
        assertThat(job.state()).isEqualTo(JobState.FAILED);
        assertThatThrownBy(() -> job.collected(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void cancelStopsARunningJob() throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        Pipeline pipeline = Pipeline.create("slow");
        pipeline.generate(1_000_000_000L, 0).map(v -> {
            started.countDown();
            return v + 1;
        }, Long.class).forEach(v -> { });
        JobHandle job = weft.submit(pipeline);
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
        job.cancel();
        assertThatThrownBy(job::await)
                .isInstanceOf(WeftException.class)
                .satisfies(e -> assertThat(((WeftException) e).errorCode()).isEqualTo(ErrorCode.JOB_CANCELLED));
        assertThat(job.state()).isEqualTo(JobState.CANCELLED);
    }

    @Test
    void resultsOnlyAfterSuccess() throws InterruptedException {
        Pipeline pipeline = Pipeline.create("pending");
        Collected<Long> values = pipeline.generate(10, 0).collect();
        JobHandle job = weft.submit(pipeline);
        assertThat(job.await(Duration.ofSeconds(30))).isTrue();
        assertThat(job.collected(values)).hasSize(10);

        Pipeline other = Pipeline.create("other");
        Collected<Long> foreign = other.generate(1, 0).collect();
        assertThatThrownBy(() -> job.collected(foreign)).hasMessageContaining("is not a collect sink of job");
    }

    @Test
    void unboundedInputIsRejectedAtSubmit() {
        Pipeline pipeline = Pipeline.create("stream");
        pipeline.generateUnbounded(10).forEach(v -> { });
        assertThatThrownBy(() -> weft.submit(pipeline))
                .isInstanceOf(WeftException.class)
                .hasMessageContaining("unbounded");
    }

    @Test
    void unknownEngineNamesTheArtifact() {
        assertThatThrownBy(() -> Weft.create(WeftConfig.builder().engine("spark").spillDirectory(spill).build()))
                .isInstanceOf(WeftException.class)
                .hasMessageContaining("dev.weft:weft-engine-spark");
    }

    @Test
    void explainNamesOperatorsEnginesAndTheRunnerUp() {
        Pipeline pipeline = Pipeline.create("explained");
        pipeline.generate(10, 0).filter(col("value").gt(3L)).collect();
        String text = weft.explain(pipeline);
        assertThat(text).contains("filter").contains("engine=java").contains("generator-source").contains("runner-up");
    }

    @Test
    void closeCancelsRunningJobsAndReleasesMemory() {
        Pipeline pipeline = Pipeline.create("endless");
        pipeline.generate(Long.MAX_VALUE, 0).forEach(v -> { });
        JobHandle job = weft.submit(pipeline);
        weft.close();
        assertThat(job.state()).isEqualTo(JobState.CANCELLED);
        assertThatThrownBy(() -> weft.submit(pipeline)).hasMessageContaining("closed");
        List<OperatorMetricsSnapshot> metrics = job.metrics();
        assertThat(metrics).isNotEmpty();
    }
}
