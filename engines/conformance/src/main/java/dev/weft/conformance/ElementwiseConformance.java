package dev.weft.conformance;

import static dev.weft.api.expr.Expressions.coalesce;
import static dev.weft.api.expr.Expressions.col;
import static dev.weft.api.expr.Expressions.concat;
import static dev.weft.api.expr.Expressions.lit;
import static dev.weft.api.expr.Expressions.not;
import static dev.weft.api.expr.Expressions.upper;
import static dev.weft.api.expr.Expressions.when;
import static dev.weft.conformance.ConformanceAssertions.assertSameElements;
import static dev.weft.conformance.ConformanceAssertions.columnNames;
import static dev.weft.conformance.ConformanceAssertions.values;
import static dev.weft.conformance.ConformanceAssertions.valuesOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.api.Dataset;
import dev.weft.api.function.Emitter;
import dev.weft.api.types.DataTypes;
import dev.weft.api.types.Row;
import dev.weft.conformance.ConformanceRecords.IdAndYears;
import dev.weft.conformance.ConformanceRecords.KeyValue;
import dev.weft.conformance.ConformanceRecords.Person;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Element-wise operators: map, flatMap (both forms), filter (lambda and expression), projections, mapPartitions. */
public interface ElementwiseConformance extends ConformanceHarness {
    @Test
    default void mapRecordToRecord() {
        List<Person> people = ConformanceData.people();
        List<Person> actual = collect(pipeline().fromCollection(people, Person.class)
                .map(p -> new Person(p.id() * 10, p.name().toUpperCase(Locale.ROOT), p.age() == null ? null : p.age() + 1, p.city()),
                        Person.class));
        List<Person> expected = people.stream()
                .map(p -> new Person(p.id() * 10, p.name().toUpperCase(Locale.ROOT), p.age() == null ? null : p.age() + 1, p.city()))
                .toList();
        assertSameElements(actual, expected);
    }

    @Test
    default void mapToScalarsWithNulls() {
        List<KeyValue> pairs = ConformanceData.keyValues();
        List<Long> actual = collect(pipeline().fromCollection(pairs, KeyValue.class).map(KeyValue::value, Long.class));
        assertSameElements(actual, pairs.stream().map(KeyValue::value).toList());
    }

    @Test
    default void mapEmptyInput() {
        assertThat(collect(pipeline().fromCollection(List.<Long>of(), Long.class).map(x -> x + 1, Long.class))).isEmpty();
    }

    @Test
    default void mapManyBatches() {
        List<KeyValue> pairs = ConformanceData.randomKeyValues(ConformanceData.LARGE, 100, 3);
        List<String> actual = collect(pipeline().fromCollection(pairs, KeyValue.class)
                .map(kv -> kv.key() + ":" + kv.value(), String.class));
        assertSameElements(actual, pairs.stream().map(kv -> kv.key() + ":" + kv.value()).toList());
    }

    @Test
    default void flatMapWithEmitter() {
        List<Integer> counts = List.of(0, 1, 2, 3, 0, 5);
        List<Integer> actual = collect(pipeline().fromCollection(counts, Integer.class).flatMap((Integer n, Emitter<Integer> out) -> {
            for (int i = 0; i < n; i++) {
                out.emit(n);
            }
        }, Integer.class));
        List<Integer> expected = new ArrayList<>();
        counts.forEach(n -> expected.addAll(Collections.nCopies(n, n)));
        assertSameElements(actual, expected);
    }

    @Test
    default void flatMapWithIterable() {
        List<String> lines = List.of("to be or", "", "not to be", "that");
        List<String> actual = collect(pipeline().fromCollection(lines, String.class)
                .flatMap((String line) -> line.isEmpty() ? null : Arrays.asList(line.split(" ")), String.class));
        assertSameElements(actual, List.of("to", "be", "or", "not", "to", "be", "that"));
    }

