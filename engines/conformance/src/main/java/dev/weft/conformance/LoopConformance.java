package dev.weft.conformance;

import static dev.weft.api.expr.Expressions.col;
import static dev.weft.conformance.ConformanceAssertions.assertSameElements;

import dev.weft.conformance.ConformanceRecords.Person;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Loops: repeat a fixed number of times, doWhile a condition holds (bounded by maxIterations). */
public interface LoopConformance extends ConformanceHarness {
    @Test
    default void repeatAppliesTheBodyEachTime() {
        List<Long> numbers = ConformanceData.range(1_000);
        List<Long> actual = collect(pipeline().fromCollection(numbers, Long.class).repeat(5, ds -> ds.map(x -> x * 2, Long.class)));
        assertSameElements(actual, numbers.stream().map(x -> x * 32).toList());
    }

    @Test
    default void repeatZeroTimesReturnsTheInput() {
        List<Long> numbers = ConformanceData.range(100);
        List<Long> actual = collect(pipeline().fromCollection(numbers, Long.class).repeat(0, ds -> ds.map(x -> x + 1, Long.class)));
        assertSameElements(actual, numbers);
    }

    @Test
    default void repeatDeclarativeBody() {
        List<Person> people = ConformanceData.people();
        List<Person> actual = collect(pipeline().fromCollection(people, Person.class)
                .repeat(3, ds -> ds.withColumn("age", col("age").plus(1)).as(Person.class)));
        assertSameElements(actual, people.stream()
                .map(p -> new Person(p.id(), p.name(), p.age() == null ? null : p.age() + 3, p.city())).toList());
    }

    @Test
    default void repeatOverManyBatches() {
        List<Long> numbers = ConformanceData.range(ConformanceData.LARGE);
        List<Long> actual = collect(pipeline().fromCollection(numbers, Long.class)
                .repeat(3, ds -> ds.filter(col("value").mod(2).eq(0)).map(x -> x / 2, Long.class)));
        List<Long> expected = numbers;
        for (int i = 0; i < 3; i++) {
            expected = expected.stream().filter(x -> x % 2 == 0).map(x -> x / 2).toList();
        }
        assertSameElements(actual, expected);
    }

    @Test
    default void doWhileIteratesUntilTheConditionFails() {
        List<Long> numbers = List.of(1L, 2L, 3L);
        List<Long> actual = collect(pipeline().fromCollection(numbers, Long.class).doWhile(ds -> ds.map(x -> x * 2, Long.class),
                (iteration, result) -> result.stream().mapToLong(Long::longValue).max().orElse(0) < 100, 20));
        List<Long> expected = iterate(numbers, values -> values.stream().map(x -> x * 2).toList(),
                values -> values.stream().mapToLong(Long::longValue).max().orElse(0) < 100, 20);
        assertSameElements(actual, expected);
        assertSameElements(actual, List.of(64L, 128L, 192L));
    }

    @Test
    default void doWhileCountsCompletedIterations() {
        List<Long> numbers = ConformanceData.range(10);
        List<Long> actual = collect(pipeline().fromCollection(numbers, Long.class).doWhile(ds -> ds.map(x -> x * 2, Long.class),
                (iteration, result) -> iteration < 4, 20));
        assertSameElements(actual, numbers.stream().map(x -> x * 16).toList());
    }

    @Test
    default void doWhileStopsAtMaxIterations() {
        List<Long> numbers = ConformanceData.range(10);
        List<Long> actual = collect(pipeline().fromCollection(numbers, Long.class).doWhile(ds -> ds.map(x -> x + 1, Long.class),
                (iteration, result) -> true, 3));
        assertSameElements(actual, numbers.stream().map(x -> x + 3).toList());
    }

    /** The doWhile semantics in plain Java: run the body, then again while the condition holds, at most max times. */
    private static <T> List<T> iterate(List<T> input, UnaryOperator<List<T>> body,
                                       Predicate<List<T>> condition, int maxIterations) {
        List<T> current = new ArrayList<>(input);
        int iterations = 0;
        do {
            current = body.apply(current);
            iterations++;
        } while (iterations < maxIterations && condition.test(current));
        return current;
    }
}
