package dev.weft.kafka;

import dev.weft.api.plan.KafkaSink;
import dev.weft.api.plan.KafkaSource;
import dev.weft.api.plan.LogicalOperator;
import dev.weft.api.plan.SinkOperator;
import dev.weft.api.plan.SourceOperator;
import dev.weft.api.spi.BatchReader;
import dev.weft.api.spi.Connector;
import dev.weft.api.spi.ConnectorContext;
import dev.weft.api.spi.ConnectorSink;
import dev.weft.api.spi.SourceStatistics;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.WeakHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka topics as sources and sinks of engines that run connectors (the Java engine). A split is a group of partitions
 * (partition i goes to split i mod splits, at most {@code parallelism} splits, so that an unbounded read has a thread
 * for each split); the offsets to read are resolved once, when the splits are counted.
 */
public final class KafkaConnector implements Connector {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaConnector.class);

    /** The ranges resolved by {@link #splits}, for the reads of the same stage (keyed by its connector context). */
    private final Map<ConnectorContext, List<PartitionRange>> resolved = Collections.synchronizedMap(new WeakHashMap<>());
    /** Statistics by source (the optimizer asks more than once while it plans a job). */
    private final Map<KafkaSource, Optional<SourceStatistics>> statistics = new WeakHashMap<>();
    private static final KafkaSettings STATISTICS = new KafkaSettings(KafkaSettings.DEFAULTS.pollTimeout(),
            KafkaSettings.DEFAULTS.commitInterval(), java.time.Duration.ofSeconds(2), KafkaSettings.DEFAULTS.readTimeout());

    @Override
    public String name() {
        return "kafka";
    }

    @Override
    public Set<Class<? extends LogicalOperator>> operators() {
        return Set.of(KafkaSource.class, KafkaSink.class);
    }

    /**
     * A bounded read: exactly the sum of its offset ranges (confidence 1). An unbounded read: the rate records arrived
     * at over the last minute and ten minutes ({@link TopicRates}). Measured once per source operator.
     */
    @Override
    public Optional<SourceStatistics> statistics(SourceOperator source) {
        if (!(source instanceof KafkaSource kafka)) {
            return Optional.empty();
        }
        synchronized (statistics) {
            return statistics.computeIfAbsent(kafka, KafkaConnector::measure);
        }
    }

    /** The offset ranges or arrival rate now, with a short timeout: planning must not wait long for a broker that is down. */
    private static Optional<SourceStatistics> measure(KafkaSource kafka) {
        try {
            if (kafka.unbounded()) {
                return Optional.of(TopicRates.measure(kafka, STATISTICS, System.currentTimeMillis()));
            }
            long rows = 0;
            for (PartitionRange range : TopicRanges.resolve(kafka, STATISTICS)) {
                rows += range.size();
            }
            return Optional.of(new SourceStatistics(rows, rows, 1.0, false, OptionalDouble.empty(), Map.of()));
        } catch (RuntimeException e) {
            LOG.debug("no statistics for {}: {}", kafka.info().describe(), e.toString());
            return Optional.empty();
        }
    }

    @Override
    public int splits(SourceOperator source, int parallelism, ConnectorContext context) {
        KafkaSource kafka = (KafkaSource) source;
        List<PartitionRange> ranges = TopicRanges.resolve(kafka, KafkaSettings.from(context.properties()));
        resolved.put(context, ranges);
        return Math.max(1, Math.min(ranges.size(), Math.max(1, parallelism)));
    }

    @Override
    public BatchReader read(SourceOperator source, int split, int splits, ConnectorContext context) {
        KafkaSource kafka = (KafkaSource) source;
        KafkaSettings settings = KafkaSettings.from(context.properties());
        List<PartitionRange> ranges = resolved.get(context);
        if (ranges == null) {
            ranges = TopicRanges.resolve(kafka, settings);
        }
        List<PartitionRange> mine = new ArrayList<>();
        for (int i = split; i < ranges.size(); i += splits) {
            mine.add(ranges.get(i));
        }
        return new KafkaSourceReader(kafka, mine, context, settings);
    }

    @Override
    public ConnectorSink write(SinkOperator sink, ConnectorContext context) {
        return new KafkaSinkWriter((KafkaSink) sink, KafkaSettings.from(context.properties()));
    }
}