    @Test
    default void flatMapManyOutputsPerElement() {
        List<Long> inputs = ConformanceData.range(1_000);
        List<Long> actual = collect(pipeline().fromCollection(inputs, Long.class).flatMap((Long x) -> {
            List<Long> out = new ArrayList<>();
            for (long i = 0; i < 60; i++) {
                out.add(x * 100 + i);
            }
            return out;
        }, Long.class));
        List<Long> expected = new ArrayList<>();
        inputs.forEach(x -> {
            for (long i = 0; i < 60; i++) {
                expected.add(x * 100 + i);
            }
        });
        assertSameElements(actual, expected);
    }

    @Test
    default void filterWithLambda() {
        List<Person> people = ConformanceData.people();
        List<Person> actual = collect(pipeline().fromCollection(people, Person.class)
                .filter(p -> p.city() != null && p.city().startsWith("L")));
        assertSameElements(actual, people.stream().filter(p -> p.city() != null && p.city().startsWith("L")).toList());
    }

    @Test
    default void filterExpressionTreatsNullAsFalse() {
        List<Person> people = ConformanceData.people();
        List<Person> older = collect(pipeline().fromCollection(people, Person.class).filter(col("age").gt(40)));
        assertSameElements(older, people.stream().filter(p -> p.age() != null && p.age() > 40).toList());
        List<Person> notOlder = collect(pipeline().fromCollection(people, Person.class).filter(not(col("age").gt(40))));
        assertSameElements(notOlder, people.stream().filter(p -> p.age() != null && p.age() <= 40).toList());
        List<Person> unknownAge = collect(pipeline().fromCollection(people, Person.class).filter(col("age").isNull()));
        assertSameElements(unknownAge, people.stream().filter(p -> p.age() == null).toList());
    }

    @Test
    default void filterCompoundExpression() {
        List<Person> people = ConformanceData.people();
        List<Person> actual = collect(pipeline().fromCollection(people, Person.class).filter(
                col("city").in("London", "Boston").and(col("age").between(30, 40).or(col("age").isNull()))
                        .or(col("name").like("%aus"))));
        List<Person> expected = people.stream().filter(p -> ("London".equals(p.city()) || "Boston".equals(p.city()))
                        && (p.age() == null || p.age() >= 30 && p.age() <= 40)
                || p.name().endsWith("aus")).toList();
        assertSameElements(actual, expected);
    }

    @Test
    default void filterKeepingNothingAndEverything() {
        List<Person> people = ConformanceData.people();
        assertThat(collect(pipeline().fromCollection(people, Person.class).filter(col("id").lt(0)))).isEmpty();
        assertSameElements(collect(pipeline().fromCollection(people, Person.class).filter(col("id").ge(0))), people);
    }

    @Test
    default void filterManyBatches() {
        List<Long> numbers = ConformanceData.randomLongs(ConformanceData.LARGE, 1_000_000, 4);
        List<Long> actual = collect(pipeline().fromCollection(numbers, Long.class).filter(col("value").mod(3).eq(0)));
        assertSameElements(actual, numbers.stream().filter(x -> x % 3 == 0).toList());
    }

    @Test
    default void selectColumnsAndExpressions() {
        List<Person> people = ConformanceData.people();
        List<Row> rows = collect(pipeline().fromCollection(people, Person.class).select(
                col("id"),
                upper(col("name")).as("shout"),
                col("age").plus(1).as("next_age"),
                col("id").times(2.5).as("scaled"),
                concat(col("name"), lit("#"), col("id")).as("tag"),
                when(col("age").ge(60), "senior").otherwise("junior").as("band"),
                coalesce(col("city"), lit("nowhere")).as("home"),
                col("age").cast(DataTypes.INT64).as("age_long"),
                col("age").isNull().as("no_age")));
        assertThat(rows).allSatisfy(row -> assertThat(columnNames(row))
                .containsExactly("id", "shout", "next_age", "scaled", "tag", "band", "home", "age_long", "no_age"));
        List<List<Object>> expected = people.stream().map(p -> values(
                p.id(),
                p.name().toUpperCase(Locale.ROOT),
                p.age() == null ? null : p.age() + 1,
                p.id() * 2.5,
                p.name() + "#" + p.id(),
                p.age() != null && p.age() >= 60 ? "senior" : "junior",
                p.city() == null ? "nowhere" : p.city(),
                p.age() == null ? null : (long) p.age(),
                p.age() == null)).toList();
        assertSameElements(valuesOf(rows), expected);
    }

