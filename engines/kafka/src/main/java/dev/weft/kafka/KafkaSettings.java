package dev.weft.kafka;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import java.time.Duration;
import java.util.Map;

/**
 * The connector's {@code weft.kafka.*} properties: how long a poll waits ({@code poll-timeout-ms}, 100), how often an
 * unbounded read with a group commits ({@code commit-interval-ms}, 1000), how long to wait for the cluster when a job
 * starts ({@code start-timeout-ms}, 10000: an unreachable broker fails within it) and for missing records of a bounded
 * read ({@code read-timeout-ms}, 60000).
 */
record KafkaSettings(Duration pollTimeout, Duration commitInterval, Duration startTimeout, Duration readTimeout) {
    static final String PREFIX = "weft.kafka.";
    static final KafkaSettings DEFAULTS = new KafkaSettings(Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(10),
            Duration.ofSeconds(60));

    static KafkaSettings from(Map<String, String> properties) {
        return new KafkaSettings(millis(properties, "poll-timeout-ms", DEFAULTS.pollTimeout),
                millis(properties, "commit-interval-ms", DEFAULTS.commitInterval),
                millis(properties, "start-timeout-ms", DEFAULTS.startTimeout),
                millis(properties, "read-timeout-ms", DEFAULTS.readTimeout));
    }

    private static Duration millis(Map<String, String> properties, String key, Duration fallback) {
        String value = properties.get(PREFIX + key);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            long millis = Long.parseLong(value.trim());
            if (millis < 0) {
                throw new NumberFormatException("negative");
            }
            return Duration.ofMillis(millis);
        } catch (NumberFormatException e) {
            throw new WeftException(ErrorCode.INVALID_ARGUMENT, "%s%s=%s is not a number of milliseconds >= 0".formatted(PREFIX, key, value));
        }
    }
}
