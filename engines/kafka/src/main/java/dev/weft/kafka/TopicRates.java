package dev.weft.kafka;

import dev.weft.api.plan.KafkaSource;
import dev.weft.api.spi.SourceStatistics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * How fast records arrive on the partitions an unbounded source reads, measured from the broker without reading a
 * record: per partition, the end offset minus the first offset whose timestamp is at or after "now minus the window"
 * ({@code offsetsForTimes}), over a short window (1 minute) and a long one (10 minutes). The rate is the interval
 * between the two windows' rates, with confidence {@value #CONFIDENCE}: what arrived recently is a guess of what will
 * arrive. It uses the records' timestamps (CreateTime by default: producers' clocks); an idle topic has rate [0, 0].
 */
final class TopicRates {
    static final Duration SHORT_WINDOW = Duration.ofMinutes(1);
    static final Duration LONG_WINDOW = Duration.ofMinutes(10);
    static final double CONFIDENCE = 0.6;

    private TopicRates() {}

    /** The source's measured arrival rate in records per second, as statistics with {@code perSecond}. */
    static SourceStatistics measure(KafkaSource source, KafkaSettings settings, long nowMillis) {
        try (KafkaConsumer<byte[], byte[]> consumer = KafkaClients.consumer(source.topic(), "", settings, 1)) {
            List<TopicPartition> partitions = TopicRanges.partitions(source, consumer, settings);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, settings.startTimeout());
            double shortRate = appendedSince(nowMillis - SHORT_WINDOW.toMillis(), partitions, ends, consumer, settings)
                    / (double) SHORT_WINDOW.toSeconds();
            double longRate = appendedSince(nowMillis - LONG_WINDOW.toMillis(), partitions, ends, consumer, settings)
                    / (double) LONG_WINDOW.toSeconds();
            return new SourceStatistics(Math.min(shortRate, longRate), Math.max(shortRate, longRate), CONFIDENCE, true,
                    OptionalDouble.empty(), Map.of());
        } catch (TimeoutException e) {
            throw KafkaClients.unreachable(source.topic(), e);
        }
    }

    private static long appendedSince(long timestampMillis, List<TopicPartition> partitions, Map<TopicPartition, Long> ends,
                                      KafkaConsumer<byte[], byte[]> consumer, KafkaSettings settings) {
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(partition -> query.put(partition, timestampMillis));
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query, settings.startTimeout());
        long appended = 0;
        for (TopicPartition partition : partitions) {
            OffsetAndTimestamp first = found.get(partition);
            if (first != null) {
                appended += Math.max(0, ends.get(partition) - first.offset());
            }
        }
        return appended;
    }
}
