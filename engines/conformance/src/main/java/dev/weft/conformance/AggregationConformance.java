package dev.weft.conformance;

import static dev.weft.api.expr.Expressions.avg;
import static dev.weft.api.expr.Expressions.col;
import static dev.weft.api.expr.Expressions.count;
import static dev.weft.api.expr.Expressions.countDistinct;
import static dev.weft.api.expr.Expressions.max;
import static dev.weft.api.expr.Expressions.min;
import static dev.weft.api.expr.Expressions.sum;
import static dev.weft.conformance.ConformanceAssertions.assertSameElements;
import static dev.weft.conformance.ConformanceAssertions.columnNames;
import static dev.weft.conformance.ConformanceAssertions.values;
import static dev.weft.conformance.ConformanceAssertions.valuesOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.api.Dataset;
import dev.weft.api.plan.Window;
import dev.weft.api.types.Row;
import dev.weft.conformance.ConformanceRecords.Event;
import dev.weft.conformance.ConformanceRecords.KeyValue;
import dev.weft.conformance.ConformanceRecords.Person;
import dev.weft.conformance.ConformanceRecords.Sale;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** groupBy + aggregate (all functions, NULL and skewed keys, spill sizes), global aggregates, reduceByKey, windows. */
public interface AggregationConformance extends ConformanceHarness {
    @Test
    default void aggregateEveryFunctionPerKey() {
        List<KeyValue> pairs = ConformanceData.keyValues();
        assertSameElements(valuesOf(collect(aggregateAll(pipeline().fromCollection(pairs, KeyValue.class)))), expectedAggregates(pairs));
    }

    @Test
    default void aggregateGroupsNullKeysTogether() {
        List<KeyValue> pairs = ConformanceData.keyValues();
        List<Row> rows = collect(pipeline().fromCollection(pairs, KeyValue.class).groupBy("key").count());
        assertThat(rows).allSatisfy(row -> assertThat(columnNames(row)).containsExactly("key", "count"));
        Map<Integer, Long> expected = new HashMap<>();
        pairs.forEach(kv -> expected.merge(kv.key(), 1L, Long::sum));
        assertSameElements(valuesOf(rows), expected.entrySet().stream().map(e -> values(e.getKey(), e.getValue())).toList());
    }

    @Test
    default void aggregateOneRow() {
        List<KeyValue> pairs = List.of(new KeyValue(5, 9L));
        assertSameElements(valuesOf(collect(aggregateAll(pipeline().fromCollection(pairs, KeyValue.class)))), expectedAggregates(pairs));
    }

    @Test
    default void aggregateSkewedKeys() {
        List<KeyValue> pairs = ConformanceData.skewedKeyValues();
        assertSameElements(valuesOf(collect(aggregateAll(pipeline().fromCollection(pairs, KeyValue.class)))), expectedAggregates(pairs));
    }

    @Test
    default void aggregateManyGroups() {
        List<KeyValue> pairs = ConformanceData.randomKeyValues(ConformanceData.LARGE, 25_000, 13);
        assertSameElements(valuesOf(collect(aggregateAll(pipeline().fromCollection(pairs, KeyValue.class)))), expectedAggregates(pairs));
    }

    @Test
    default void aggregateEmptyInputHasNoGroups() {
        assertThat(collect(aggregateAll(pipeline().fromCollection(List.<KeyValue>of(), KeyValue.class)))).isEmpty();
    }

