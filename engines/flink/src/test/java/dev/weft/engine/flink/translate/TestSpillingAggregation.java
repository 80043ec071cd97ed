package dev.weft.engine.flink.translate;

import static dev.weft.api.expr.Expressions.avg;
import static dev.weft.api.expr.Expressions.col;
import static dev.weft.api.expr.Expressions.count;
import static dev.weft.api.expr.Expressions.countDistinct;
import static dev.weft.api.expr.Expressions.sum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.api.Pipeline;
import dev.weft.api.WeftException;
import dev.weft.api.plan.AggregateOperator;
import dev.weft.api.plan.DistinctOperator;
import dev.weft.kernels.memory.MemoryBudget;
import dev.weft.kernels.rows.RowKey;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The aggregation behind the Flink engine's aggregate operators, phase by phase as the subtasks run it: groups far
 * beyond a deliberately small memory budget spill and still give the right answers.
 */
class TestSpillingAggregation {
    private static final long SMALL_BUDGET = 1L << 20;
    private static final int CHUNK = 1024;

    @TempDir
    Path spill;

    private RootAllocator allocator;

    @BeforeEach
    void createAllocator() {
        allocator = new RootAllocator(Long.MAX_VALUE);
    }

    @AfterEach
    void closeAllocator() {
        assertThat(allocator.getAllocatedMemory()).as("Arrow memory left allocated").isZero();
        allocator.close();
    }

    @Test
    void manyGroupsBeyondTheBudgetSpillAndAnswerRight() {
        int keys = 100_000;
        int rows = 3 * keys;
        Pipeline pipeline = Pipeline.create("spill");
        AggregateOperator aggregate = (AggregateOperator) pipeline.generate(rows, 0)
                .groupBy(col("value").mod(keys).as("k"))
                .aggregate(count().as("n"), sum(col("value")).as("s"), avg(col("value")).as("a"))
                .operator();
        SpillingAggregation aggregation = SpillingAggregation.of(aggregate);

        // two partial subtasks (even and odd rows), then one final subtask over every partial row
        List<Object[]> partials = new ArrayList<>();
        int partialSpills = 0;
        for (int subtask = 0; subtask < 2; subtask++) {
            try (RowAggregator partial = aggregation.open(true, allocator, new MemoryBudget(SMALL_BUDGET), spill, CHUNK)) {
                List<Object[]> chunk = new ArrayList<>();
                for (long value = subtask; value < rows; value += 2) {
                    chunk.add(new Object[] {value});
                    if (chunk.size() == CHUNK) {
                        addEvaluated(aggregation, partial, chunk);
                        chunk = new ArrayList<>();
                    }
                }
                addEvaluated(aggregation, partial, chunk);
                partial.finish(partials::add);
                partialSpills += partial.spillCount();
            }
        }
        Map<Long, Object[]> results = new HashMap<>();
        int finalSpills;
        try (RowAggregator last = aggregation.open(false, allocator, new MemoryBudget(SMALL_BUDGET), spill, CHUNK)) {
            for (int from = 0; from < partials.size(); from += CHUNK) {
                last.add(partials.subList(from, Math.min(partials.size(), from + CHUNK)));
            }
            last.finish(row -> results.put((Long) row[0], row));
            finalSpills = last.spillCount();
        }

        assertThat(partialSpills).as("partial spills").isPositive();
        assertThat(finalSpills).as("final spills").isPositive();
        assertThat(results).hasSize(keys);
        for (long k = 0; k < keys; k++) {
            Object[] row = results.get(k);
            long expectedSum = 3 * k + 3L * keys;
            assertThat(row).as("group %d", k).containsExactly(k, 3L, expectedSum, expectedSum / 3.0);
        }
        assertThat(aggregation.key(results.get(7L))).isEqualTo(RowKey.of(7L));
    }

    @Test
    void distinctAggregatesShuffleEvaluatedRowsAndAggregateOnce() {
        Pipeline pipeline = Pipeline.create("distinct");
        AggregateOperator aggregate = (AggregateOperator) pipeline.generate(10_000, 0)
                .groupBy(col("value").mod(100).as("k"))
                .aggregate(countDistinct(col("value").mod(7)).as("d"))
                .operator();
        SpillingAggregation aggregation = SpillingAggregation.of(aggregate);
        assertThat(aggregation.isRaw()).isTrue();

        List<Object[]> raw = new ArrayList<>();
        for (long value = 0; value < 10_000; value++) {
            raw.add(new Object[] {value});
        }
        List<Object[]> evaluated = new ArrayList<>();
        aggregation.evaluate(raw.iterator(), allocator).forEachRemaining(evaluated::add);
        Map<Long, Long> results = new HashMap<>();
        try (RowAggregator single = aggregation.open(false, allocator, new MemoryBudget(SMALL_BUDGET), spill, CHUNK)) {
            single.add(evaluated);
            single.finish(row -> results.put((Long) row[0], (Long) row[1]));
        }
        assertThat(results).hasSize(100).allSatisfy((k, d) -> assertThat(d).as("group %d", k).isEqualTo(7L));
    }

