package dev.weft.kafka;

import static dev.weft.kafka.KafkaTestSupport.consumeAll;
import static dev.weft.kafka.KafkaTestSupport.produce;
import static dev.weft.kafka.KafkaTestSupport.record;
import static dev.weft.kafka.KafkaTestSupport.topic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.adaptive.JobHandle;
import dev.weft.adaptive.Weft;
import dev.weft.api.Collected;
import dev.weft.api.KafkaRead;
import dev.weft.api.Pipeline;
import dev.weft.api.WeftException;
import dev.weft.api.plan.KafkaFormat;
import dev.weft.api.plan.KafkaTopic;
import dev.weft.api.types.DataTypes;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Malformed records (dead letter or failure), an unreachable broker, missing topics. */
class TestKafkaFailures {
    private static final Schema EVENT = new Schema(List.of(DataTypes.field("id", DataTypes.INT64, false),
            DataTypes.field("name", DataTypes.STRING, true)));

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

    private static KafkaTopic withMalformedRecords() {
        KafkaTopic topic = topic("malformed", 1);
        produce(topic, List.of(record(topic, 0, null, null, "{\"id\": 1, \"name\": \"a\"}"),
                record(topic, 0, null, null, "{\"id\": 2, \"name\": \"b\"}"),
                record(topic, 0, null, null, "{\"id\": \"two\"}"),
                record(topic, 0, null, null, "not json"),
                record(topic, 0, null, null, "{\"id\": 5}")));
        return topic;
    }

    private WeftException failure(Pipeline pipeline) {
        JobHandle job = weft.submit(pipeline);
        return (WeftException) org.assertj.core.api.Assertions.catchThrowable(job::await);
    }

    @Test
    void malformedRecordsGoToTheDeadLetterTopic() {
        KafkaTopic topic = withMalformedRecords();
        KafkaTopic deadLetters = topic("dead-letters", 1);
        Pipeline pipeline = Pipeline.create();
        Collected<Long> ids = pipeline.readKafka(KafkaRead.topic(topic).json(EVENT).deadLetterTo(deadLetters.topic())).named("events")
                .map(row -> row.getLong("id"), Long.class).collect();
        JobHandle job = weft.submit(pipeline);
        job.await();

        assertThat(job.collected(ids)).containsExactlyInAnyOrder(1L, 2L, 5L);
        assertThat(job.metrics()).filteredOn(metrics -> metrics.name().equals("events"))
                .singleElement().satisfies(events -> {
                    assertThat(events.rows()).isEqualTo(3);
                    assertThat(events.skipped()).as("the two malformed records, counted in the job's metrics").isEqualTo(2);
                });
        List<ConsumerRecord<byte[], byte[]>> dead = consumeAll(deadLetters);
        assertThat(dead).extracting(r -> new String(r.value(), StandardCharsets.UTF_8)).containsExactly("{\"id\": \"two\"}", "not json");
        assertThat(new String(dead.get(0).headers().lastHeader("weft.error").value(), StandardCharsets.UTF_8)).contains("column 'id'");
        assertThat(new String(dead.get(1).headers().lastHeader("weft.source").value(), StandardCharsets.UTF_8))
                .isEqualTo("topic %s partition 0 offset 3".formatted(topic.topic()));
    }

    @Test
    void malformedRecordFailsTheJobNamingPartitionAndOffset() {
        KafkaTopic topic = withMalformedRecords();
        Pipeline pipeline = Pipeline.create();
        pipeline.readKafka(KafkaRead.topic(topic).json(EVENT)).named("events").collect();

        WeftException e = failure(pipeline);
        assertThat(e.getMessage()).contains("operator 'events'").contains("partition 0 offset 2").contains("column 'id'")
                .contains("deadLetterTo");
    }

    @Test
    void unreachableBrokerFailsClearlyAndQuickly() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        String bootstrap = "127.0.0.1:" + port;
        Pipeline pipeline = Pipeline.create();
        pipeline.readKafka(KafkaRead.topic(KafkaTopic.of(bootstrap, "anything"))).collect();

        long start = System.nanoTime();
        WeftException e = failure(pipeline);
        assertThat((System.nanoTime() - start) / 1_000_000_000).as("seconds to fail").isLessThan(15);
        assertThat(e.getMessage()).contains("no Kafka broker answered at " + bootstrap);
    }

    @Test
    void missingTopicsFailClearly() {
        KafkaTopic missing = KafkaTopic.of(KafkaTestSupport.broker().bootstrapServers(), "no-such-topic");
        Pipeline read = Pipeline.create();
        read.readKafka(KafkaRead.topic(missing)).named("events").collect();
        assertThat(failure(read).getMessage()).contains("operator 'events'").contains("Kafka topic 'no-such-topic' does not exist");

        KafkaTopic in = topic("to-missing", 1);
        produce(in, List.of(record(in, 0, null, null, "x")));
        Pipeline write = Pipeline.create();
        write.readKafka(KafkaRead.topic(in)).writeKafka(missing, KafkaFormat.STRING);
        assertThat(failure(write).getMessage()).contains("Kafka topic 'no-such-topic' does not exist");
    }

    @Test
    void missingPartitionFailsClearly() {
        KafkaTopic in = topic("one-partition", 1);
        Pipeline read = Pipeline.create();
        read.readKafka(KafkaRead.topic(in).partitions(List.of(3))).collect();
        assertThatThrownBy(() -> weft.submit(read).await()).hasMessageContaining("has no partition 3");
    }
}
