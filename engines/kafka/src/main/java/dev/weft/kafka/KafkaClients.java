package dev.weft.kafka;

import dev.weft.api.WeftException;
import dev.weft.api.plan.KafkaTopic;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Creates kafka-clients consumers, producers and admins for a topic, and turns their failures into clear errors. */
final class KafkaClients {
    private KafkaClients() {}

    static KafkaConsumer<byte[], byte[]> consumer(KafkaTopic topic, String groupId, KafkaSettings settings, int maxPollRecords) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, topic.bootstrapServers());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(Math.max(1, maxPollRecords)));
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(settings.startTimeout().toMillis()));
        config.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(Math.min(30_000, settings.startTimeout().toMillis())));
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "weft-" + topic.topic());
        if (!groupId.isBlank()) {
            config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        }
        config.putAll(topic.clientProperties());
        try {
            return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        } catch (KafkaException e) {
            throw unreachable(topic, e);
        }
    }

    static KafkaProducer<byte[], byte[]> producer(KafkaTopic topic, KafkaSettings settings) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, topic.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        config.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(Math.max(settings.startTimeout().toMillis(), 1000)));
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "weft-" + topic.topic());
        config.putAll(topic.clientProperties());
        try {
            return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
        } catch (KafkaException e) {
            throw unreachable(topic, e);
        }
    }

    /** Fails with BROKER_UNREACHABLE or TOPIC_MISSING unless the topic exists; returns its partition count. */
    static int checkTopic(KafkaTopic topic, KafkaSettings settings) {
        Map<String, Object> config = new HashMap<>();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, topic.bootstrapServers());
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(settings.startTimeout().toMillis()));
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(Math.min(30_000, settings.startTimeout().toMillis())));
        config.putAll(topic.clientProperties());
        Admin admin;
        try {
            admin = Admin.create(config);
        } catch (KafkaException e) {
            throw unreachable(topic, e);
        }
        try {
            return admin.describeTopics(List.of(topic.topic())).allTopicNames()
                    .get(settings.startTimeout().toMillis(), TimeUnit.MILLISECONDS).get(topic.topic()).partitions().size();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw missing(topic);
            }
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw unreachable(topic, e.getCause());
            }
            throw new WeftException(KafkaErrorCode.KAFKA_FAILED, "Kafka topic %s at %s: %s".formatted(topic.topic(), topic.bootstrapServers(),
                    e.getCause()), e.getCause());
        } catch (TimeoutException e) {
            throw unreachable(topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WeftException(dev.weft.api.ErrorCode.JOB_CANCELLED, "interrupted while looking up Kafka topic " + topic.topic());
        } finally {
            admin.close(Duration.ZERO);
        }
    }

    static WeftException unreachable(KafkaTopic topic, Throwable cause) {
        return new WeftException(KafkaErrorCode.BROKER_UNREACHABLE, ("no Kafka broker answered at %s (topic %s): %s; check that the broker "
                + "runs and that the bootstrap servers are right (or raise weft.kafka.start-timeout-ms)")
                .formatted(topic.bootstrapServers(), topic.topic(), cause.getMessage()), cause);
    }

    static WeftException missing(KafkaTopic topic) {
        return new WeftException(KafkaErrorCode.TOPIC_MISSING, "Kafka topic '%s' does not exist at %s: create it first (topics are not created automatically)"
                .formatted(topic.topic(), topic.bootstrapServers()));
    }

    static WeftException failed(KafkaTopic topic, String what, Throwable cause) {
        return new WeftException(KafkaErrorCode.KAFKA_FAILED, "Kafka topic %s at %s: %s: %s".formatted(topic.topic(), topic.bootstrapServers(),
                what, cause), cause);
    }
}
