package dev.weft.api.plan;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.time.Instant;
import java.util.Map;

/**
 * A position in every partition of a topic: the earliest or latest offset, the first offset at or after a timestamp,
 * explicit offsets per partition, or (as an end only) none: the read is unbounded.
 */
public record KafkaOffsets(Kind kind, long timestampMillis, Map<Integer, Long> offsets) implements Serializable {
    public enum Kind { EARLIEST, LATEST, TIMESTAMP, OFFSETS, UNBOUNDED }

    public static final KafkaOffsets EARLIEST = new KafkaOffsets(Kind.EARLIEST, 0, Map.of());
    /** As a start: only records produced after the read starts. As an end: the offsets when the job starts. */
    public static final KafkaOffsets LATEST = new KafkaOffsets(Kind.LATEST, 0, Map.of());
    public static final KafkaOffsets UNBOUNDED = new KafkaOffsets(Kind.UNBOUNDED, 0, Map.of());

    public KafkaOffsets {
        requireNonNull(kind, "kind is null");
        offsets = Map.copyOf(requireNonNull(offsets, "offsets is null"));
        if (kind == Kind.OFFSETS && offsets.isEmpty()) {
            throw new IllegalArgumentException("explicit Kafka offsets need at least one partition");
        }
        offsets.forEach((partition, offset) -> {
            if (partition < 0 || offset < 0) {
                throw new IllegalArgumentException("Kafka partition %s offset %s: both must be >= 0".formatted(partition, offset));
            }
        });
    }

    public static KafkaOffsets at(Instant timestamp) {
        return new KafkaOffsets(Kind.TIMESTAMP, timestamp.toEpochMilli(), Map.of());
    }

    /** Offsets by partition; as an end, exclusive. */
    public static KafkaOffsets of(Map<Integer, Long> partitionOffsets) {
        return new KafkaOffsets(Kind.OFFSETS, 0, partitionOffsets);
    }
}
