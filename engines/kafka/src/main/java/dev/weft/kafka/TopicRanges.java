package dev.weft.kafka;

import dev.weft.api.plan.KafkaOffsets;
import dev.weft.api.plan.KafkaSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * Resolves a source's start and end to offsets per partition, once: LATEST as an end is the end offsets now,
 * TIMESTAMP the first offset at or after it (the end offset when there is none), explicit offsets clamped to what
 * the partition holds; a group's committed offsets win over the start.
 */
final class TopicRanges {
    private TopicRanges() {}

    static List<PartitionRange> resolve(KafkaSource source, KafkaSettings settings) {
        try (KafkaConsumer<byte[], byte[]> consumer = KafkaClients.consumer(source.topic(), source.groupId(), settings, 1)) {
            return resolve(source, consumer, settings);
        } catch (TimeoutException e) {
            throw KafkaClients.unreachable(source.topic(), e);
        }
    }

    private static List<PartitionRange> resolve(KafkaSource source, KafkaConsumer<byte[], byte[]> consumer, KafkaSettings settings) {
        List<TopicPartition> partitions = partitions(source, consumer, settings);
        Map<TopicPartition, Long> beginning = consumer.beginningOffsets(partitions, settings.startTimeout());
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, settings.startTimeout());
        Map<TopicPartition, Long> starts = offsets(source.start(), true, partitions, beginning, ends, consumer, settings);
        Map<TopicPartition, Long> stops = source.unbounded() ? null : offsets(source.end(), false, partitions, beginning, ends, consumer, settings);
        if (!source.groupId().isBlank()) {
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.copyOf(partitions), settings.startTimeout());
            committed.forEach((partition, offset) -> {
                if (offset != null) {
                    starts.put(partition, offset.offset());
                }
            });
        }
        List<PartitionRange> ranges = new ArrayList<>();
        for (TopicPartition partition : partitions) {
            long start = Math.max(starts.get(partition), beginning.get(partition));
            long end = stops == null ? Long.MAX_VALUE : Math.min(stops.get(partition), ends.get(partition));
            ranges.add(new PartitionRange(partition.partition(), start, Math.max(start, end)));
        }
        return List.copyOf(ranges);
    }

    /** The partitions the source reads: those it names (each must exist) or all the topic's; TOPIC_MISSING if there is no such topic. */
    static List<TopicPartition> partitions(KafkaSource source, KafkaConsumer<byte[], byte[]> consumer, KafkaSettings settings) {
        String topic = source.topic().topic();
        List<PartitionInfo> infos;
        try {
            infos = consumer.partitionsFor(topic, settings.startTimeout());
        } catch (TimeoutException e) {
            throw KafkaClients.unreachable(source.topic(), e);
        } catch (KafkaException e) {
            throw KafkaClients.failed(source.topic(), "cannot list partitions", e);
        }
        if (infos == null || infos.isEmpty()) {
            throw KafkaClients.missing(source.topic());
        }
        Set<Integer> existing = new TreeSet<>();
        infos.forEach(info -> existing.add(info.partition()));
        List<Integer> selected = source.partitions().isEmpty() ? new ArrayList<>(existing) : source.partitions();
        for (int partition : selected) {
            if (!existing.contains(partition)) {
                throw new dev.weft.api.WeftException(KafkaErrorCode.TOPIC_MISSING, "Kafka topic '%s' has no partition %d (it has %s): %s"
                        .formatted(topic, partition, existing, source.info().describe()));
            }
        }
        return selected.stream().map(p -> new TopicPartition(topic, p)).toList();
    }

    private static Map<TopicPartition, Long> offsets(KafkaOffsets offsets, boolean start, List<TopicPartition> partitions, Map<TopicPartition, Long> beginning,
                                                     Map<TopicPartition, Long> ends, KafkaConsumer<byte[], byte[]> consumer, KafkaSettings settings) {
        Map<TopicPartition, Long> result = new HashMap<>();
        switch (offsets.kind()) {
            case EARLIEST -> result.putAll(beginning);
            case LATEST, UNBOUNDED -> result.putAll(ends);
            case OFFSETS -> {
                for (TopicPartition partition : partitions) {
                    Long explicit = offsets.offsets().get(partition.partition());
                    result.put(partition, explicit != null ? Math.min(explicit, ends.get(partition))
                            : start ? beginning.get(partition) : ends.get(partition));
                }
            }
            case TIMESTAMP -> {
                Map<TopicPartition, Long> query = new HashMap<>();
                partitions.forEach(partition -> query.put(partition, offsets.timestampMillis()));
                Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query, settings.startTimeout());
                for (TopicPartition partition : partitions) {
                    OffsetAndTimestamp at = found.get(partition);
                    result.put(partition, at != null ? at.offset() : ends.get(partition));
                }
            }
            default -> throw new IllegalStateException("unknown offsets kind " + offsets.kind());
        }
        return result;
    }
}
