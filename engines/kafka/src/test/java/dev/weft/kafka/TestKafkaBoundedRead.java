package dev.weft.kafka;

import static dev.weft.kafka.KafkaTestSupport.produce;
import static dev.weft.kafka.KafkaTestSupport.record;
import static dev.weft.kafka.KafkaTestSupport.topic;
import static dev.weft.kafka.KafkaTestSupport.values;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.adaptive.JobHandle;
import dev.weft.adaptive.Weft;
import dev.weft.api.Collected;
import dev.weft.api.KafkaRead;
import dev.weft.api.Pipeline;
import dev.weft.api.plan.CsvFormat;
import dev.weft.api.plan.KafkaFormat;
import dev.weft.api.plan.KafkaOffsets;
import dev.weft.api.plan.KafkaTopic;
import dev.weft.api.types.DataTypes;
import dev.weft.api.types.Row;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bounded reads through the Java engine: every offset once, ranges by offsets and timestamps, the formats. */
class TestKafkaBoundedRead {
    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path temp;
    Weft weft;

    @BeforeEach
    void start() {
        weft = KafkaTestSupport.weft(temp);
    }

    @AfterEach
    void stop() {
        weft.close();
    }

    private <T> List<T> run(Pipeline pipeline, Collected<T> collected) {
        JobHandle job = weft.submit(pipeline);
        job.await();
        return job.collected(collected);
    }

