package dev.weft.api.plan;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/** A Kafka topic and how to reach its cluster: bootstrap servers ("host:port,..."), and extra client properties. */
public record KafkaTopic(String bootstrapServers, String topic, Map<String, String> clientProperties) implements Serializable {
    public KafkaTopic {
        requireNonNull(bootstrapServers, "bootstrapServers is null");
        requireNonNull(topic, "topic is null");
        clientProperties = Map.copyOf(requireNonNull(clientProperties, "clientProperties is null"));
        if (bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("Kafka bootstrap servers are blank: give host:port of at least one broker");
        }
        if (topic.isBlank()) {
            throw new IllegalArgumentException("Kafka topic name is blank");
        }
    }

    public static KafkaTopic of(String bootstrapServers, String topic) {
        return new KafkaTopic(bootstrapServers, topic, Map.of());
    }

    /** A kafka-clients property for the consumer or producer (security settings, timeouts, ...). */
    public KafkaTopic withClientProperty(String key, String value) {
        Map<String, String> copy = new TreeMap<>(clientProperties);
        copy.put(key, value);
        return new KafkaTopic(bootstrapServers, topic, copy);
    }
}
