package dev.weft.kafka;

import dev.weft.api.plan.KafkaSink;
import dev.weft.api.spi.ConnectorSink;
import dev.weft.kafka.format.RecordEncoder;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes rows to a topic with one idempotent producer ({@code acks=all}) for the stage, from any thread. flush() and
 * commit() wait until every record sent so far is acknowledged and fail if any was not. Kafka has no transaction
 * here: abort() cannot take back records already sent (at least once; exactly once comes with checkpoints).
 */
final class KafkaSinkWriter implements ConnectorSink {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaSinkWriter.class);

    private final KafkaSink sink;
    private final RecordEncoder encoder;
    private final KafkaProducer<byte[], byte[]> producer;
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final AtomicLong failed = new AtomicLong();
    private final Callback callback;

    KafkaSinkWriter(KafkaSink sink, KafkaSettings settings) {
        this.sink = sink;
        this.encoder = new RecordEncoder(sink.format(), sink.schema(), sink.keyColumn(), sink.topic().topic());
        KafkaClients.checkTopic(sink.topic(), settings);
        this.producer = KafkaClients.producer(sink.topic(), settings);
        this.callback = (metadata, exception) -> {
            if (exception != null) {
                failed.incrementAndGet();
                failure.compareAndSet(null, exception);
            }
        };
    }

    @Override
    public void write(VectorSchemaRoot batch) {
        try (batch) {
            check();
            String topic = sink.topic().topic();
            int rows = batch.getRowCount();
            for (int row = 0; row < rows; row++) {
                producer.send(new ProducerRecord<>(topic, encoder.key(batch, row), encoder.value(batch, row)), callback);
            }
        } catch (KafkaException e) {
            throw new dev.weft.api.WeftException(KafkaErrorCode.SEND_FAILED, "%s: sending to Kafka topic %s failed: %s"
                    .formatted(sink.info().describe(), sink.topic().topic(), e), e);
        }
    }

    @Override
    public void flush() {
        try {
            producer.flush();
        } catch (KafkaException e) {
            failure.compareAndSet(null, e);
        }
        check();
    }

    private void check() {
        Exception first = failure.get();
        if (first != null) {
            throw new dev.weft.api.WeftException(KafkaErrorCode.SEND_FAILED, ("%s: Kafka did not acknowledge %d record(s) for topic %s at %s: %s")
                    .formatted(sink.info().describe(), failed.get(), sink.topic().topic(), sink.topic().bootstrapServers(), first), first);
        }
    }

    @Override
    public void commit() {
        flush();
    }

    @Override
    public void abort() {
        LOG.debug("{}: aborted; records already sent to {} stay there (at least once)", sink.info().describe(), sink.topic().topic());
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
