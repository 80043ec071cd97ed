package dev.weft.kafka;

import static dev.weft.kafka.KafkaTestSupport.produce;
import static dev.weft.kafka.KafkaTestSupport.record;
import static dev.weft.kafka.KafkaTestSupport.topic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.weft.api.KafkaRead;
import dev.weft.api.Pipeline;
import dev.weft.api.plan.KafkaOffsets;
import dev.weft.api.plan.KafkaSource;
import dev.weft.api.plan.KafkaTopic;
import dev.weft.api.spi.SourceStatistics;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** What the optimizer learns of a Kafka source: exact offset sums for bounded reads, measured arrival rates for unbounded ones. */
class TestKafkaStatistics {
    private final KafkaConnector connector = new KafkaConnector();

    private static KafkaSource source(KafkaRead read) {
        Pipeline pipeline = Pipeline.create("statistics");
        return (KafkaSource) pipeline.readKafka(read).operator();
    }

    @Test
    void aBoundedReadIsItsOffsetRangesExactly() {
        KafkaTopic topic = topic("bounded-statistics", 2);
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            records.add(record(topic, i % 2, null, null, "v" + i));
        }
        produce(topic, records);

        SourceStatistics statistics = connector.statistics(source(KafkaRead.topic(topic).strings())).orElseThrow();
        assertThat(statistics.perSecond()).isFalse();
        assertThat(statistics.lowerRows()).isEqualTo(30);
        assertThat(statistics.upperRows()).isEqualTo(30);
        assertThat(statistics.confidence()).isEqualTo(1.0);
    }

    @Test
    void anUnboundedReadIsTheRateRecordsArrivedAtInTheLastMinuteAndTenMinutes() {
        KafkaTopic topic = topic("rate-statistics", 2);
        long now = System.currentTimeMillis();
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = 0; i < 300; i++) {          // five minutes ago: only in the ten-minute window
            records.add(record(topic, i % 2, now - 5 * 60_000L, null, "old" + i));
        }
        for (int i = 0; i < 60; i++) {           // now: in both windows
            records.add(record(topic, i % 2, now, null, "new" + i));
        }
        produce(topic, records);

        SourceStatistics statistics = connector.statistics(source(KafkaRead.topic(topic).strings().unbounded())).orElseThrow();
        assertThat(statistics.perSecond()).isTrue();
        assertThat(statistics.lowerRows()).as("last ten minutes: 360 records / 600 s").isCloseTo(0.6, within(1e-9));
        assertThat(statistics.upperRows()).as("last minute: 60 records / 60 s").isCloseTo(1.0, within(1e-9));
        assertThat(statistics.confidence()).isLessThan(1.0);
    }

    @Test
    void anIdleTopicHasRateZeroAndAMissingTopicHasNoStatistics() {
        KafkaTopic idle = topic("idle-statistics", 1);
        produce(idle, List.of(record(idle, 0, System.currentTimeMillis() - 3_600_000L, null, "an hour ago")));
        SourceStatistics statistics = connector.statistics(source(KafkaRead.topic(idle).strings().from(KafkaOffsets.LATEST).unbounded()))
                .orElseThrow();
        assertThat(statistics.perSecond()).isTrue();
        assertThat(statistics.upperRows()).isZero();

        KafkaTopic missing = KafkaTopic.of(idle.bootstrapServers(), "no-such-topic-statistics");
        assertThat(connector.statistics(source(KafkaRead.topic(missing).strings().unbounded()))).isEmpty();
    }
}
