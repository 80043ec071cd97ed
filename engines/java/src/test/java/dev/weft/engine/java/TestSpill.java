package dev.weft.engine.java;

import static dev.weft.api.expr.Expressions.asc;
import static dev.weft.api.expr.Expressions.sum;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.api.Collected;
import dev.weft.api.Dataset;
import dev.weft.api.Pipeline;
import dev.weft.api.spi.ExecutionSettings;
import dev.weft.api.types.Row;
import java.util.List;
import org.junit.jupiter.api.Test;

/** With a 1 MiB memory budget, aggregations and sorts over more than that spill and still give the right answer. */
class TestSpill extends EngineTestBase {
    record Entry(String key, long value) {}

    @Override
    ExecutionSettings settings() {
        return new ExecutionSettings(2, 1L << 20, temp.resolve("spill"), 1024);
    }

    @Test
    void aggregationAndSortBeyondTheBudget() {
        Pipeline pipeline = Pipeline.create();
        int groups = 60_000;
        Dataset<Long> numbers = pipeline.generate(groups * 3L, 0);
        Collected<Row> out = numbers
                .map(v -> new Entry("key-%08d-with-some-padding-to-take-memory".formatted(v % groups), v), Entry.class)
                .groupBy("key")
                .aggregate(sum("value").as("total"))
                .sort(asc("key"))
                .collect();

        List<Row> rows = collect(pipeline, out);
        assertThat(rows).hasSize(groups);
        for (int i = 0; i < groups; i += 997) {
            Row row = rows.get(i);
            assertThat(row.getString("key")).isEqualTo("key-%08d-with-some-padding-to-take-memory".formatted(i));
            assertThat(row.getLong("total")).isEqualTo(3L * i + groups + 2L * groups);
        }
    }
}
