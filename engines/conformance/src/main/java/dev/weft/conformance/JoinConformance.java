package dev.weft.conformance;

import static dev.weft.conformance.ConformanceAssertions.assertSameElements;
import static dev.weft.conformance.ConformanceAssertions.columnNames;
import static dev.weft.conformance.ConformanceAssertions.values;
import static dev.weft.conformance.ConformanceAssertions.valuesOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.api.Dataset;
import dev.weft.api.JoinKeys;
import dev.weft.api.Pipeline;
import dev.weft.api.function.Emitter;
import dev.weft.api.plan.JoinType;
import dev.weft.api.types.Row;
import dev.weft.conformance.ConformanceRecords.KeyCounts;
import dev.weft.conformance.ConformanceRecords.KeyValue;
import dev.weft.conformance.ConformanceRecords.Label;
import dev.weft.conformance.ConformanceRecords.Person;
import dev.weft.conformance.ConformanceRecords.Purchase;
import dev.weft.conformance.ConformanceRecords.Resident;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Joins (inner, left, semi, anti), coGroup, union, intersect, cartesian. */
public interface JoinConformance extends ConformanceHarness {
    @Test
    default void innerJoinOfIntAndBigintKeysWithDuplicates() {
        List<Person> people = ConformanceData.people();
        List<Purchase> purchases = ConformanceData.purchases();
        Pipeline pipeline = pipeline();
        List<Row> rows = collect(pipeline.fromCollection(people, Person.class)
                .join(pipeline.fromCollection(purchases, Purchase.class), JoinKeys.on("id", "personId")));
        assertThat(rows).allSatisfy(row -> assertThat(columnNames(row))
                .containsExactly("id", "name", "age", "city", "personId", "item", "cents"));
        List<List<Object>> expected = new ArrayList<>();
        for (Person p : people) {
            for (Purchase q : purchases) {
                if (q.personId() != null && q.personId() == p.id()) {
                    expected.add(values(p.id(), p.name(), p.age(), p.city(), q.personId(), q.item(), q.cents()));
                }
            }
        }
        assertSameElements(valuesOf(rows), expected);
    }

    @Test
    default void joinUsingColumnKeepsItOnce() {
        List<KeyValue> pairs = ConformanceData.keyValues();
        List<Label> labels = ConformanceData.labels();
        Pipeline pipeline = pipeline();
        List<Row> rows = collect(pipeline.fromCollection(pairs, KeyValue.class)
                .join(pipeline.fromCollection(labels, Label.class), JoinKeys.using("key")));
        assertThat(rows).allSatisfy(row -> assertThat(columnNames(row)).containsExactly("key", "value", "label"));
        List<List<Object>> expected = new ArrayList<>();
        for (KeyValue kv : pairs) {
            for (Label label : labels) {
                if (kv.key() != null && kv.key().equals(label.key())) {
                    expected.add(values(kv.key(), kv.value(), label.label()));
                }
            }
        }
        assertSameElements(valuesOf(rows), expected);
    }

    @Test
    default void joinOnMultipleKeys() {
        List<Person> people = ConformanceData.people();
        List<Resident> residents = ConformanceData.residents();
        Pipeline pipeline = pipeline();
        List<Row> rows = collect(pipeline.fromCollection(people, Person.class)
                .join(pipeline.fromCollection(residents, Resident.class), JoinKeys.using("city").and("age", "age")));
        assertThat(rows).allSatisfy(row -> assertThat(columnNames(row)).containsExactly("id", "name", "age", "city", "note"));
        List<List<Object>> expected = new ArrayList<>();
        for (Person p : people) {
            for (Resident r : residents) {
                if (p.city() != null && p.city().equals(r.city()) && p.age() != null && p.age().equals(r.age())) {
                    expected.add(values(p.id(), p.name(), p.age(), p.city(), r.note()));
                }
            }
        }
        assertSameElements(valuesOf(rows), expected);
    }

