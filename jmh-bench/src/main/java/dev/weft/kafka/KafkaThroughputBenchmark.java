package dev.weft.kafka;

import dev.weft.adaptive.Weft;
import dev.weft.adaptive.WeftConfig;
import dev.weft.api.KafkaRead;
import dev.weft.api.Pipeline;
import dev.weft.api.plan.KafkaFormat;
import dev.weft.api.plan.KafkaTopic;
import dev.weft.kafka.embedded.EmbeddedKafkaBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Kafka → transform → Kafka on an embedded broker: {@code records} values of about 100 bytes in a 3-partition topic,
 * upper-cased into a new 3-partition topic per run. {@code plain}: one kafka-clients consumer and one producer
 * (idempotent, acks=all), a hand-written loop; {@code weft}: the same as a bounded Weft pipeline on the Java engine
 * ({@code readKafka → map → writeKafka}, parallelism 3). Records/s = records / the run's time.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(1)
public class KafkaThroughputBenchmark {
    private static final int PARTITIONS = 3;

    @Param({"500000"})
    public int records;

    @Param({"plain", "weft"})
    public String variant;

    private final AtomicInteger runs = new AtomicInteger();
    private EmbeddedKafkaBroker broker;
    private KafkaTopic input;
    private KafkaTopic output;
    private Weft weft;

    @Setup(Level.Trial)
    public void setUp() {
        broker = EmbeddedKafkaBroker.start();
        input = KafkaTopic.of(broker.bootstrapServers(), "bench-in");
        broker.createTopic(input.topic(), PARTITIONS);
        String padding = "x".repeat(90);
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (int i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>(input.topic(), i % PARTITIONS, null, ("v%07d%s".formatted(i, padding)).getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
        weft = Weft.create(WeftConfig.builder().engine("java").parallelism(PARTITIONS).build());
    }

    @Setup(Level.Invocation)
    public void newOutputTopic() {
        output = KafkaTopic.of(broker.bootstrapServers(), "bench-out-" + runs.incrementAndGet());
        broker.createTopic(output.topic(), PARTITIONS);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        weft.close();
        broker.close();
    }

    @Benchmark
    public long run() {
        return variant.equals("plain") ? plainLoop() : weftPipeline();
    }

    private long weftPipeline() {
        Pipeline pipeline = Pipeline.create("kafka-throughput");
        pipeline.readKafka(KafkaRead.topic(input))
                .map(row -> row.getString("value").toUpperCase(Locale.ROOT), String.class)
                .writeKafka(output, KafkaFormat.STRING);
        weft.submit(pipeline).await();
        return records;
    }

    private long plainLoop() {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", input.bootstrapServers(),
                "max.poll.records", "4096"), new ByteArrayDeserializer(), new ByteArrayDeserializer());
             KafkaProducer<byte[], byte[]> producer = producer()) {
            List<TopicPartition> partitions = IntStream.range(0, PARTITIONS).mapToObj(p -> new TopicPartition(input.topic(), p)).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long seen = 0;
            while (seen < records) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    String upper = new String(record.value(), StandardCharsets.UTF_8).toUpperCase(Locale.ROOT);
                    producer.send(new ProducerRecord<>(output.topic(), upper.getBytes(StandardCharsets.UTF_8)));
                    seen++;
                }
            }
            producer.flush();
            return seen;
        }
    }

    private KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(Map.of("bootstrap.servers", broker.bootstrapServers(), "acks", "all", "enable.idempotence", "true",
                "linger.ms", "5", "batch.size", Integer.toString(256 * 1024)), new ByteArraySerializer(), new ByteArraySerializer());
    }
}
