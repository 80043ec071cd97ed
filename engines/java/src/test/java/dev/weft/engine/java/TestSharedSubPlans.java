package dev.weft.engine.java;

import static dev.weft.api.expr.Expressions.col;
import static dev.weft.api.expr.Expressions.sum;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.api.Collected;
import dev.weft.api.Dataset;
import dev.weft.api.JoinKeys;
import dev.weft.api.Pipeline;
import dev.weft.api.types.Row;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** An operator read by several consumers runs once, and each consumer sees all of its output. */
class TestSharedSubPlans extends EngineTestBase {
    record Reading(String sensor, long value) {}

    @Test
    void twoSinksReadOneLambdaOnce() {
        Pipeline pipeline = Pipeline.create();
        AtomicLong calls = new AtomicLong();
        Dataset<Long> squares = pipeline.fromCollection(LongStream.range(0, 100).boxed().toList(), Long.class)
                .map(v -> {
                    calls.incrementAndGet();
                    return v * v;
                }, Long.class);
        Collected<Long> all = squares.collect();
        Collected<Long> count = squares.count().collect();

        run(pipeline);

        assertThat(calls.get()).isEqualTo(100);
        assertThat(context.elements(all.sink(), all.elementType())).hasSize(100).startsWith(0L, 1L, 4L);
        assertThat(context.elements(count.sink(), count.elementType())).containsExactly(100L);
    }

    @Test
    void selfJoinOfAnAggregate() {
        Pipeline pipeline = Pipeline.create();
        Dataset<Row> totals = pipeline.fromCollection(LongStream.range(0, 60).mapToObj(i -> new Reading("s" + i % 3, i)).toList(),
                        Reading.class)
                .groupBy("sensor").aggregate(sum("value").as("total"));
        Dataset<Row> renamed = totals.select(col("sensor"), col("total").as("other_total"));
        Collected<Row> out = totals.join(renamed, JoinKeys.using("sensor")).collect();

        List<Row> rows = collect(pipeline, out);
        assertThat(rows).hasSize(3).allMatch(r -> r.getLong("total") == r.getLong("other_total"));
    }

    @Test
    void unionWithItself() {
        Pipeline pipeline = Pipeline.create();
        Dataset<String> words = pipeline.fromCollection(List.of("a", "b"), String.class).map(s -> s + "!", String.class);
        Collected<String> out = words.union(words).collect();

        assertThat(collect(pipeline, out)).containsExactly("a!", "b!", "a!", "b!");
    }
}