    @Test
    default void aggregateByMultipleKeys() {
        List<Sale> sales = ConformanceData.sales();
        List<Row> rows = collect(pipeline().fromCollection(sales, Sale.class).groupBy("region", "year").aggregate(
                sum("quantity").as("total_quantity"), sum("price").as("revenue"), avg("price").as("mean_price"),
                sum("weight").as("total_weight"), count().as("sales")));
        Map<List<Object>, List<Sale>> groups = sales.stream().collect(Collectors.groupingBy(s -> values(s.region(), s.year())));
        List<List<Object>> expected = new ArrayList<>();
        groups.forEach((key, group) -> {
            BigDecimal revenue = group.stream().map(Sale::price).reduce(BigDecimal.ZERO, BigDecimal::add);
            List<Long> quantities = group.stream().map(Sale::quantity).filter(Objects::nonNull).toList();
            expected.add(values(key.get(0), key.get(1),
                    quantities.isEmpty() ? null : quantities.stream().mapToLong(Long::longValue).sum(),
                    revenue.setScale(2),
                    revenue.divide(BigDecimal.valueOf(group.size()), 6, RoundingMode.HALF_UP),
                    group.stream().mapToDouble(Sale::weight).sum(),
                    (long) group.size()));
        });
        assertSameElements(valuesOf(rows), expected);
    }

    @Test
    default void aggregateByExpressionKey() {
        List<KeyValue> pairs = new ArrayList<>(ConformanceData.randomKeyValues(5_000, 100, 14));
        pairs.addAll(ConformanceData.keyValues());
        List<Row> rows = collect(pipeline().fromCollection(pairs, KeyValue.class)
                .groupBy(col("key").mod(3).as("bucket"))
                .aggregate(count().as("rows"), sum("value").as("total")));
        assertThat(rows).allSatisfy(row -> assertThat(columnNames(row)).containsExactly("bucket", "rows", "total"));
        Map<Integer, List<KeyValue>> groups = new HashMap<>();
        pairs.forEach(kv -> groups.computeIfAbsent(kv.key() == null ? null : kv.key() % 3, k -> new ArrayList<>()).add(kv));
        List<List<Object>> expected = new ArrayList<>();
        groups.forEach((bucket, group) -> expected.add(values(bucket, (long) group.size(), sumOrNull(group))));
        assertSameElements(valuesOf(rows), expected);
    }

    @Test
    default void aggregateWholeDataset() {
        List<Person> people = ConformanceData.people();
        List<Row> rows = collect(pipeline().fromCollection(people, Person.class).aggregate(
                count().as("rows"), count(col("age")).as("with_age"), min(col("age")).as("youngest"),
                max(col("name")).as("last_name"), avg("age").as("mean_age"), sum("id").as("id_sum"),
                countDistinct(col("city")).as("cities")));
        List<Integer> ages = people.stream().map(Person::age).filter(Objects::nonNull).toList();
        assertThat(valuesOf(rows)).containsExactly(values(
                (long) people.size(),
                (long) ages.size(),
                ages.stream().min(Integer::compare).orElseThrow(),
                people.stream().map(Person::name).max(String::compareTo).orElseThrow(),
                ages.stream().mapToInt(Integer::intValue).average().orElseThrow(),
                people.stream().mapToLong(Person::id).sum(),
                people.stream().map(Person::city).filter(Objects::nonNull).distinct().count()));
    }

    @Test
    default void aggregateWholeEmptyDatasetGivesOneRow() {
        List<Row> rows = collect(pipeline().fromCollection(List.<KeyValue>of(), KeyValue.class).aggregate(
                count().as("rows"), count(col("value")).as("values"), sum("value").as("total"), min(col("value")).as("low"),
                avg("value").as("mean")));
        assertThat(valuesOf(rows)).containsExactly(values(0L, 0L, null, null, null));
    }

    @Test
    default void reduceByKeySums() {
        List<KeyValue> pairs = ConformanceData.randomKeyValues(ConformanceData.LARGE, 1_000, 15);
        assertSameElements(collect(reduceByKeySum(pipeline().fromCollection(pairs, KeyValue.class))), expectedSums(pairs));
    }

    @Test
    default void reduceByKeySkewed() {
        List<KeyValue> pairs = ConformanceData.skewedKeyValues();
        assertSameElements(collect(reduceByKeySum(pipeline().fromCollection(pairs, KeyValue.class))), expectedSums(pairs));
    }

