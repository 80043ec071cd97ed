package dev.weft.api.plan;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Records of a Kafka topic as rows of the output schema: bounded from {@code start} to {@code end} (each offset read
 * once), or unbounded when {@code end} is {@link KafkaOffsets#UNBOUNDED}. With a {@code groupId} (non-empty) the
 * group's committed offsets win over {@code start}, and offsets are committed only after every sink of the job has
 * durably written the records (at least once). {@code partitions} empty: all partitions. A value that does not parse
 * goes to {@code deadLetterTopic} when it is non-empty (with the error in a header), else fails the job naming the
 * partition and offset; both are counted. {@code timestampColumn} non-empty adds the record timestamp as a
 * Timestamp(µs, UTC) column of that name, for event time.
 */
public record KafkaSource(OperatorInfo info, EdgeProperties output, KafkaTopic topic, KafkaFormat format, KafkaOffsets start,
                          KafkaOffsets end, String groupId, List<Integer> partitions, String deadLetterTopic, String timestampColumn)
        implements SourceOperator {
    public KafkaSource {
        requireNonNull(info, "info is null");
        requireNonNull(output, "output is null");
        requireNonNull(topic, "topic is null");
        requireNonNull(format, "format is null");
        requireNonNull(start, "start is null");
        requireNonNull(end, "end is null");
        requireNonNull(groupId, "groupId is null");
        partitions = List.copyOf(requireNonNull(partitions, "partitions is null"));
        requireNonNull(deadLetterTopic, "deadLetterTopic is null");
        requireNonNull(timestampColumn, "timestampColumn is null");
        if (start.kind() == KafkaOffsets.Kind.UNBOUNDED) {
            throw new IllegalArgumentException("UNBOUNDED is an end, not a start: start at EARLIEST, LATEST, a timestamp or offsets");
        }
        if (output.bounded() != (end.kind() != KafkaOffsets.Kind.UNBOUNDED)) {
            throw new IllegalArgumentException("the output's boundedness must match the end offsets (" + end.kind() + ")");
        }
    }

    public boolean unbounded() {
        return end.kind() == KafkaOffsets.Kind.UNBOUNDED;
    }
}
