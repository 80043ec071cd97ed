package dev.weft.engine.flink;

import static dev.weft.api.expr.Expressions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.api.KafkaRead;
import dev.weft.api.Pipeline;
import dev.weft.api.WeftException;
import dev.weft.api.plan.KafkaFormat;
import dev.weft.api.plan.KafkaSource;
import dev.weft.api.plan.KafkaTopic;
import dev.weft.api.plan.LogicalOperator;
import dev.weft.api.spi.Engine;
import dev.weft.api.spi.EngineCapabilities;
import dev.weft.api.spi.EngineContext;
import dev.weft.api.spi.ExecutionSettings;
import dev.weft.api.types.DataTypes;
import dev.weft.api.types.Row;
import dev.weft.conformance.EngineRuns;
import dev.weft.engine.java.JavaEngineProvider;
import dev.weft.kafka.embedded.EmbeddedKafkaBroker;
import dev.weft.optimizer.cost.CostProfile;
import dev.weft.optimizer.cost.CostProfiles;
import dev.weft.optimizer.cost.OperatorKinds;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka read and written by the Flink engine host through the Kafka connector (found on the driver's class path, which
 * the host inherits): a bounded JSON topic of 3 partitions filtered and mapped into another topic gives the same records
 * as the Java engine; a missing topic fails the stage with the connector's message naming the operator. A real KRaft
 * broker in a child JVM ({@link EmbeddedKafkaBroker}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestFlinkKafka {
    private static final Schema EVENT = new Schema(List.of(DataTypes.field("id", DataTypes.INT64, false),
            DataTypes.field("name", DataTypes.STRING, true), DataTypes.field("amount", DataTypes.FLOAT64, true)));
    private static final Schema OUT = new Schema(List.of(DataTypes.field("id", DataTypes.INT64, false),
            DataTypes.field("label", DataTypes.STRING, true), DataTypes.field("doubled", DataTypes.FLOAT64, true)));
    private static final int PARTITIONS = 3;
    private static final int PER_PARTITION = 400;
    /** KafkaErrorCode.TOPIC_MISSING (engines/kafka). */
    private static final int TOPIC_MISSING = 5001;

    private EmbeddedKafkaBroker broker;
    private RootAllocator root;
    private BufferAllocator flinkAllocator;
    private BufferAllocator javaAllocator;
    private ExecutionSettings settings;
    private Engine flink;
    private Engine java;

    @BeforeAll
    void start(@TempDir Path directory) throws Exception {
        broker = EmbeddedKafkaBroker.start();
        root = new RootAllocator(Long.MAX_VALUE);
        settings = new ExecutionSettings(2, 256L << 20, Files.createDirectories(directory.resolve("spill")), 256);
        flinkAllocator = root.newChildAllocator("flink", 0, Long.MAX_VALUE);
        javaAllocator = root.newChildAllocator("java", 0, Long.MAX_VALUE);
        flink = new FlinkEngineProvider().create(new EngineContext(flinkAllocator, settings, Map.of()));
        java = new JavaEngineProvider().create(new EngineContext(javaAllocator, settings));
    }

    @AfterAll
    void stop() {
        try {
            if (flink != null) {
                flink.close();
            }
            if (java != null) {
                java.close();
            }
            if (root != null) {
                assertThat(flinkAllocator.getAllocatedMemory()).isZero();
                assertThat(javaAllocator.getAllocatedMemory()).isZero();
                flinkAllocator.close();
                javaAllocator.close();
                root.close();
            }
        } finally {
            if (broker != null) {
                broker.close();
            }
        }
    }

    @Test
    void capabilitiesClaimBoundedKafkaOnly() {
        EngineCapabilities capabilities = new FlinkEngineProvider().capabilities();
        KafkaTopic topic = KafkaTopic.of("127.0.0.1:1", "any");
        Pipeline bounded = Pipeline.create("bounded");
        bounded.readKafka(KafkaRead.topic(topic).json(EVENT)).writeKafka(topic, KafkaFormat.JSON);
        Pipeline unbounded = Pipeline.create("unbounded");
        unbounded.readKafka(KafkaRead.topic(topic).json(EVENT).unbounded()).writeKafka(topic, KafkaFormat.JSON);

        for (LogicalOperator operator : bounded.plan().operators()) {
            assertThat(capabilities.supports(operator)).as(operator.info().describe()).isTrue();
        }
        LogicalOperator stream = unbounded.plan().operators().stream().filter(KafkaSource.class::isInstance).findFirst().orElseThrow();
        assertThat(capabilities.supports(stream)).isFalse();
    }

    /** The optimizer refuses an engine whose cost profile lacks a kind it can run: the connector kinds included. */
    @Test
    void costProfileCoversTheConnectorKinds() {
        FlinkEngineProvider provider = new FlinkEngineProvider();
        CostProfile profile = CostProfiles.fromResource(getClass().getClassLoader(), provider.costProfileResource(), "flink").orElseThrow();
        List<String> kinds = OperatorKinds.supportedBy(provider.capabilities());

        assertThat(kinds).contains("kafka-source", "kafka-sink");
        CostProfiles.checkCovers(profile, kinds);
        assertThat(profile.operators()).containsKeys("jdbc-source", "jdbc-sink");
    }

    @Test
    void filterAndMapFromTopicToTopicAsTheJavaEngineDoes() {
        KafkaTopic input = topic("events");
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            for (int i = 0; i < PER_PARTITION; i++) {
                long id = (long) p * PER_PARTITION + i;
                String name = id % 10 == 0 ? "null" : "\"n%d\"".formatted(id);
                records.add(new ProducerRecord<>(input.topic(), p, null, bytes("{\"id\":%d,\"name\":%s,\"amount\":%s}".formatted(id, name, id * 1.5))));
            }
        }
        produce(input, records);
        KafkaTopic fromFlink = topic("from-flink");
        KafkaTopic fromJava = topic("from-java");

        EngineRuns.rows(flink, pipeline(input, fromFlink), flinkAllocator, settings);
        EngineRuns.rows(java, pipeline(input, fromJava), javaAllocator, settings);

        List<String> flinkValues = values(fromFlink);
        List<String> javaValues = values(fromJava);
        // ids with amount > 600 (id > 400) and id % 3 != 0
        long expected = LongStream.range(0, PARTITIONS * PER_PARTITION).filter(id -> id * 1.5 > 600 && id % 3 != 0).count();
        assertThat(javaValues).hasSize((int) expected);
        assertThat(flinkValues).containsExactlyInAnyOrderElementsOf(javaValues);
        assertThat(flinkValues).anyMatch(value -> value.contains("\"label\":\"N401\"")).anyMatch(value -> value.contains("\"label\":null"));
    }

    @Test
    void missingTopicToReadFailsTheStageNamingOperatorAndTopic() {
        KafkaTopic missing = KafkaTopic.of(broker.bootstrapServers(), "no-such-topic-flink");
        KafkaTopic output = topic("never-written");
        Pipeline pipeline = Pipeline.create("missing");
        pipeline.readKafka(KafkaRead.topic(missing).json(EVENT)).named("events").writeKafka(output, KafkaFormat.JSON);

        assertThatThrownBy(() -> EngineRuns.rows(flink, pipeline, flinkAllocator, settings))
                .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.errorCode().code()).isEqualTo(TOPIC_MISSING))
                .hasMessageContaining("operator 'events'")
                .hasMessageContaining("Kafka topic 'no-such-topic-flink' does not exist");
        assertThat(values(output)).isEmpty();
    }

    /** Group offsets are committed only where the engine can tell that every record was written: not on Flink yet. */
    @Test
    void aReadWithAConsumerGroupIsRefusedBeforeAnythingIsRead() {
        KafkaTopic input = topic("grouped");
        KafkaTopic output = topic("grouped-out");
        Pipeline pipeline = Pipeline.create("grouped");
        pipeline.readKafka(KafkaRead.topic(input).json(EVENT).group("weft-flink")).named("events").writeKafka(output, KafkaFormat.JSON);

        assertThatThrownBy(() -> EngineRuns.rows(flink, pipeline, flinkAllocator, settings))
                .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.errorCode()).isEqualTo(dev.weft.api.ErrorCode.UNSUPPORTED_OPERATION))
                .hasMessageContaining("operator 'events'")
                .hasMessageContaining("consumer group 'weft-flink'")
                .hasMessageContaining("Engine.JAVA");
        assertThat(values(output)).isEmpty();
    }

    /** The sink opens in the task managers: its failure travels back through the Flink job's failure. */
    @Test
    void missingTopicToWriteFailsTheStageFromTheTaskManager() {
        KafkaTopic input = topic("small");
        produce(input, List.of(new ProducerRecord<>(input.topic(), 0, null, bytes("{\"id\":1,\"name\":\"a\",\"amount\":1.0}"))));
        Pipeline pipeline = Pipeline.create("missing-out");
        pipeline.readKafka(KafkaRead.topic(input).json(EVENT)).writeKafka(KafkaTopic.of(broker.bootstrapServers(), "no-such-output-flink"), KafkaFormat.JSON);

        assertThatThrownBy(() -> EngineRuns.rows(flink, pipeline, flinkAllocator, settings))
                .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.errorCode().code()).isEqualTo(TOPIC_MISSING))
                .hasMessageContaining("write-kafka")
                .hasMessageContaining("Kafka topic 'no-such-output-flink' does not exist");
    }

    private static Pipeline pipeline(KafkaTopic input, KafkaTopic output) {
        Pipeline pipeline = Pipeline.create("kafka-to-kafka");
        pipeline.readKafka(KafkaRead.topic(input).json(EVENT))
                .filter(col("amount").gt(600.0))
                .filter(row -> row.getLong("id") % 3 != 0)
                .map(row -> Row.of(OUT, row.getLong("id"), row.getString("name") == null ? null : row.getString("name").toUpperCase(Locale.ROOT),
                        row.getDouble("amount") * 2), OUT)
                .writeKafka(output, KafkaFormat.JSON);
        return pipeline;
    }

    private KafkaTopic topic(String name) {
        String unique = "%s-%d".formatted(name, System.nanoTime());
        broker.createTopic(unique, PARTITIONS);
        return KafkaTopic.of(broker.bootstrapServers(), unique);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static void produce(KafkaTopic topic, List<ProducerRecord<byte[], byte[]>> records) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", topic.bootstrapServers(), "acks", "all"),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            List<Future<?>> sent = new ArrayList<>();
            for (ProducerRecord<byte[], byte[]> record : records) {
                sent.add(producer.send(record));
            }
            producer.flush();
            for (Future<?> future : sent) {
                future.get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new AssertionError("producing to %s failed".formatted(topic.topic()), e);
        }
    }

    /** Every record value of the topic now. */
    private static List<String> values(KafkaTopic topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", topic.bootstrapServers()),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.topic()).stream()
                    .map(info -> new TopicPartition(topic.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            List<String> values = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read %s to its end offsets %s".formatted(topic.topic(), ends));
                }
                consumer.poll(Duration.ofMillis(100)).forEach(record -> values.add(new String(record.value(), StandardCharsets.UTF_8)));
            }
            return values;
        }
    }
}