    @Test
    default void selectColumnNames() {
        List<Person> people = ConformanceData.people();
        List<Row> rows = collect(pipeline().fromCollection(people, Person.class).select("city", "id"));
        assertSameElements(valuesOf(rows), people.stream().map(p -> values(p.city(), p.id())).toList());
    }

    @Test
    default void withColumnAddsAndReplaces() {
        List<Person> people = ConformanceData.people();
        List<Row> rows = collect(pipeline().fromCollection(people, Person.class)
                .withColumn("age", col("age").plus(100))
                .withColumn("adult", col("age").ge(118)));
        assertThat(rows).allSatisfy(row -> assertThat(columnNames(row)).containsExactly("id", "name", "age", "city", "adult"));
        assertSameElements(valuesOf(rows), people.stream().map(p -> values(p.id(), p.name(),
                p.age() == null ? null : p.age() + 100, p.city(), p.age() == null ? null : p.age() + 100 >= 118)).toList());
    }

    @Test
    default void asRecordCastsColumns() {
        List<Person> people = ConformanceData.people();
        List<IdAndYears> actual = collect(pipeline().fromCollection(people, Person.class)
                .select(col("age").as("years"), col("id"))
                .as(IdAndYears.class));
        assertSameElements(actual, people.stream().map(p -> new IdAndYears(p.id(), p.age() == null ? null : (long) p.age())).toList());
    }

    @Test
    default void mapPartitionsSeesEveryElementOnce() {
        List<Long> numbers = ConformanceData.range(ConformanceData.LARGE);
        List<Long> actual = collect(pipeline().fromCollection(numbers, Long.class).mapPartitions(TimesTen::new, Long.class));
        assertSameElements(actual, numbers.stream().map(x -> x * 10).toList());
    }

    @Test
    default void mapPartitionsKeepsStatePerPartition() {
        List<Long> numbers = ConformanceData.range(ConformanceData.LARGE);
        List<Long> counts = collect(pipeline().fromCollection(numbers, Long.class).mapPartitions(partition -> {
            long count = 0;
            while (partition.hasNext()) {
                partition.next();
                count++;
            }
            return List.of(count).iterator();
        }, Long.class));
        assertThat(counts).isNotEmpty();
        assertThat(counts.stream().mapToLong(Long::longValue).sum()).isEqualTo(numbers.size());
    }

    @Test
    default void chainedOperatorsOfBothKinds() {
        List<Person> people = ConformanceData.people();
        Dataset<Person> source = pipeline().fromCollection(people, Person.class);
        List<String> actual = collect(source.filter(col("age").isNotNull())
                .map(p -> new Person(p.id(), p.name(), p.age() * 2, p.city()), Person.class)
                .filter(col("age").gt(100))
                .map(p -> p.name() + "=" + p.age(), String.class));
        List<String> expected = people.stream().filter(p -> p.age() != null && p.age() * 2 > 100)
                .map(p -> p.name() + "=" + p.age() * 2).collect(Collectors.toList());
        assertSameElements(actual, expected);
        assertThat(actual).allMatch(Objects::nonNull);
    }

    /**
     * A lazy iterator over a partition, as a static class: engines in another JVM (engine hosts) ship the function
     * serialized, and an anonymous class here would capture the test instance.
     */
    final class TimesTen implements Iterator<Long> {
        private final Iterator<Long> partition;

        TimesTen(Iterator<Long> partition) {
            this.partition = partition;
        }

        @Override
        public boolean hasNext() {
            return partition.hasNext();
        }

        @Override
        public Long next() {
            return partition.next() * 10;
        }
    }
}
