package dev.weft.conformance;

import static dev.weft.api.expr.Expressions.asc;
import static dev.weft.api.expr.Expressions.col;
import static dev.weft.api.expr.Expressions.desc;
import static dev.weft.conformance.ConformanceAssertions.assertSameElements;
import static dev.weft.conformance.ConformanceAssertions.assertSubsetOf;
import static dev.weft.conformance.ConformanceAssertions.columnNames;
import static dev.weft.conformance.ConformanceAssertions.values;
import static dev.weft.conformance.ConformanceAssertions.valuesOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.api.Collected;
import dev.weft.api.Dataset;
import dev.weft.api.JoinKeys;
import dev.weft.api.Pipeline;
import dev.weft.api.expr.SortKey;
import dev.weft.api.function.Emitter;
import dev.weft.api.plan.JoinType;
import dev.weft.api.types.DataTypes;
import dev.weft.api.types.Row;
import dev.weft.conformance.ConformanceRecords.KeyValue;
import dev.weft.conformance.ConformanceRecords.Label;
import dev.weft.conformance.ConformanceRecords.Person;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Operators over a whole dataset (distinct, sort, limit, top-k, count, reduce, sample, zipWithId); empty and one-row inputs. */
public interface WholeDatasetConformance extends ConformanceHarness {
    @Test
    default void distinctRecords() {
        List<Person> people = ConformanceData.people();
        List<Person> doubled = new ArrayList<>(people);
        doubled.addAll(people.subList(0, 5));
        doubled.addAll(people.subList(0, 2));
        assertSameElements(collect(pipeline().fromCollection(doubled, Person.class).distinct()), people);
    }

    @Test
    default void distinctScalarsKeepsOneNull() {
        List<Integer> numbers = Arrays.asList(1, null, 1, null, 2, 3, 3);
        assertSameElements(collect(pipeline().fromCollection(numbers, Integer.class).distinct()), Arrays.asList(1, null, 2, 3));
    }

    @Test
    default void distinctEmptyInput() {
        assertThat(collect(pipeline().fromCollection(List.<String>of(), String.class).distinct())).isEmpty();
    }

    @Test
    default void distinctManyBatches() {
        List<Long> numbers = ConformanceData.randomLongs(ConformanceData.LARGE, 20_000, 5);
        assertSameElements(collect(pipeline().fromCollection(numbers, Long.class).distinct()), new LinkedHashSet<>(numbers));
    }

    @Test
    default void sortByMultipleKeys() {
        List<Person> people = ConformanceData.people();
        List<Person> actual = collect(pipeline().fromCollection(people, Person.class).sort(asc("city"), desc("age"), asc("id")));
        Comparator<Person> order = Comparator.comparing(Person::city, Comparator.nullsLast(Comparator.<String>naturalOrder()))
                .thenComparing(Person::age, Comparator.nullsFirst(Comparator.<Integer>reverseOrder()))
                .thenComparing(Person::id);
        assertThat(actual).containsExactlyElementsOf(people.stream().sorted(order).toList());
    }

    @Test
    default void sortNullsFirstAndLast() {
        List<KeyValue> pairs = ConformanceData.keyValues();
        assertSortedKeys(pairs, asc("key").withNullsFirst(), Comparator.nullsFirst(Comparator.<Integer>naturalOrder()));
        assertSortedKeys(pairs, asc("key").withNullsLast(), Comparator.nullsLast(Comparator.<Integer>naturalOrder()));
        assertSortedKeys(pairs, desc("key").withNullsFirst(), Comparator.nullsFirst(Comparator.<Integer>reverseOrder()));
        assertSortedKeys(pairs, desc("key").withNullsLast(), Comparator.nullsLast(Comparator.<Integer>reverseOrder()));
        assertSortedKeys(pairs, asc("key"), Comparator.nullsLast(Comparator.<Integer>naturalOrder()));
        assertSortedKeys(pairs, desc("key"), Comparator.nullsFirst(Comparator.<Integer>reverseOrder()));
    }

