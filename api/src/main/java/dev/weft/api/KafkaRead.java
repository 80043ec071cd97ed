package dev.weft.api;

import static java.util.Objects.requireNonNull;

import dev.weft.api.plan.KafkaFormat;
import dev.weft.api.plan.KafkaOffsets;
import dev.weft.api.plan.KafkaTopic;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * What {@link Pipeline#readKafka} reads: a topic, a format (with the schema JSON and CSV values are typed by), the
 * range of offsets (bounded from earliest to latest by default; {@link #unbounded()} for a stream), and optionally a
 * consumer group, explicit partitions, a dead-letter topic for malformed records and a timestamp column.
 */
public record KafkaRead(KafkaTopic topic, KafkaFormat format, Optional<Schema> schema, KafkaOffsets start, KafkaOffsets end,
                        String groupId, List<Integer> partitions, String deadLetterTopic, String timestampColumn) {
    public KafkaRead {
        requireNonNull(topic, "topic is null");
        requireNonNull(format, "format is null");
        requireNonNull(schema, "schema is null");
        requireNonNull(start, "start is null");
        requireNonNull(end, "end is null");
        requireNonNull(groupId, "groupId is null");
        partitions = List.copyOf(requireNonNull(partitions, "partitions is null"));
        requireNonNull(deadLetterTopic, "deadLetterTopic is null");
        requireNonNull(timestampColumn, "timestampColumn is null");
    }

    /** STRING values of the whole topic, earliest to the latest offsets when the job starts. */
    public static KafkaRead topic(KafkaTopic topic) {
        return new KafkaRead(topic, KafkaFormat.STRING, Optional.empty(), KafkaOffsets.EARLIEST, KafkaOffsets.LATEST, "", List.of(), "", "");
    }

    public KafkaRead json(Schema valueSchema) {
        return new KafkaRead(topic, KafkaFormat.JSON, Optional.of(valueSchema), start, end, groupId, partitions, deadLetterTopic, timestampColumn);
    }

    public KafkaRead csv(Schema valueSchema, dev.weft.api.plan.CsvFormat csv) {
        return new KafkaRead(topic, KafkaFormat.csv(csv), Optional.of(valueSchema), start, end, groupId, partitions, deadLetterTopic, timestampColumn);
    }

    public KafkaRead strings() {
        return new KafkaRead(topic, KafkaFormat.STRING, Optional.empty(), start, end, groupId, partitions, deadLetterTopic, timestampColumn);
    }

    public KafkaRead bytes() {
        return new KafkaRead(topic, KafkaFormat.BYTES, Optional.empty(), start, end, groupId, partitions, deadLetterTopic, timestampColumn);
    }

    public KafkaRead from(KafkaOffsets newStart) {
        return new KafkaRead(topic, format, schema, newStart, end, groupId, partitions, deadLetterTopic, timestampColumn);
    }

    public KafkaRead until(KafkaOffsets newEnd) {
        return new KafkaRead(topic, format, schema, start, newEnd, groupId, partitions, deadLetterTopic, timestampColumn);
    }

    /** Reads for as long as the job runs. */
    public KafkaRead unbounded() {
        return until(KafkaOffsets.UNBOUNDED);
    }

    public KafkaRead group(String newGroupId) {
        return new KafkaRead(topic, format, schema, start, end, newGroupId, partitions, deadLetterTopic, timestampColumn);
    }

    public KafkaRead partitions(List<Integer> newPartitions) {
        return new KafkaRead(topic, format, schema, start, end, groupId, newPartitions, deadLetterTopic, timestampColumn);
    }

    /** Malformed values go to this topic (same cluster) instead of failing the job. */
    public KafkaRead deadLetterTo(String topicName) {
        return new KafkaRead(topic, format, schema, start, end, groupId, partitions, topicName, timestampColumn);
    }

    /** Adds the record timestamp as a Timestamp(µs, UTC) column of this name. */
    public KafkaRead withTimestamp(String column) {
        return new KafkaRead(topic, format, schema, start, end, groupId, partitions, deadLetterTopic, column);
    }
}
