package dev.weft.kafka;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.plan.KafkaSource;
import dev.weft.api.plan.KafkaTopic;
import dev.weft.api.spi.BatchReader;
import dev.weft.api.spi.ConnectorContext;
import dev.weft.kafka.format.MalformedValueException;
import dev.weft.kafka.format.RecordDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the partitions of one split with an assigned (not subscribed) consumer: a bounded read returns every offset in
 * [start, end) once and then null; an unbounded read polls until the stage is cancelled. With a group, the positions
 * of the records returned so far are committed only after {@link ConnectorContext#awaitDurable()}: every
 * commit-interval during an unbounded read, and in {@link #close} (which the engine calls after the stage committed).
 */
final class KafkaSourceReader implements BatchReader {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaSourceReader.class);

    private final KafkaSource source;
    private final ConnectorContext context;
    private final KafkaSettings settings;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final RecordDecoder decoder;
    private final Map<TopicPartition, Long> ends = new HashMap<>();
    private final Set<TopicPartition> active = new HashSet<>();
    /** The offset after the last record handled (returned in a batch, or sent to the dead-letter topic). */
    private final Map<TopicPartition, Long> handled = new HashMap<>();
    private final AtomicReference<Exception> deadLetterFailure = new AtomicReference<>();
    private final int batchSize;
    private KafkaProducer<byte[], byte[]> deadLetters;
    private long lastCommitNanos = System.nanoTime();
    private long lastProgressNanos = System.nanoTime();
    private boolean closed;

    KafkaSourceReader(KafkaSource source, List<PartitionRange> ranges, ConnectorContext context, KafkaSettings settings) {
        this.source = source;
        this.context = context;
        this.settings = settings;
        this.batchSize = Math.max(1, context.settings().batchSize());
        this.decoder = new RecordDecoder(source.format(), source.schema(), source.timestampColumn(), context.allocator());
        this.consumer = KafkaClients.consumer(source.topic(), source.groupId(), settings, batchSize);
        try {
            List<TopicPartition> assigned = new ArrayList<>();
            for (PartitionRange range : ranges) {
                TopicPartition partition = new TopicPartition(source.topic().topic(), range.partition());
                if (range.end() > range.start()) {
                    assigned.add(partition);
                    active.add(partition);
                    ends.put(partition, range.end());
                }
            }
            consumer.assign(assigned);
            LOG.debug("{}: reading {} of topic {}", source.info().describe(), ranges, source.topic().topic());
            for (PartitionRange range : ranges) {
                TopicPartition partition = new TopicPartition(source.topic().topic(), range.partition());
                if (active.contains(partition)) {
                    consumer.seek(partition, range.start());
                }
            }
        } catch (RuntimeException e) {
            consumer.close(CloseOptions.timeout(Duration.ZERO));
            decoder.close();
            throw e;
        }
    }

    @Override
    public VectorSchemaRoot next() {
        while (true) {
            if (!source.groupId().isBlank() && source.unbounded()
                    && System.nanoTime() - lastCommitNanos >= settings.commitInterval().toNanos()) {
                commitDurable();
            }
            if (active.isEmpty() && !source.unbounded()) {
                return decoder.finish();
            }
            if (context.isCancelled()) {
                return decoder.finish();
            }
            ConsumerRecords<byte[], byte[]> records;
            try {
                records = consumer.poll(settings.pollTimeout());
            } catch (KafkaException e) {
                throw KafkaClients.failed(source.topic(), "reading partitions %s failed".formatted(partitionNumbers(active)), e);
            }
            if (LOG.isTraceEnabled() && !records.isEmpty()) {
                LOG.trace("{}: polled {} records", source.info().describe(), records.count());
            }
            for (ConsumerRecord<byte[], byte[]> record : records) {
                TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                Long end = ends.get(partition);
                if (end != null && end != Long.MAX_VALUE && record.offset() >= end) {
                    continue;
                }
                accept(record);
                handled.put(partition, record.offset() + 1);
            }
            if (!source.unbounded()) {
                finishPartitions();
            }
            if (!records.isEmpty()) {
                lastProgressNanos = System.nanoTime();
            } else if (!source.unbounded() && System.nanoTime() - lastProgressNanos > settings.readTimeout().toNanos()) {
                throw new WeftException(KafkaErrorCode.KAFKA_FAILED, ("Kafka topic %s: no records from partitions %s for %d s although "
                        + "offsets up to %s remain to be read (%s); check the broker, or raise weft.kafka.read-timeout-ms")
                        .formatted(source.topic().topic(), partitionNumbers(active), settings.readTimeout().toSeconds(), ends,
                                source.info().describe()));
            }
            if (decoder.rowCount() >= batchSize || (decoder.rowCount() > 0 && records.count() < batchSize)) {
                return decoder.finish();
            }
        }
    }

    private void accept(ConsumerRecord<byte[], byte[]> record) {
        try {
            decoder.add(record.key(), record.value(), record.timestamp());
        } catch (MalformedValueException e) {
            String where = "topic %s partition %d offset %d".formatted(record.topic(), record.partition(), record.offset());
            if (source.deadLetterTopic().isBlank()) {
                context.countSkipped("malformed value", 1);
                throw new WeftException(KafkaErrorCode.MALFORMED_RECORD, ("%s: the %s value at %s is malformed: %s; fix the producer, or send "
                        + "malformed records to a dead-letter topic with KafkaRead.deadLetterTo(topic)")
                        .formatted(source.info().describe(), source.format().kind(), where, e.getMessage()));
            }
            sendToDeadLetters(record, e.getMessage(), where);
            context.countSkipped("malformed value sent to dead-letter topic " + source.deadLetterTopic(), 1);
        }
    }

    private void sendToDeadLetters(ConsumerRecord<byte[], byte[]> record, String error, String where) {
        if (deadLetters == null) {
            KafkaTopic topic = new KafkaTopic(source.topic().bootstrapServers(), source.deadLetterTopic(), source.topic().clientProperties());
            KafkaClients.checkTopic(topic, settings);
            deadLetters = KafkaClients.producer(topic, settings);
        }
        checkDeadLetters();
        RecordHeaders headers = new RecordHeaders();
        headers.add(new RecordHeader("weft.error", error.getBytes(StandardCharsets.UTF_8)));
        headers.add(new RecordHeader("weft.source", where.getBytes(StandardCharsets.UTF_8)));
        deadLetters.send(new ProducerRecord<>(source.deadLetterTopic(), null, record.timestamp(), record.key(), record.value(), headers),
                (metadata, exception) -> {
                    if (exception != null) {
                        deadLetterFailure.compareAndSet(null, exception);
                    }
                });
    }

    private void checkDeadLetters() {
        Exception failure = deadLetterFailure.get();
        if (failure != null) {
            throw new WeftException(KafkaErrorCode.SEND_FAILED, "sending a malformed record to dead-letter topic %s failed: %s (%s)"
                    .formatted(source.deadLetterTopic(), failure, source.info().describe()), failure);
        }
    }

    /** Partitions whose position reached the end are done (offsets past it may be transaction markers). */
    private void finishPartitions() {
        List<TopicPartition> done = new ArrayList<>();
        for (TopicPartition partition : active) {
            long end = ends.get(partition);
            if (consumer.position(partition) >= end) {
                done.add(partition);
                handled.merge(partition, end, Math::max);
            }
        }
        if (!done.isEmpty()) {
            consumer.pause(done);
            done.forEach(active::remove);
        }
    }

    /** Waits until every sink wrote what this reader returned, then commits the group's positions. */
    private void commitDurable() {
        context.awaitDurable();
        if (deadLetters != null) {
            deadLetters.flush();
            checkDeadLetters();
        }
        if (!handled.isEmpty()) {
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            handled.forEach((partition, offset) -> offsets.put(partition, new OffsetAndMetadata(offset)));
            try {
                consumer.commitSync(offsets, settings.startTimeout());
            } catch (KafkaException e) {
                throw KafkaClients.failed(source.topic(), "committing offsets of group '%s' failed".formatted(source.groupId()), e);
            }
        }
        lastCommitNanos = System.nanoTime();
    }

    private static List<Integer> partitionNumbers(Set<TopicPartition> partitions) {
        return partitions.stream().map(TopicPartition::partition).sorted().toList();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (!source.groupId().isBlank()) {
                try {
                    commitDurable();
                } catch (WeftException e) {
                    if (e.errorCode() != ErrorCode.JOB_CANCELLED) {
                        LOG.warn("{}: offsets of group '{}' not committed: {}", source.info().describe(), source.groupId(), e.getMessage());
                    }
                }
            }
        } finally {
            decoder.close();
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
            if (deadLetters != null) {
                deadLetters.close(Duration.ofSeconds(5));
            }
        }
    }
}