    /** 3 partitions, 1000 records each: value "p<partition>-<i>", timestamp T0 + i seconds. */
    private static KafkaTopic threePartitions() {
        KafkaTopic topic = topic("bounded", 3);
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int p = 0; p < 3; p++) {
            for (int i = 0; i < 1000; i++) {
                records.add(record(topic, p, T0 + i * 1000L, "k" + i, "p%d-%d".formatted(p, i)));
            }
        }
        produce(topic, records);
        return topic;
    }

    private static List<String> expected(int from, int to) {
        List<String> values = new ArrayList<>();
        for (int p = 0; p < 3; p++) {
            for (int i = from; i < to; i++) {
                values.add("p%d-%d".formatted(p, i));
            }
        }
        return values;
    }

    @Test
    void readsEveryOffsetExactlyOnce() {
        KafkaTopic topic = threePartitions();
        Pipeline pipeline = Pipeline.create();
        Collected<Row> rows = pipeline.readKafka(KafkaRead.topic(topic)).collect();

        List<Row> result = run(pipeline, rows);

        assertThat(result).extracting(row -> row.getString("value")).containsExactlyInAnyOrderElementsOf(expected(0, 1000));
        Row first = result.stream().filter(row -> row.getString("value").equals("p1-5")).findFirst().orElseThrow();
        assertThat(first.getString("key")).isEqualTo("k5");
    }

    @Test
    void recordTimestampsBecomeAColumn() {
        KafkaTopic topic = threePartitions();
        KafkaTopic out = topic("with-timestamps", 1);
        Pipeline pipeline = Pipeline.create();
        pipeline.readKafka(KafkaRead.topic(topic).partitions(List.of(2)).until(KafkaOffsets.of(Map.of(2, 2L))).withTimestamp("ts"))
                .writeKafka(out, KafkaFormat.JSON);
        weft.submit(pipeline).await();

        assertThat(values(out)).containsExactlyInAnyOrder(
                "{\"key\":\"k0\",\"value\":\"p2-0\",\"ts\":\"%s\"}".formatted(Instant.ofEpochMilli(T0)),
                "{\"key\":\"k1\",\"value\":\"p2-1\",\"ts\":\"%s\"}".formatted(Instant.ofEpochMilli(T0 + 1000)));
    }

    @Test
    void readsARangeOfOffsetsAndOfTimestamps() {
        KafkaTopic topic = threePartitions();
        Pipeline byOffsets = Pipeline.create();
        Collected<String> offsets = byOffsets.readKafka(KafkaRead.topic(topic)
                        .from(KafkaOffsets.of(Map.of(0, 100L, 1, 100L, 2, 100L)))
                        .until(KafkaOffsets.of(Map.of(0, 250L, 1, 250L, 2, 250L))))
                .map(row -> row.getString("value"), String.class).collect();
        assertThat(run(byOffsets, offsets)).containsExactlyInAnyOrderElementsOf(expected(100, 250));

        Pipeline byTime = Pipeline.create();
        Collected<String> times = byTime.readKafka(KafkaRead.topic(topic).partitions(List.of(0, 1, 2))
                        .from(KafkaOffsets.at(Instant.ofEpochMilli(T0 + 500_000)))
                        .until(KafkaOffsets.at(Instant.ofEpochMilli(T0 + 700_000))))
                .map(row -> row.getString("value"), String.class).collect();
        assertThat(run(byTime, times)).containsExactlyInAnyOrderElementsOf(expected(500, 700));
    }

    @Test
    void aGroupReadsOnlyWhatItHasNotCommitted() {
        KafkaTopic topic = threePartitions();
        Pipeline first = Pipeline.create();
        Collected<String> firstValues = first.readKafka(KafkaRead.topic(topic).group("bounded-group"))
                .map(row -> row.getString("value"), String.class).collect();
        assertThat(run(first, firstValues)).hasSize(3000);

        produce(topic, List.of(record(topic, 0, null, null, "late")));
        Pipeline second = Pipeline.create();
        Collected<String> secondValues = second.readKafka(KafkaRead.topic(topic).group("bounded-group"))
                .map(row -> row.getString("value"), String.class).collect();
        assertThat(run(second, secondValues)).containsExactly("late");
    }

    private static final Schema ORDERS = new Schema(List.of(
            DataTypes.field("id", DataTypes.INT64, false),
            DataTypes.field("customer", DataTypes.STRING, true),
            DataTypes.field("amount", new ArrowType.Decimal(12, 2, 128), true),
            DataTypes.field("day", DataTypes.DATE, true),
            DataTypes.field("at", DataTypes.TIMESTAMP, true),
            DataTypes.field("paid", DataTypes.BOOLEAN, true),
            DataTypes.field("weight", DataTypes.FLOAT64, true)));

    @Test
    void jsonAndCsvRoundTripThroughSinks() {
        KafkaTopic json = topic("orders-json", 2);
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        IntStream.range(0, 200).forEach(i -> records.add(record(json, i % 2, null, null, ("{\"id\": %d, \"customer\": %s, \"amount\": %d.25, "
                + "\"day\": \"2024-01-%02d\", \"at\": \"2024-01-01T00:00:%02dZ\", \"paid\": %s, \"weight\": %d.5, \"extra\": [1]}")
                .formatted(i, i % 10 == 0 ? "null" : "\"c, \\\"" + i + "\\\"\"", i, 1 + i % 28, i % 60, i % 2 == 0, i))));
        produce(json, records);
        KafkaTopic csv = topic("orders-csv", 1);
        KafkaTopic jsonAgain = topic("orders-json-again", 1);

        Pipeline toCsv = Pipeline.create();
        toCsv.readKafka(KafkaRead.topic(json).json(ORDERS)).writeKafka(csv, KafkaFormat.csv(CsvFormat.DEFAULT), "id");
        weft.submit(toCsv).await();
        Pipeline toJson = Pipeline.create();
        toJson.readKafka(KafkaRead.topic(csv).csv(ORDERS, CsvFormat.DEFAULT)).writeKafka(jsonAgain, KafkaFormat.JSON);
        weft.submit(toJson).await();

        Pipeline read = Pipeline.create();
        Collected<Row> rows = read.readKafka(KafkaRead.topic(jsonAgain).json(ORDERS)).collect();
        List<Row> result = run(read, rows);
        assertThat(result).hasSize(200);
        Row seven = result.stream().filter(row -> row.getLong("id") == 7).findFirst().orElseThrow();
        assertThat(seven.getString("customer")).isEqualTo("c, \"7\"");
        assertThat(seven.getDecimal("amount")).isEqualByComparingTo(new BigDecimal("7.25"));
        assertThat(seven.getDate("day")).isEqualTo(LocalDate.of(2024, 1, 8));
        assertThat(seven.getTimestamp("at")).isEqualTo(Instant.parse("2024-01-01T00:00:07Z"));
        assertThat(seven.getBoolean("paid")).isFalse();
        assertThat(seven.getDouble("weight")).isEqualTo(7.5);
        Row ten = result.stream().filter(row -> row.getLong("id") == 10).findFirst().orElseThrow();
        assertThat(ten.get("customer")).isNull();
        assertThat(KafkaTestSupport.consumeAll(csv)).allSatisfy(r -> assertThat(r.key()).isNotNull());
        assertThat(values(csv)).contains("7,\"c, \"\"7\"\"\",7.25,2024-01-08,2024-01-01T00:00:07Z,false,7.5");
    }

    @Test
    void stringsAndBytesRoundTrip() {
        KafkaTopic in = topic("raw-in", 2);
        produce(in, List.of(record(in, 0, null, "a", "héllo"), record(in, 1, null, null, "world"), record(in, 1, null, "c", null)));
        KafkaTopic strings = topic("raw-strings", 1);
        KafkaTopic bytes = topic("raw-bytes", 1);

        Pipeline copy = Pipeline.create();
        copy.readKafka(KafkaRead.topic(in)).writeKafka(strings, KafkaFormat.STRING);
        copy.readKafka(KafkaRead.topic(in).bytes()).writeKafka(bytes, KafkaFormat.BYTES);
        weft.submit(copy).await();

        assertThat(values(strings)).containsExactlyInAnyOrder("héllo", "world", null);
        assertThat(KafkaTestSupport.consumeAll(bytes)).extracting(r -> r.key() == null ? null : new String(r.key()))
                .containsExactlyInAnyOrder("a", null, "c");
        assertThat(values(bytes)).containsExactlyInAnyOrder("héllo", "world", null);
    }
}