    @Test
    default void leftJoinKeepsUnmatchedRows() {
        List<Person> people = ConformanceData.people();
        List<Purchase> purchases = ConformanceData.purchases();
        Pipeline pipeline = pipeline();
        List<Row> rows = collect(pipeline.fromCollection(people, Person.class)
                .join(pipeline.fromCollection(purchases, Purchase.class), JoinType.LEFT, JoinKeys.on("id", "personId")));
        List<List<Object>> expected = new ArrayList<>();
        for (Person p : people) {
            boolean matched = false;
            for (Purchase q : purchases) {
                if (q.personId() != null && q.personId() == p.id()) {
                    matched = true;
                    expected.add(values(p.id(), p.name(), p.age(), p.city(), q.personId(), q.item(), q.cents()));
                }
            }
            if (!matched) {
                expected.add(values(p.id(), p.name(), p.age(), p.city(), null, null, null));
            }
        }
        assertSameElements(valuesOf(rows), expected);
    }

    @Test
    default void semiJoinEmitsEachMatchingRowOnce() {
        List<Person> people = ConformanceData.people();
        List<Purchase> purchases = ConformanceData.purchases();
        Pipeline pipeline = pipeline();
        List<Person> actual = collect(pipeline.fromCollection(people, Person.class)
                .semiJoin(pipeline.fromCollection(purchases, Purchase.class), JoinKeys.on("id", "personId")));
        assertSameElements(actual, people.stream().filter(p -> purchases.stream()
                .anyMatch(q -> q.personId() != null && q.personId() == p.id())).toList());
    }

    @Test
    default void antiJoinEmitsRowsWithoutMatch() {
        List<Person> people = ConformanceData.people();
        List<Purchase> purchases = ConformanceData.purchases();
        Pipeline pipeline = pipeline();
        List<Person> actual = collect(pipeline.fromCollection(people, Person.class)
                .antiJoin(pipeline.fromCollection(purchases, Purchase.class), JoinKeys.on("id", "personId")));
        assertSameElements(actual, people.stream().filter(p -> purchases.stream()
                .noneMatch(q -> q.personId() != null && q.personId() == p.id())).toList());
    }

    @Test
    default void nullKeysNeverJoin() {
        List<KeyValue> pairs = ConformanceData.keyValues();
        List<Label> labels = ConformanceData.labels();
        Set<Integer> labelled = new HashSet<>();
        labels.stream().map(Label::key).filter(Objects::nonNull).forEach(labelled::add);

        Pipeline pipeline = pipeline();
        Dataset<KeyValue> left = pipeline.fromCollection(pairs, KeyValue.class);
        Dataset<Label> right = pipeline.fromCollection(labels, Label.class);
        var inner = left.join(right, JoinKeys.using("key")).collect();
        var outer = left.join(right, JoinType.LEFT, JoinKeys.using("key")).collect();
        var semi = left.semiJoin(right, JoinKeys.using("key")).collect();
        var anti = left.antiJoin(right, JoinKeys.using("key")).collect();
        ConformanceStageContext result = run(pipeline);

        assertThat(result.elements(inner)).allSatisfy(row -> assertThat(row.get("key")).isNotNull());
        assertThat(result.elements(outer)).filteredOn(row -> row.get("key") == null)
                .allSatisfy(row -> assertThat(row.get("label")).isNull())
                .hasSize((int) pairs.stream().filter(kv -> kv.key() == null).count());
        assertSameElements(result.elements(semi), pairs.stream().filter(kv -> labelled.contains(kv.key())).toList());
        assertSameElements(result.elements(anti), pairs.stream().filter(kv -> !labelled.contains(kv.key())).toList());
    }