    private void assertSortedKeys(List<KeyValue> pairs, SortKey key, Comparator<Integer> order) {
        List<KeyValue> actual = collect(pipeline().fromCollection(pairs, KeyValue.class).sort(key));
        assertSameElements(actual, pairs);
        assertThat(actual).extracting(KeyValue::key).as("keys sorted by %s", key)
                .containsExactlyElementsOf(pairs.stream().map(KeyValue::key).sorted(order).toList());
    }

    @Test
    default void sortManyBatchesBothDirections() {
        List<Long> numbers = ConformanceData.randomLongs(ConformanceData.LARGE, 10_000, 6);
        List<Long> ascending = collect(pipeline().fromCollection(numbers, Long.class).sort(asc("value")));
        assertThat(ascending).containsExactlyElementsOf(numbers.stream().sorted().toList());
        List<Long> descending = collect(pipeline().fromCollection(numbers, Long.class).sort(desc("value")));
        assertThat(descending).containsExactlyElementsOf(numbers.stream().sorted(Comparator.reverseOrder()).toList());
    }

    @Test
    default void sortByStringThenNumberOverManyBatches() {
        List<KeyValue> pairs = ConformanceData.randomKeyValues(ConformanceData.LARGE, 500, 8);
        List<Row> actual = collect(pipeline().fromCollection(pairs, KeyValue.class)
                .select(col("key").cast(DataTypes.STRING).as("text"), col("value"))
                .sort(asc("text"), desc("value")));
        List<String> expected = pairs.stream()
                .sorted(Comparator.comparing((KeyValue kv) -> String.valueOf(kv.key())).thenComparing(KeyValue::value, Comparator.reverseOrder()))
                .map(kv -> kv.key() + "/" + kv.value()).toList();
        assertThat(actual).extracting(r -> r.get("text") + "/" + r.get("value")).containsExactlyElementsOf(expected);
    }

    @Test
    default void sortEmptyAndOneElement() {
        assertThat(collect(pipeline().fromCollection(List.<Long>of(), Long.class).sort(asc("value")))).isEmpty();
        assertThat(collect(pipeline().fromCollection(List.of(3L), Long.class).sort(desc("value")))).containsExactly(3L);
    }

    @Test
    default void limitTakesAnyElementsOfTheInput() {
        List<Long> numbers = ConformanceData.range(ConformanceData.LARGE);
        List<Long> ten = collect(pipeline().fromCollection(numbers, Long.class).limit(10));
        assertThat(ten).hasSize(10);
        assertSubsetOf(ten, numbers);
        assertThat(collect(pipeline().fromCollection(numbers, Long.class).limit(0))).isEmpty();
        assertSameElements(collect(pipeline().fromCollection(numbers.subList(0, 100), Long.class).limit(1_000)), numbers.subList(0, 100));
    }

    @Test
    default void limitAfterSortKeepsTheFirst() {
        List<Long> numbers = ConformanceData.randomLongs(ConformanceData.LARGE, 100_000, 9);
        List<Long> actual = collect(pipeline().fromCollection(numbers, Long.class).sort(desc("value")).limit(7));
        assertSameElements(actual, numbers.stream().sorted(Comparator.reverseOrder()).limit(7).toList());
    }

    @Test
    default void topKIsSorted() {
        List<Long> numbers = new ArrayList<>(ConformanceData.range(ConformanceData.LARGE));
        Collections.shuffle(numbers, new Random(10));
        List<Long> actual = collect(pipeline().fromCollection(numbers, Long.class).topK(5, desc("value")));
        assertThat(actual).containsExactly(49_999L, 49_998L, 49_997L, 49_996L, 49_995L);
    }

