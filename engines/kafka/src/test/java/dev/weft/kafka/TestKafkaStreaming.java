package dev.weft.kafka;

import static dev.weft.api.expr.Expressions.col;
import static dev.weft.kafka.KafkaTestSupport.produce;
import static dev.weft.kafka.KafkaTestSupport.record;
import static dev.weft.kafka.KafkaTestSupport.topic;
import static dev.weft.kafka.KafkaTestSupport.values;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.adaptive.JobHandle;
import dev.weft.adaptive.Weft;
import dev.weft.api.KafkaRead;
import dev.weft.api.Pipeline;
import dev.weft.api.plan.KafkaFormat;
import dev.weft.api.plan.KafkaTopic;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An unbounded Kafka -> filter/map -> Kafka pipeline on the Java engine, stopped and started again: nothing lost. */
class TestKafkaStreaming {
    @TempDir
    Path temp;
    Weft weft;

    @BeforeEach
    void start() {
        weft = KafkaTestSupport.weft(temp);
    }

    @AfterEach
    void stop() {
        weft.close();
    }

    private static Pipeline upperCaseAllButSevens(KafkaTopic in, KafkaTopic out) {
        Pipeline pipeline = Pipeline.create("stream");
        pipeline.readKafka(KafkaRead.topic(in).group("streaming-group").unbounded())
                .filter(col("value").ne("e7"))
                .map(row -> row.getString("value").toUpperCase(Locale.ROOT), String.class)
                .writeKafka(out, KafkaFormat.STRING);
        return pipeline;
    }

    private static void produceEvents(KafkaTopic topic, int from, int to) {
        List<ProducerRecord<byte[], byte[]>> records = IntStream.range(from, to)
                .mapToObj(i -> record(topic, i % 2, null, "k" + i, "e" + i)).toList();
        produce(topic, records);
    }

    private static Set<String> expected(int to) {
        Set<String> values = new HashSet<>();
        IntStream.range(0, to).filter(i -> i != 7).forEach(i -> values.add("E" + i));
        return values;
    }

    private static void awaitOutput(JobHandle job, KafkaTopic out, Set<String> expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!new HashSet<>(values(out)).containsAll(expected)) {
            if (job.state().isDone()) {
                job.await();
                throw new AssertionError("the job ended: " + job.state());
            }
            assertThat(System.nanoTime()).as("output reaches %d distinct values", expected.size()).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static void cancel(JobHandle job) {
        job.cancel();
        Throwable stopped = org.assertj.core.api.Assertions.catchThrowable(() -> job.await(Duration.ofSeconds(20)));
        assertThat(stopped).isInstanceOf(dev.weft.api.WeftException.class);
        assertThat(((dev.weft.api.WeftException) stopped).errorCode()).isEqualTo(dev.weft.api.ErrorCode.JOB_CANCELLED);
        assertThat(job.state().isDone()).as("the job stops after cancel").isTrue();
    }

    @Test
    void restartWithTheSameGroupLosesNothing() throws Exception {
        KafkaTopic in = topic("stream-in", 2);
        KafkaTopic out = topic("stream-out", 2);
        produceEvents(in, 0, 500);

        JobHandle first = weft.submit(upperCaseAllButSevens(in, out));
        awaitOutput(first, out, expected(500));
        produceEvents(in, 500, 800);
        Thread.sleep(50);
        cancel(first);

        produceEvents(in, 800, 1200);
        JobHandle second = weft.submit(upperCaseAllButSevens(in, out));
        awaitOutput(second, out, expected(1200));
        cancel(second);

        List<String> written = values(out);
        assertThat(new HashSet<>(written)).isEqualTo(expected(1200));
        assertThat(written.size()).as("at least once: duplicates allowed, never fewer").isGreaterThanOrEqualTo(1199);
        assertThat(written.size()).as("the restart resumes at the committed offsets, not at the start").isLessThan(1199 + 800);
    }
}