    @Test
    default void reduceByKeyEmptyAndOneRow() {
        assertThat(collect(reduceByKeySum(pipeline().fromCollection(List.<KeyValue>of(), KeyValue.class)))).isEmpty();
        List<KeyValue> one = List.of(new KeyValue(3, 4L));
        assertThat(collect(reduceByKeySum(pipeline().fromCollection(one, KeyValue.class)))).containsExactlyElementsOf(one);
    }

    @Test
    default void watermarkPassesElementsThrough() {
        List<Event> events = ConformanceData.events();
        List<Event> actual = collect(pipeline().fromCollection(events, Event.class).withWatermark("at", Duration.ofSeconds(30)));
        assertSameElements(actual, events);
    }

    @Test
    default void tumblingWindowAggregation() {
        List<Event> events = ConformanceData.events();
        Duration size = Duration.ofMinutes(1);
        List<Row> rows = collect(pipeline().fromCollection(events, Event.class)
                .withWatermark("at", Duration.ofSeconds(30))
                .groupBy("key")
                .window(Window.tumbling(size))
                .aggregate(count().as("events"), sum("value").as("total")));
        assertThat(rows).allSatisfy(row -> assertThat(columnNames(row))
                .containsExactly("window_start", "window_end", "key", "events", "total"));
        Map<List<Object>, List<Event>> windows = new LinkedHashMap<>();
        for (Event event : events) {
            long seconds = event.at().getEpochSecond();
            Instant start = Instant.ofEpochSecond(Math.floorDiv(seconds, size.toSeconds()) * size.toSeconds());
            windows.computeIfAbsent(values(start, start.plus(size), event.key()), k -> new ArrayList<>()).add(event);
        }
        List<List<Object>> expected = new ArrayList<>();
        windows.forEach((window, group) -> expected.add(values(window.get(0), window.get(1), window.get(2),
                (long) group.size(), group.stream().mapToLong(Event::value).sum())));
        assertSameElements(valuesOf(rows), expected);
    }

    private static Dataset<Row> aggregateAll(Dataset<KeyValue> pairs) {
        return pairs.groupBy("key").aggregate(sum("value").as("total"), count(col("value")).as("non_null"), count().as("rows"),
                min(col("value")).as("low"), max(col("value")).as("high"), avg("value").as("mean"),
                countDistinct(col("value")).as("distinct_values"));
    }

    /** What {@link #aggregateAll} computes, in plain Java: key, sum, count(value), count(*), min, max, avg, count(distinct). */
    private static List<List<Object>> expectedAggregates(List<KeyValue> pairs) {
        Map<Integer, List<KeyValue>> groups = new HashMap<>();
        pairs.forEach(kv -> groups.computeIfAbsent(kv.key(), k -> new ArrayList<>()).add(kv));
        List<List<Object>> expected = new ArrayList<>();
        groups.forEach((key, group) -> {
            List<Long> present = group.stream().map(KeyValue::value).filter(Objects::nonNull).toList();
            Long sum = present.isEmpty() ? null : present.stream().mapToLong(Long::longValue).sum();
            expected.add(values(key, sum, (long) present.size(), (long) group.size(),
                    present.stream().min(Long::compare).orElse(null),
                    present.stream().max(Long::compare).orElse(null),
                    present.isEmpty() ? null : (double) sum / present.size(),
                    (long) new HashSet<>(present).size()));
        });
        return expected;
    }

    private static Long sumOrNull(List<KeyValue> group) {
        List<Long> present = group.stream().map(KeyValue::value).filter(Objects::nonNull).toList();
        return present.isEmpty() ? null : present.stream().mapToLong(Long::longValue).sum();
    }

    private static Dataset<KeyValue> reduceByKeySum(Dataset<KeyValue> pairs) {
        return pairs.reduceByKey(KeyValue::key, (a, b) -> new KeyValue(a.key(), a.value() + b.value()));
    }

    private static List<KeyValue> expectedSums(List<KeyValue> pairs) {
        Map<Integer, Long> sums = pairs.stream().collect(Collectors.toMap(KeyValue::key, KeyValue::value, Long::sum));
        return sums.entrySet().stream().map(e -> new KeyValue(e.getKey(), e.getValue())).toList();
    }
}