    @Test
    default void topKWithNullsAndSecondaryKey() {
        List<KeyValue> pairs = ConformanceData.keyValues();
        List<KeyValue> actual = collect(pipeline().fromCollection(pairs, KeyValue.class)
                .topK(4, asc("key").withNullsFirst(), asc("value")));
        Comparator<KeyValue> order = Comparator.comparing(KeyValue::key, Comparator.nullsFirst(Comparator.<Integer>naturalOrder()))
                .thenComparing(KeyValue::value, Comparator.nullsLast(Comparator.<Long>naturalOrder()));
        assertThat(actual).containsExactlyElementsOf(pairs.stream().sorted(order).limit(4).toList());
    }

    @Test
    default void topKLargerThanInputReturnsAllSorted() {
        List<Person> people = ConformanceData.people();
        List<Person> actual = collect(pipeline().fromCollection(people, Person.class).topK(100, desc("id")));
        assertThat(actual).containsExactlyElementsOf(people.stream().sorted(Comparator.comparing(Person::id).reversed()).toList());
        assertThat(collect(pipeline().fromCollection(List.<Person>of(), Person.class).topK(3, asc("id")))).isEmpty();
    }

    @Test
    default void countElements() {
        assertThat(collect(pipeline().generate(ConformanceData.LARGE, 0).count())).containsExactly((long) ConformanceData.LARGE);
        assertThat(collect(pipeline().fromCollection(List.<Person>of(), Person.class).count())).containsExactly(0L);
        assertThat(collect(pipeline().fromCollection(ConformanceData.people(), Person.class).filter(col("age").isNull()).count()))
                .containsExactly(ConformanceData.people().stream().filter(p -> p.age() == null).count());
    }

    @Test
    default void reduceSums() {
        List<Long> numbers = ConformanceData.randomLongs(ConformanceData.LARGE, 1_000, 11);
        assertThat(collect(pipeline().fromCollection(numbers, Long.class).reduce(Long::sum)))
                .containsExactly(numbers.stream().mapToLong(Long::longValue).sum());
        assertThat(collect(pipeline().fromCollection(List.of(42L), Long.class).reduce(Long::sum))).containsExactly(42L);
    }

    @Test
    default void reduceRecordsToMaximum() {
        List<KeyValue> pairs = ConformanceData.randomKeyValues(ConformanceData.LARGE, 1_000, 12);
        Comparator<KeyValue> order = Comparator.comparing(KeyValue::value).thenComparing(KeyValue::key);
        List<KeyValue> actual = collect(pipeline().fromCollection(pairs, KeyValue.class)
                .reduce((a, b) -> a.value() > b.value() || a.value().equals(b.value()) && a.key() >= b.key() ? a : b));
        assertThat(actual).containsExactly(pairs.stream().max(order).orElseThrow());
    }

    @Test
    default void sampleFractionIsReproducibleAndNearTheFraction() {
        List<Long> numbers = ConformanceData.range(10_000);
        List<Long> first = collect(pipeline().fromCollection(numbers, Long.class).sample(0.1, 42));
        List<Long> second = collect(pipeline().fromCollection(numbers, Long.class).sample(0.1, 42));
        assertThat(first).hasSizeBetween(800, 1_200).doesNotHaveDuplicates();
        assertSubsetOf(first, numbers);
        assertSameElements(second, first);
    }

    @Test
    default void sampleFractionZeroAndOne() {
        List<Long> numbers = ConformanceData.range(1_000);
        assertThat(collect(pipeline().fromCollection(numbers, Long.class).sample(0.0, 1))).isEmpty();
        assertSameElements(collect(pipeline().fromCollection(numbers, Long.class).sample(1.0, 1)), numbers);
    }

    @Test
    default void sampleSizeIsExact() {
        List<Long> numbers = ConformanceData.range(ConformanceData.LARGE);
        List<Long> hundred = collect(pipeline().fromCollection(numbers, Long.class).sampleSize(100, 7));
        assertThat(hundred).hasSize(100).doesNotHaveDuplicates();
        assertSubsetOf(hundred, numbers);
        assertSameElements(collect(pipeline().fromCollection(numbers.subList(0, 20), Long.class).sampleSize(50, 7)), numbers.subList(0, 20));
        assertThat(collect(pipeline().fromCollection(numbers, Long.class).sampleSize(0, 7))).isEmpty();
    }

