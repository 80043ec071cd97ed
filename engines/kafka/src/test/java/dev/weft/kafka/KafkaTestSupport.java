package dev.weft.kafka;

import dev.weft.adaptive.Weft;
import dev.weft.adaptive.WeftConfig;
import dev.weft.api.plan.KafkaTopic;
import dev.weft.kafka.embedded.EmbeddedKafkaBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Topics, producing and consuming with plain kafka-clients, and a driver, on the shared test broker. */
final class KafkaTestSupport {
    private static final AtomicInteger TOPICS = new AtomicInteger();

    private KafkaTestSupport() {}

    static EmbeddedKafkaBroker broker() {
        return TestBroker.get();
    }

    /** A new topic with a unique name. */
    static KafkaTopic topic(String name, int partitions) {
        String unique = "%s-%d".formatted(name, TOPICS.incrementAndGet());
        broker().createTopic(unique, partitions);
        return KafkaTopic.of(broker().bootstrapServers(), unique);
    }

    static Weft weft(Path spill) {
        return Weft.create(WeftConfig.builder().engine("java").parallelism(4).spillDirectory(spill).batchSize(256)
                .engineProperty("weft.kafka.commit-interval-ms", "200")
                .engineProperty("weft.kafka.start-timeout-ms", "3000")
                .build());
    }

    static void produce(KafkaTopic topic, List<ProducerRecord<byte[], byte[]>> records) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", topic.bootstrapServers(),
                "acks", "all", "linger.ms", "5"), new ByteArraySerializer(), new ByteArraySerializer())) {
            List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
            for (ProducerRecord<byte[], byte[]> record : records) {
                sent.add(producer.send(record));
            }
            producer.flush();
            for (java.util.concurrent.Future<?> future : sent) {
                future.get(30, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new AssertionError("producing to %s failed".formatted(topic.topic()), e);
        }
    }

    static ProducerRecord<byte[], byte[]> record(KafkaTopic topic, int partition, Long timestamp, String key, String value) {
        return new ProducerRecord<>(topic.topic(), partition, timestamp, bytes(key), bytes(value));
    }

    static byte[] bytes(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }

    /** Every record of the topic now, partition by partition. */
    static List<ConsumerRecord<byte[], byte[]>> consumeAll(KafkaTopic topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", topic.bootstrapServers()),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.topic()).stream()
                    .map(info -> new TopicPartition(topic.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read %s to its end offsets %s".formatted(topic.topic(), ends));
                }
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            }
            return records;
        }
    }

    static List<String> values(KafkaTopic topic) {
        return consumeAll(topic).stream().map(r -> r.value() == null ? null : new String(r.value(), StandardCharsets.UTF_8)).toList();
    }
}