    @Test
    default void joinsWithAnEmptySide() {
        List<Person> people = ConformanceData.people();
        Pipeline pipeline = pipeline();
        Dataset<Person> full = pipeline.fromCollection(people, Person.class);
        Dataset<Purchase> none = pipeline.fromCollection(List.of(), Purchase.class);
        Dataset<Person> nobody = pipeline.fromCollection(List.of(), Person.class);
        Dataset<Purchase> purchases = pipeline.fromCollection(ConformanceData.purchases(), Purchase.class);
        JoinKeys keys = JoinKeys.on("id", "personId");
        var innerEmptyRight = full.join(none, keys).collect();
        var innerEmptyLeft = nobody.join(purchases, keys).collect();
        var leftEmptyRight = full.join(none, JoinType.LEFT, keys).collect();
        var semiEmptyRight = full.semiJoin(none, keys).collect();
        var antiEmptyRight = full.antiJoin(none, keys).collect();
        ConformanceStageContext result = run(pipeline);

        assertThat(result.elements(innerEmptyRight)).isEmpty();
        assertThat(result.elements(innerEmptyLeft)).isEmpty();
        assertSameElements(valuesOf(result.elements(leftEmptyRight)),
                people.stream().map(p -> values(p.id(), p.name(), p.age(), p.city(), null, null, null)).toList());
        assertThat(result.elements(semiEmptyRight)).isEmpty();
        assertSameElements(result.elements(antiEmptyRight), people);
    }

    @Test
    default void joinWithSkewedKeys() {
        List<KeyValue> pairs = ConformanceData.skewedKeyValues();
        List<Label> labels = new ArrayList<>();
        for (int key = 0; key < 1_000; key += 2) {
            labels.add(new Label(key, "label-" + key));
        }
        Pipeline pipeline = pipeline();
        List<Row> rows = collect(pipeline.fromCollection(pairs, KeyValue.class)
                .join(pipeline.fromCollection(labels, Label.class), JoinKeys.using("key")));
        List<List<Object>> expected = pairs.stream().filter(kv -> kv.key() % 2 == 0)
                .map(kv -> values(kv.key(), kv.value(), "label-" + kv.key())).toList();
        assertSameElements(valuesOf(rows), expected);
    }

    @Test
    default void joinManyBatches() {
        List<KeyValue> pairs = ConformanceData.randomKeyValues(ConformanceData.LARGE, 25_000, 16);
        List<Label> labels = new ArrayList<>();
        for (int key = 0; key < 25_000; key += 3) {
            labels.add(new Label(key, "l" + key));
        }
        Pipeline pipeline = pipeline();
        List<Row> rows = collect(pipeline.fromCollection(pairs, KeyValue.class)
                .join(pipeline.fromCollection(labels, Label.class), JoinType.LEFT, JoinKeys.using("key")));
        List<List<Object>> expected = pairs.stream()
                .map(kv -> values(kv.key(), kv.value(), kv.key() % 3 == 0 ? "l" + kv.key() : null)).toList();
        assertSameElements(valuesOf(rows), expected);
    }

    @Test
    default void coGroupSeesBothSidesPerKey() {
        List<KeyValue> left = ConformanceData.randomKeyValues(2_000, 50, 17);
        List<Label> right = new ArrayList<>();
        for (int key = 25; key < 75; key++) {
            for (int copy = 0; copy <= key % 3; copy++) {
                right.add(new Label(key, "x"));
            }
        }
        Pipeline pipeline = pipeline();
        List<KeyCounts> actual = collect(pipeline.fromCollection(left, KeyValue.class).coGroup(
                pipeline.fromCollection(right, Label.class), KeyValue::key, Label::key,
                (Integer key, Iterable<KeyValue> lefts, Iterable<Label> rights, Emitter<KeyCounts> out) -> {
                    int leftCount = 0;
                    long leftSum = 0;
                    for (KeyValue kv : lefts) {
                        leftCount++;
                        leftSum += kv.value();
                    }
                    int rightCount = 0;
                    for (Label ignored : rights) {
                        rightCount++;
                    }
                    out.emit(new KeyCounts(key, leftCount, leftSum, rightCount));
                }, KeyCounts.class));
        Map<Integer, KeyCounts> expected = new HashMap<>();
        for (KeyValue kv : left) {
            expected.merge(kv.key(), new KeyCounts(kv.key(), 1, kv.value(), 0), JoinConformance::add);
        }
        for (Label label : right) {
            expected.merge(label.key(), new KeyCounts(label.key(), 0, 0, 1), JoinConformance::add);
        }
        assertSameElements(actual, expected.values());
    }