    @Test
    void distinctIsAGroupingOnEveryColumnUnlessAColumnCannotBeAHashKey() {
        Pipeline pipeline = Pipeline.create("distinct rows");
        DistinctOperator scalars = (DistinctOperator) pipeline.fromCollection(List.of(new Pair("a", 1L), new Pair("a", 1L), new Pair(null, 2L)), Pair.class)
                .distinct().operator();
        SpillingAggregation aggregation = SpillingAggregation.of(scalars).orElseThrow();
        List<Object[]> rows = List.of(new Object[] {"a", 1L}, new Object[] {"a", 1L}, new Object[] {null, 2L}, new Object[] {null, 2L});
        List<Object[]> partials = new ArrayList<>();
        try (RowAggregator partial = aggregation.open(true, allocator, new MemoryBudget(SMALL_BUDGET), spill, CHUNK)) {
            addEvaluated(aggregation, partial, rows);
            partial.finish(partials::add);
        }
        List<Object[]> distinct = new ArrayList<>();
        try (RowAggregator last = aggregation.open(false, allocator, new MemoryBudget(SMALL_BUDGET), spill, CHUNK)) {
            last.add(partials);
            last.finish(distinct::add);
        }
        assertThat(distinct).hasSize(2).anySatisfy(row -> assertThat(row).containsExactly("a", 1L))
                .anySatisfy(row -> assertThat(row).containsExactly(null, 2L));

        DistinctOperator lists = (DistinctOperator) pipeline.fromCollection(List.of(new Tagged("a", List.of("x"))), Tagged.class).distinct().operator();
        assertThat(SpillingAggregation.of(lists)).as("a list column is no hash key: keyed state instead").isEmpty();
    }

    public record Pair(String name, Long value) {
    }

    public record Tagged(String name, List<String> tags) {
    }

    @Test
    void aGlobalAggregationOfNoRowsGivesOneRow() {
        Pipeline pipeline = Pipeline.create("global");
        AggregateOperator aggregate = (AggregateOperator) pipeline.generate(10, 0).aggregate(count().as("n"), sum(col("value")).as("s")).operator();
        SpillingAggregation aggregation = SpillingAggregation.of(aggregate);
        assertThat(aggregation.isGlobal()).isTrue();
        List<Object[]> partials = new ArrayList<>();
        try (RowAggregator partial = aggregation.open(true, allocator, new MemoryBudget(SMALL_BUDGET), spill, CHUNK)) {
            partial.finish(partials::add);
        }
        List<Object[]> results = new ArrayList<>();
        try (RowAggregator last = aggregation.open(false, allocator, new MemoryBudget(SMALL_BUDGET), spill, CHUNK)) {
            last.add(partials);
            last.finish(results::add);
        }
        assertThat(results).hasSize(1);
        assertThat(results.get(0)).containsExactly(0L, null);
    }

    @Test
    void partialRowsOfTheWrongShapeFailNamingTheOperator() {
        Pipeline pipeline = Pipeline.create("bad");
        AggregateOperator aggregate = (AggregateOperator) pipeline.generate(10, 0)
                .groupBy(col("value").mod(3).as("k")).aggregate(count().as("n")).operator();
        SpillingAggregation aggregation = SpillingAggregation.of(aggregate);
        try (RowAggregator last = aggregation.open(false, allocator, new MemoryBudget(SMALL_BUDGET), spill, CHUNK)) {
            assertThatThrownBy(() -> {
                try {
                    last.add(List.<Object[]>of(new Object[] {"not a key", "not a count"}));
                } catch (RuntimeException e) {
                    throw aggregation.withOperator(e);
                }
            }).isInstanceOf(WeftException.class).hasMessageContaining(aggregate.info().describe());
        }
    }

    private void addEvaluated(SpillingAggregation aggregation, RowAggregator aggregator, List<Object[]> rows) {
        List<Object[]> evaluated = new ArrayList<>();
        aggregation.evaluate(rows.iterator(), allocator).forEachRemaining(evaluated::add);
        aggregator.add(evaluated);
    }
}