    @Test
    default void zipWithIdNumbersFromZero() {
        List<String> words = ConformanceData.range(ConformanceData.LARGE).stream().map(i -> "w" + (i % 1_000)).toList();
        List<Row> rows = collect(pipeline().fromCollection(words, String.class).zipWithId());
        assertThat(rows).hasSize(words.size());
        assertThat(columnNames(rows.get(0))).containsExactly("id", "value");
        Set<Long> ids = new HashSet<>();
        rows.forEach(row -> ids.add(row.getLong("id")));
        assertThat(ids).hasSize(words.size());
        assertThat(ids).allMatch(id -> id >= 0 && id < words.size());
        assertSameElements(rows.stream().map(row -> row.getString("value")).toList(), words);
        assertThat(collect(pipeline().fromCollection(List.<String>of(), String.class).zipWithId())).isEmpty();
    }

    @Test
    default void everyOperatorAcceptsAnEmptyInput() {
        Pipeline pipeline = pipeline();
        Dataset<KeyValue> none = pipeline.fromCollection(List.of(), KeyValue.class);
        Dataset<Label> noLabels = pipeline.fromCollection(List.of(), Label.class);
        List<Collected<?>> outputs = List.of(
                none.flatMap((KeyValue kv, Emitter<KeyValue> out) -> out.emit(kv), KeyValue.class).collect(),
                none.flatMap((KeyValue kv) -> List.of(kv, kv), KeyValue.class).collect(),
                none.filter(kv -> true).collect(),
                none.filter(col("key").isNull()).collect(),
                none.select(col("value").plus(1).as("next")).collect(),
                none.mapPartitions(partition -> partition, KeyValue.class).collect(),
                none.limit(5).collect(),
                none.sample(0.5, 1).collect(),
                none.sampleSize(5, 1).collect(),
                none.union(none).collect(),
                none.cartesian(noLabels.select(col("label"))).collect(),
                none.join(noLabels, JoinType.LEFT, JoinKeys.using("key")).collect(),
                none.coGroup(noLabels, KeyValue::key, Label::key,
                        (Integer key, Iterable<KeyValue> left, Iterable<Label> right, Emitter<Long> out) -> out.emit(1L), Long.class)
                        .collect(),
                none.repeat(3, ds -> ds.map(kv -> kv, KeyValue.class)).collect(),
                none.doWhile(ds -> ds.map(kv -> kv, KeyValue.class), (iteration, result) -> !result.isEmpty(), 5).collect());
        ConformanceStageContext result = run(pipeline);
        for (Collected<?> output : outputs) {
            assertThat(result.elements(output)).as("output of %s", output.sink().input().kind()).isEmpty();
        }
    }

    @Test
    default void oneRowThroughJoinsAndGroups() {
        Pipeline pipeline = pipeline();
        Dataset<KeyValue> one = pipeline.fromCollection(List.of(new KeyValue(1, 2L)), KeyValue.class);
        Dataset<Label> label = pipeline.fromCollection(List.of(new Label(1, "one")), Label.class);
        Collected<Row> joined = one.join(label, JoinKeys.using("key")).collect();
        Collected<Row> crossed = one.cartesian(label.select(col("label"))).collect();
        Collected<KeyValue> distinct = one.distinct().collect();
        Collected<KeyValue> intersected = one.intersect(one).collect();
        ConformanceStageContext result = run(pipeline);
        assertThat(valuesOf(result.elements(joined))).containsExactly(values(1, 2L, "one"));
        assertThat(valuesOf(result.elements(crossed))).containsExactly(values(1, 2L, "one"));
        assertThat(result.elements(distinct)).containsExactly(new KeyValue(1, 2L));
        assertThat(result.elements(intersected)).containsExactly(new KeyValue(1, 2L));
    }
}
