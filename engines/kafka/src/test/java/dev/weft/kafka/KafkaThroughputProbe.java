package dev.weft.kafka;

import static dev.weft.kafka.KafkaTestSupport.topic;

import dev.weft.adaptive.JobHandle;
import dev.weft.adaptive.Weft;
import dev.weft.api.Collected;
import dev.weft.api.KafkaRead;
import dev.weft.api.Pipeline;
import dev.weft.api.plan.KafkaFormat;
import dev.weft.api.plan.KafkaTopic;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Throughput of Kafka -> Java engine (map) -> Kafka against a plain kafka-clients consume-transform-produce loop, on
 * the embedded broker. Not part of the suite: {@code -Dtest=KafkaThroughputProbe -Dweft.kafka.probe=true}.
 */
@EnabledIfSystemProperty(named = "weft.kafka.probe", matches = "true")
class KafkaThroughputProbe {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaThroughputProbe.class);
    private static final int RECORDS = Integer.getInteger("weft.kafka.probe.records", 500_000);

    @TempDir
    Path temp;

    @Test
    void measure() throws Exception {
        KafkaTopic in = topic("probe-in", 3);
        String padding = "x".repeat(90);
        long start = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = producer(in)) {
            for (int i = 0; i < RECORDS; i++) {
                producer.send(new ProducerRecord<>(in.topic(), i % 3, null, ("v%07d%s".formatted(i, padding)).getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
        report("plain produce", start);

        for (int round = 0; round < 2; round++) {
            KafkaTopic plainOut = topic("probe-plain", 3);
            start = System.nanoTime();
            plainLoop(in, plainOut);
            report("plain consume-transform-produce (round %d)".formatted(round), start);

            KafkaTopic weftOut = topic("probe-weft", 3);
            try (Weft weft = Weft.create(dev.weft.adaptive.WeftConfig.builder().engine("java").parallelism(3).spillDirectory(temp)
                    .batchSize(4096).build())) {
                start = System.nanoTime();
                Pipeline pipeline = Pipeline.create();
                pipeline.readKafka(KafkaRead.topic(in)).map(row -> row.getString("value").toUpperCase(Locale.ROOT), String.class)
                        .writeKafka(weftOut, KafkaFormat.STRING);
                weft.submit(pipeline).await();
                report("weft kafka -> map -> kafka (round %d)".formatted(round), start);

                start = System.nanoTime();
                Pipeline count = Pipeline.create();
                Collected<Long> counted = count.readKafka(KafkaRead.topic(in)).count().collect();
                JobHandle job = weft.submit(count);
                job.await();
                LOG.warn("counted {}", job.collected(counted));
                report("weft kafka read + count (round %d)".formatted(round), start);
            }
        }
    }

    private static void plainLoop(KafkaTopic in, KafkaTopic out) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", in.bootstrapServers(),
                "max.poll.records", "4096"), new ByteArrayDeserializer(), new ByteArrayDeserializer());
             KafkaProducer<byte[], byte[]> producer = producer(out)) {
            List<TopicPartition> partitions = IntStream.range(0, 3).mapToObj(p -> new TopicPartition(in.topic(), p)).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long seen = 0;
            while (seen < RECORDS) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    String upper = new String(record.value(), StandardCharsets.UTF_8).toUpperCase(Locale.ROOT);
                    producer.send(new ProducerRecord<>(out.topic(), upper.getBytes(StandardCharsets.UTF_8)));
                    seen++;
                }
            }
            producer.flush();
        }
    }

    private static KafkaProducer<byte[], byte[]> producer(KafkaTopic topic) {
        return new KafkaProducer<>(Map.of("bootstrap.servers", topic.bootstrapServers(), "acks", "all", "enable.idempotence", "true",
                "linger.ms", "5", "batch.size", Integer.toString(256 * 1024)), new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static void report(String what, long startNanos) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        LOG.warn("{}: {} records in {} s = {} records/s", what, RECORDS, "%.2f".formatted(seconds), "%.0f".formatted(RECORDS / seconds));
    }
}
