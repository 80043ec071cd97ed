package dev.weft.engine.java;

import static dev.weft.api.expr.Expressions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.api.Collected;
import dev.weft.api.KafkaRead;
import dev.weft.api.Pipeline;
import dev.weft.api.WeftException;
import dev.weft.api.ErrorCode;
import dev.weft.api.plan.KafkaFormat;
import dev.weft.api.plan.KafkaTopic;
import dev.weft.api.spi.Stage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Connector sources and sinks in the Java engine, over the in-memory test connector. */
class TestConnectorNodes extends EngineTestBase {
    private static final KafkaTopic IN = KafkaTopic.of("memory:1", "in");
    private static final KafkaTopic OUT = KafkaTopic.of("memory:1", "out");

    @BeforeEach
    void resetSystem() {
        InMemoryConnector.reset();
    }

    private static void produce(String topic, int from, int to) {
        List<String> log = InMemoryConnector.log(topic);
        IntStream.range(from, to).forEach(i -> log.add("v" + i));
    }

    private static List<String> values(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> "v" + i).toList();
    }

    @Test
    void capabilitiesIncludeConnectorKindsAndStreams() {
        assertThat(engine.capabilities().operators()).contains(dev.weft.api.plan.KafkaSource.class, dev.weft.api.plan.KafkaSink.class);
        assertThat(engine.capabilities().unbounded()).isTrue();
        assertThat(new JavaEngineProvider().statistics((dev.weft.api.plan.SourceOperator) Pipeline.create().readKafka(KafkaRead.topic(IN)).operator()))
                .as("connector statistics are the driver's to ask, once").isEmpty();
    }

    @Test
    void boundedReadGivesEveryRecordOnce() {
        produce("in", 0, 100);
        Pipeline pipeline = Pipeline.create();
        Collected<String> collected = pipeline.readKafka(KafkaRead.topic(IN))
                .map(row -> row.getString("value"), String.class).collect();

        assertThat(collect(pipeline, collected)).containsExactlyInAnyOrderElementsOf(values(0, 100));
    }

    @Test
    void sinkCommitsAtTheEndOfABoundedStage() {
        produce("in", 0, 50);
        Pipeline pipeline = Pipeline.create();
        pipeline.readKafka(KafkaRead.topic(IN).group("g")).filter(col("value").ne("v7")).writeKafka(OUT, KafkaFormat.STRING);

        run(pipeline);

        List<String> expected = values(0, 50).stream().filter(v -> !v.equals("v7")).toList();
        assertThat(InMemoryConnector.snapshot("out")).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(InMemoryConnector.COMMITTED).containsEntry("g/in/0", 50L).containsEntry("g/in/1", 51L);
    }

    @Test
    void failedStageAbortsTheSinkAndCommitsNoPosition() {
        produce("in", 0, 50);
        Pipeline pipeline = Pipeline.create();
        pipeline.readKafka(KafkaRead.topic(IN).group("g"))
                .filter(row -> {
                    if (row.getString("value").equals("v42")) {
                        throw new IllegalStateException("v42 is poison");
                    }
                    return true;
                })
                .writeKafka(OUT, KafkaFormat.STRING);

        assertThatThrownBy(() -> run(pipeline)).isInstanceOf(WeftException.class).hasMessageContaining("v42 is poison");
        assertThat(InMemoryConnector.snapshot("out")).isEmpty();
        assertThat(InMemoryConnector.COMMITTED).isEmpty();
    }

    @Test
    void missingTopicFailsNamingTheOperator() {
        Pipeline pipeline = Pipeline.create();
        pipeline.readKafka(KafkaRead.topic(KafkaTopic.of("memory:1", "nope"))).named("events").collect();

        assertThatThrownBy(() -> run(pipeline)).isInstanceOf(WeftException.class)
                .hasMessageContaining("operator 'events'").hasMessageContaining("topic 'nope' does not exist");
    }

    @Test
    void unboundedStageRunsUntilCancelledAndCommitsOnlyDurableRecords() throws Exception {
        produce("in", 0, 20);
        InMemoryConnector.mirroredTopic = "out";
        Pipeline pipeline = Pipeline.create();
        pipeline.readKafka(KafkaRead.topic(IN).group("s").unbounded())
                .filter(row -> !row.getString("value").isEmpty()) // a lambda chain: must not hold rows back in a stream
                .writeKafka(OUT, KafkaFormat.STRING);
        Stage stage = new Stage("stream", pipeline.plan().sinks());

        CompletableFuture<Void> running = CompletableFuture.runAsync(() -> engine.execute(stage, context));
        awaitSize("out", 20);
        produce("in", 20, 60);
        awaitSize("out", 60);
        assertThat(running).isNotDone();
        context.cancel();

        assertThatThrownBy(() -> running.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(WeftException.class)
                .cause().satisfies(e -> assertThat(((WeftException) e).errorCode()).isEqualTo(ErrorCode.JOB_CANCELLED));
        assertThat(InMemoryConnector.snapshot("out")).containsExactlyInAnyOrderElementsOf(values(0, 60));
        assertThat(InMemoryConnector.VIOLATIONS).isEmpty();
        assertThat(InMemoryConnector.COMMITTED.get("s/in/0")).isGreaterThan(0L);
    }

    @Test
    void unboundedStageWithAStatefulOperatorIsRejected() {
        Pipeline pipeline = Pipeline.create();
        pipeline.readKafka(KafkaRead.topic(IN).unbounded()).limit(5).named("first").collect();

        assertThatThrownBy(() -> run(pipeline)).isInstanceOf(WeftException.class)
                .hasMessageContaining("operator 'first'").hasMessageContaining("the Java engine runs bounded datasets in this version");
    }

    private static void awaitSize(String topic, int size) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (InMemoryConnector.snapshot(topic).size() < size) {
            assertThat(System.nanoTime()).as("%s reaches %d records", topic, size).isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
