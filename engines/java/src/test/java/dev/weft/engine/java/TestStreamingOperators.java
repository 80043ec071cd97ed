package dev.weft.engine.java;

import static dev.weft.api.expr.Expressions.col;
import static dev.weft.api.expr.Expressions.lit;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.api.Collected;
import dev.weft.api.Dataset;
import dev.weft.api.Pipeline;
import dev.weft.api.types.Row;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class TestStreamingOperators extends EngineTestBase {
    record Sale(String city, long amount) {}

    record Amount(long amount) {}

    record Event(Instant time, long value) {}

    private static List<Sale> sales() {
        List<Sale> sales = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            sales.add(new Sale(i % 3 == 0 ? "oslo" : "rome", i));
        }
        return sales;
    }

    @Test
    void declarativeFilterAndProjection() {
        Pipeline pipeline = Pipeline.create();
        Collected<Row> out = pipeline.fromCollection(sales(), Sale.class)
                .filter(col("amount").ge(50))
                .select(col("city"), col("amount").times(2).as("doubled"))
                .collect();

        List<Row> rows = collect(pipeline, out);
        assertThat(rows).extracting(r -> r.getLong("doubled")).containsExactlyElementsOf(
                LongStream.range(50, 60).map(v -> v * 2).boxed().toList());
        assertThat(rows.get(0).schema().getFields()).extracting(f -> f.getName()).containsExactly("city", "doubled");
    }

    @Test
    void projectionIntoARecord() {
        Pipeline pipeline = Pipeline.create();
        Collected<Amount> out = pipeline.fromCollection(sales(), Sale.class)
                .filter(col("amount").lt(3))
                .select(col("amount").plus(lit(1000L)).as("amount"))
                .as(Amount.class)
                .collect();

        assertThat(collect(pipeline, out)).containsExactly(new Amount(1000), new Amount(1001), new Amount(1002));
    }

    @Test
    void consecutiveLambdasAreFusedIntoOneOperator() {
        Pipeline pipeline = Pipeline.create();
        Dataset<Long> mapped = pipeline.fromCollection(LongStream.range(0, 100).boxed().toList(), Long.class)
                .map(v -> v * 10, Long.class);
        Dataset<Long> filtered = mapped.filter(v -> v % 20 == 0);
        Collected<String> out = filtered
                .flatMap((Long v, dev.weft.api.function.Emitter<String> emit) -> {
                    emit.emit("a" + v);
                    emit.emit("b" + v);
                }, String.class)
                .collect();

        List<String> result = collect(pipeline, out);
        assertThat(result).hasSize(100).startsWith("a0", "b0", "a20", "b20");
        assertThat(context.counters(mapped.operator()).rows.get()).isEqualTo(100);
        assertThat(context.counters(filtered.operator()).rows.get()).isEqualTo(50);
        assertThat(context.counters(out.sink().input()).rows.get()).isEqualTo(100);
    }

    @Test
    void mapPartitionsPullsLazily() {
        Pipeline pipeline = Pipeline.create();
        Collected<Long> out = pipeline.fromCollection(LongStream.range(0, 90).boxed().toList(), Long.class)
                .mapPartitions((Iterator<Long> partition) -> {
                    long sum = 0;
                    while (partition.hasNext()) {
                        sum += partition.next();
                    }
                    return List.of(sum).iterator();
                }, Long.class)
                .collect();

        List<Long> sums = collect(pipeline, out);
        assertThat(sums).hasSize(3);
        assertThat(sums.stream().mapToLong(Long::longValue).sum()).isEqualTo(LongStream.range(0, 90).sum());
    }

    @Test
    void unionConcatenatesInOrder() {
        Pipeline pipeline = Pipeline.create();
        Dataset<String> first = pipeline.fromCollection(List.of("a", "b"), String.class);
        Dataset<String> second = pipeline.fromCollection(List.of("c", "d", "e"), String.class);
        Collected<String> out = first.union(second).collect();

        assertThat(collect(pipeline, out)).containsExactly("a", "b", "c", "d", "e");
    }

    @Test
    void sampleByFractionIsReproducible() {
        Pipeline pipeline = Pipeline.create();
        Dataset<Long> numbers = pipeline.fromCollection(LongStream.range(0, 10_000).boxed().toList(), Long.class);
        Collected<Long> first = numbers.sample(0.1, 42).collect();
        Collected<Long> second = numbers.sample(0.1, 42).collect();

        run(pipeline);
        List<Long> a = context.elements(first.sink(), first.elementType());
        List<Long> b = context.elements(second.sink(), second.elementType());
        assertThat(a).isEqualTo(b);
        assertThat(a.size()).isBetween(800, 1200);
    }

    @Test
    void watermarkPassesBoundedDataThrough() {
        Pipeline pipeline = Pipeline.create();
        List<Event> events = List.of(new Event(Instant.ofEpochSecond(10), 1), new Event(Instant.ofEpochSecond(5), 2));
        Collected<Event> out = pipeline.fromCollection(events, Event.class).withWatermark("time", Duration.ofSeconds(1)).collect();

        assertThat(collect(pipeline, out)).containsExactlyElementsOf(events);
    }

    @Test
    void limitStopsEarly() {
        Pipeline pipeline = Pipeline.create();
        Collected<Long> out = pipeline.generate(1_000_000, 0).limit(5).collect();

        assertThat(collect(pipeline, out)).containsExactly(0L, 1L, 2L, 3L, 4L);
    }
}