    @Test
    default void unionOfTwoKeepsDuplicates() {
        List<Person> people = ConformanceData.people();
        Pipeline pipeline = pipeline();
        List<Person> actual = collect(pipeline.fromCollection(people, Person.class)
                .union(pipeline.fromCollection(people.subList(0, 4), Person.class)));
        List<Person> expected = new ArrayList<>(people);
        expected.addAll(people.subList(0, 4));
        assertSameElements(actual, expected);
    }

    @Test
    default void unionOfThreeWithAnEmptyInput() {
        List<Long> first = ConformanceData.range(ConformanceData.LARGE);
        List<Long> third = Arrays.asList(1L, null, 2L);
        Pipeline pipeline = pipeline();
        List<Long> actual = collect(pipeline.fromCollection(first, Long.class)
                .union(pipeline.fromCollection(List.of(), Long.class), pipeline.fromCollection(third, Long.class)));
        List<Long> expected = new ArrayList<>(first);
        expected.addAll(third);
        assertSameElements(actual, expected);
    }

    @Test
    default void intersectKeepsCommonElementsOnce() {
        Pipeline pipeline = pipeline();
        List<Integer> actual = collect(pipeline.fromCollection(List.of(1, 1, 2, 3, 5, 8), Integer.class)
                .intersect(pipeline.fromCollection(List.of(1, 3, 3, 4, 8, 9), Integer.class)));
        assertSameElements(actual, List.of(1, 3, 8));

        List<Person> people = ConformanceData.people();
        Pipeline records = pipeline();
        List<Person> common = collect(records.fromCollection(people, Person.class)
                .intersect(records.fromCollection(List.of(people.get(2), people.get(5), people.get(5)), Person.class)));
        assertSameElements(common, List.of(people.get(2), people.get(5)));

        Pipeline empty = pipeline();
        assertThat(collect(empty.fromCollection(List.of(1, 2), Integer.class).intersect(empty.fromCollection(List.of(), Integer.class))))
                .isEmpty();
    }

    @Test
    default void intersectManyBatches() {
        List<Long> left = ConformanceData.randomLongs(ConformanceData.LARGE, 40_000, 18);
        List<Long> right = ConformanceData.randomLongs(ConformanceData.LARGE, 40_000, 19);
        Pipeline pipeline = pipeline();
        List<Long> actual = collect(pipeline.fromCollection(left, Long.class).intersect(pipeline.fromCollection(right, Long.class)));
        Set<Long> expected = new TreeSet<>(left);
        expected.retainAll(new LinkedHashSet<>(right));
        assertSameElements(actual, expected);
    }

    @Test
    default void cartesianPairsEveryElement() {
        List<Person> people = ConformanceData.people().subList(0, 3);
        List<Purchase> purchases = ConformanceData.purchases().subList(0, 4);
        Pipeline pipeline = pipeline();
        List<Row> rows = collect(pipeline.fromCollection(people, Person.class).cartesian(pipeline.fromCollection(purchases, Purchase.class)));
        List<List<Object>> expected = new ArrayList<>();
        for (Person p : people) {
            for (Purchase q : purchases) {
                expected.add(values(p.id(), p.name(), p.age(), p.city(), q.personId(), q.item(), q.cents()));
            }
        }
        assertSameElements(valuesOf(rows), expected);

        Pipeline empty = pipeline();
        assertThat(collect(empty.fromCollection(people, Person.class).cartesian(empty.fromCollection(List.of(), Purchase.class))))
                .isEmpty();
    }

    private static KeyCounts add(KeyCounts a, KeyCounts b) {
        return new KeyCounts(a.key(), a.leftCount() + b.leftCount(), a.leftSum() + b.leftSum(), a.rightCount() + b.rightCount());
    }
}
