package dev.weft.engine.java;

import static dev.weft.api.expr.Expressions.asc;
import static dev.weft.api.expr.Expressions.avg;
import static dev.weft.api.expr.Expressions.col;
import static dev.weft.api.expr.Expressions.count;
import static dev.weft.api.expr.Expressions.countDistinct;
import static dev.weft.api.expr.Expressions.desc;
import static dev.weft.api.expr.Expressions.max;
import static dev.weft.api.expr.Expressions.sum;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.api.Collected;
import dev.weft.api.Dataset;
import dev.weft.api.JoinKeys;
import dev.weft.api.Pipeline;
import dev.weft.api.function.Emitter;
import dev.weft.api.plan.JoinType;
import dev.weft.api.types.Row;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class TestBreakers extends EngineTestBase {
    record Sale(String city, long amount) {}

    record City(String city, String country) {}

    record Count(String city, int visits) {}

    record Pair(String key, long value) {}

    private static List<Sale> sales() {
        List<Sale> sales = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            sales.add(new Sale(List.of("oslo", "rome", "lima", "kyiv").get(i % 4), i));
        }
        return sales;
    }

    private static Map<String, Row> byFirstColumn(List<Row> rows) {
        return rows.stream().collect(Collectors.toMap(r -> (String) r.get(0), r -> r));
    }

    @Test
    void groupedAggregate() {
        Pipeline pipeline = Pipeline.create();
        Collected<Row> out = pipeline.fromCollection(sales(), Sale.class)
                .groupBy("city")
                .aggregate(sum("amount").as("total"), count().as("n"), max(col("amount")).as("top"), avg("amount").as("mean"))
                .collect();

        Map<String, Row> rows = byFirstColumn(collect(pipeline, out));
        assertThat(rows).hasSize(4);
        Row oslo = rows.get("oslo");
        assertThat(oslo.getLong("total")).isEqualTo(LongStream.range(0, 100).filter(i -> i % 4 == 0).sum());
        assertThat(oslo.getLong("n")).isEqualTo(25);
        assertThat(oslo.getLong("top")).isEqualTo(96);
        assertThat(oslo.getDouble("mean")).isEqualTo(48.0);
    }

    @Test
    void groupByComputedKey() {
        Pipeline pipeline = Pipeline.create();
        Collected<Row> out = pipeline.fromCollection(sales(), Sale.class)
                .groupBy(col("amount").mod(2L).as("parity"))
                .count()
                .sort(asc("parity"))
                .collect();

        assertThat(collect(pipeline, out)).extracting(r -> r.getLong("count")).containsExactly(50L, 50L);
    }

    @Test
    void globalAggregateOverEmptyInputIsOneRow() {
        Pipeline pipeline = Pipeline.create();
        Collected<Row> out = pipeline.fromCollection(List.<Sale>of(), Sale.class)
                .aggregate(count().as("n"), sum("amount").as("total"))
                .collect();

        List<Row> rows = collect(pipeline, out);
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).getLong("n")).isZero();
        assertThat(rows.get(0).get("total")).isNull();
    }

    @Test
    void countDistinctRepartitionsRawRows() {
        Pipeline pipeline = Pipeline.create();
        Collected<Row> out = pipeline.fromCollection(sales(), Sale.class)
                .groupBy(col("amount").mod(2L).as("parity"))
                .aggregate(countDistinct(col("city")).as("cities"))
                .collect();

        assertThat(collect(pipeline, out)).extracting(r -> r.getLong("cities")).containsExactly(2L, 2L);
    }

    @Test
    void distinct() {
        Pipeline pipeline = Pipeline.create();
        Collected<String> out = pipeline.fromCollection(sales(), Sale.class)
                .map(Sale::city, String.class)
                .distinct()
                .collect();

        assertThat(collect(pipeline, out)).containsExactlyInAnyOrder("oslo", "rome", "lima", "kyiv");
    }

    @Test
    void sortIsTotalAndOnePartition() {
        Pipeline pipeline = Pipeline.create();
        Collected<Sale> out = pipeline.fromCollection(sales(), Sale.class).sort(asc("city"), desc("amount")).collect();

        List<Sale> sorted = new ArrayList<>(sales());
        sorted.sort(Comparator.comparing(Sale::city).thenComparing(Sale::amount, Comparator.reverseOrder()));
        assertThat(collect(pipeline, out)).containsExactlyElementsOf(sorted);
    }

    @Test
    void topK() {
        Pipeline pipeline = Pipeline.create();
        Collected<Sale> out = pipeline.fromCollection(sales(), Sale.class).topK(3, desc("amount")).collect();

        assertThat(collect(pipeline, out)).extracting(Sale::amount).containsExactly(99L, 98L, 97L);
    }

    @Test
    void limitAfterSort() {
        Pipeline pipeline = Pipeline.create();
        Collected<Sale> out = pipeline.fromCollection(sales(), Sale.class).sort(desc("amount")).limit(2).collect();

        assertThat(collect(pipeline, out)).extracting(Sale::amount).containsExactly(99L, 98L);
    }

    @Test
    void countAndReduce() {
        Pipeline pipeline = Pipeline.create();
        Dataset<Long> numbers = pipeline.fromCollection(LongStream.rangeClosed(1, 100).boxed().toList(), Long.class);
        Collected<Long> count = numbers.count().collect();
        Collected<Long> sum = numbers.reduce(Long::sum).collect();
        Collected<Long> emptySum = numbers.filter(v -> v > 1000).reduce(Long::sum).collect();

        run(pipeline);
        assertThat(context.elements(count.sink(), count.elementType())).containsExactly(100L);
        assertThat(context.elements(sum.sink(), sum.elementType())).containsExactly(5050L);
        assertThat(context.elements(emptySum.sink(), emptySum.elementType())).isEmpty();
    }

    @Test
    void reduceByKey() {
        Pipeline pipeline = Pipeline.create();
        Collected<Sale> out = pipeline.fromCollection(sales(), Sale.class)
                .reduceByKey(Sale::city, (a, b) -> new Sale(a.city(), a.amount() + b.amount()))
                .collect();

        Map<String, Long> totals = collect(pipeline, out).stream().collect(Collectors.toMap(Sale::city, Sale::amount));
        assertThat(totals).containsEntry("rome", LongStream.range(0, 100).filter(i -> i % 4 == 1).sum()).hasSize(4);
    }

    @Test
    void innerAndLeftJoinWithUsingColumn() {
        Pipeline pipeline = Pipeline.create();
        Dataset<Sale> sales = pipeline.fromCollection(sales(), Sale.class);
        Dataset<City> cities = pipeline.fromCollection(List.of(new City("oslo", "NO"), new City("rome", "IT")), City.class);
        Collected<Row> inner = sales.join(cities, JoinKeys.using("city")).collect();
        Collected<Row> left = sales.join(cities, JoinType.LEFT, JoinKeys.using("city")).collect();

        run(pipeline);
        List<Row> innerRows = context.elements(inner.sink(), inner.elementType());
        assertThat(innerRows).hasSize(50);
        assertThat(innerRows.get(0).schema().getFields()).extracting(f -> f.getName()).containsExactly("city", "amount", "country");
        assertThat(innerRows).allMatch(r -> r.getString("city").equals("oslo") ? r.getString("country").equals("NO")
                : r.getString("country").equals("IT"));
        List<Row> leftRows = context.elements(left.sink(), left.elementType());
        assertThat(leftRows).hasSize(100);
        assertThat(leftRows.stream().filter(r -> r.get("country") == null)).hasSize(50);
    }

    @Test
    void semiAndAntiJoin() {
        Pipeline pipeline = Pipeline.create();
        Dataset<Sale> sales = pipeline.fromCollection(sales(), Sale.class);
        Dataset<City> cities = pipeline.fromCollection(List.of(new City("lima", "PE")), City.class);
        Collected<Sale> semi = sales.semiJoin(cities, JoinKeys.using("city")).collect();
        Collected<Sale> anti = sales.antiJoin(cities, JoinKeys.using("city")).collect();

        run(pipeline);
        assertThat(context.elements(semi.sink(), semi.elementType())).hasSize(25).allMatch(s -> s.city().equals("lima"));
        assertThat(context.elements(anti.sink(), anti.elementType())).hasSize(75).noneMatch(s -> s.city().equals("lima"));
    }

    @Test
    void joinCastsIntKeysToBigint() {
        Pipeline pipeline = Pipeline.create();
        Dataset<Count> counts = pipeline.fromCollection(List.of(new Count("x", 7), new Count("y", 8)), Count.class);
        Dataset<Pair> pairs = pipeline.fromCollection(List.of(new Pair("seven", 7), new Pair("nine", 9)), Pair.class);
        Collected<Row> out = counts.join(pairs, JoinKeys.on("visits", "value")).collect();

        List<Row> rows = collect(pipeline, out);
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).getString("key")).isEqualTo("seven");
        assertThat(rows.get(0).getInt("visits")).isEqualTo(7);
    }

    @Test
    void coGroup() {
        Pipeline pipeline = Pipeline.create();
        Dataset<Sale> sales = pipeline.fromCollection(sales(), Sale.class);
        Dataset<City> cities = pipeline.fromCollection(List.of(new City("oslo", "NO"), new City("paris", "FR")), City.class);
        Collected<String> out = sales.coGroup(cities, Sale::city, City::city,
                (String key, Iterable<Sale> left, Iterable<City> right, Emitter<String> emit) -> {
                    long n = 0;
                    for (Sale ignored : left) {
                        n++;
                    }
                    long m = 0;
                    for (City ignored : right) {
                        m++;
                    }
                    emit.emit(key + ":" + n + ":" + m);
                }, String.class).collect();

        assertThat(collect(pipeline, out)).containsExactlyInAnyOrder("oslo:25:1", "rome:25:0", "lima:25:0", "kyiv:25:0", "paris:0:1");
    }

    @Test
    void intersect() {
        Pipeline pipeline = Pipeline.create();
        Dataset<String> left = pipeline.fromCollection(List.of("a", "b", "b", "c"), String.class);
        Dataset<String> right = pipeline.fromCollection(List.of("b", "c", "c", "d"), String.class);
        Collected<String> out = left.intersect(right).collect();

        assertThat(collect(pipeline, out)).containsExactlyInAnyOrder("b", "c");
    }

    @Test
    void intersectMatchesNulls() {
        Pipeline pipeline = Pipeline.create();
        Dataset<String> left = pipeline.fromCollection(Arrays.asList("a", null, "b", null), String.class);
        Dataset<String> right = pipeline.fromCollection(Arrays.asList(null, "b", "z"), String.class);
        Collected<String> out = left.intersect(right).collect();

        assertThat(collect(pipeline, out)).containsExactlyInAnyOrder(null, "b");
    }

    @Test
    void cartesian() {
        Pipeline pipeline = Pipeline.create();
        Dataset<City> left = pipeline.fromCollection(List.of(new City("oslo", "NO"), new City("rome", "IT")), City.class);
        Dataset<Pair> right = pipeline.fromCollection(List.of(new Pair("a", 1), new Pair("b", 2), new Pair("c", 3)), Pair.class);
        Collected<Row> out = left.cartesian(right).collect();

        List<Row> rows = collect(pipeline, out);
        assertThat(rows).hasSize(6);
        assertThat(rows).extracting(r -> r.getString("city") + r.getString("key"))
                .containsExactlyInAnyOrder("osloa", "oslob", "osloc", "romea", "romeb", "romec");
    }

    @Test
    void zipWithIdNumbersInInputOrder() {
        Pipeline pipeline = Pipeline.create();
        List<String> letters = LongStream.range(0, 50).mapToObj(i -> "x" + i).toList();
        Collected<Row> out = pipeline.fromCollection(letters, String.class).zipWithId().collect();

        List<Row> rows = collect(pipeline, out);
        for (int i = 0; i < rows.size(); i++) {
            assertThat(rows.get(i).getLong("id")).isEqualTo(i);
            assertThat(rows.get(i).getString("value")).isEqualTo("x" + i);
        }
        assertThat(rows).hasSize(50);
    }

    @Test
    void sampleBySizeIsExactAndReproducible() {
        Pipeline pipeline = Pipeline.create();
        Dataset<Long> numbers = pipeline.fromCollection(LongStream.range(0, 1000).boxed().toList(), Long.class);
        Collected<Long> first = numbers.sampleSize(10, 7).collect();
        Collected<Long> second = numbers.sampleSize(10, 7).collect();
        Collected<Long> all = numbers.sampleSize(5000, 7).collect();

        run(pipeline);
        List<Long> a = context.elements(first.sink(), first.elementType());
        assertThat(a).hasSize(10).doesNotHaveDuplicates().isSorted();
        assertThat(context.elements(second.sink(), second.elementType())).isEqualTo(a);
        assertThat(context.elements(all.sink(), all.elementType())).hasSize(1000);
    }

    @Test
    void repeatRunsTheBodyNTimes() {
        Pipeline pipeline = Pipeline.create();
        Collected<Long> out = pipeline.fromCollection(List.of(1L, 2L, 3L), Long.class)
                .repeat(4, d -> d.map(v -> v * 2, Long.class))
                .collect();

        assertThat(collect(pipeline, out)).containsExactly(16L, 32L, 48L);
    }

    @Test
    void doWhileStopsWhenTheConditionSaysSo() {
        Pipeline pipeline = Pipeline.create();
        List<Integer> iterations = new ArrayList<>();
        Collected<Long> out = pipeline.fromCollection(List.of(1L), Long.class)
                .doWhile(d -> d.map(v -> v * 3, Long.class), (done, result) -> {
                    iterations.add(done);
                    return result.get(0) < 100;
                }, 10)
                .collect();

        assertThat(collect(pipeline, out)).containsExactly(243L);
        assertThat(iterations).containsExactly(1, 2, 3, 4, 5);
    }

    @Test
    void nestedLoopReadsTheOuterLoopInput() {
        Pipeline pipeline = Pipeline.create();
        Collected<Long> out = pipeline.fromCollection(List.of(1L), Long.class)
                .repeat(2, d -> d.repeat(2, x -> x.map(v -> v + 1, Long.class).union(d)))
                .collect();

        assertThat(collect(pipeline, out)).containsExactlyInAnyOrder(1L, 2L, 2L, 3L, 3L, 3L, 4L, 4L, 5L);
    }

    @Test
    void loopBodyWithABreaker() {
        Pipeline pipeline = Pipeline.create();
        Collected<Long> out = pipeline.fromCollection(List.of(1L, 1L, 2L), Long.class)
                .repeat(2, d -> d.union(d.map(v -> v + 10, Long.class)).distinct())
                .collect();

        assertThat(new HashSet<>(collect(pipeline, out))).containsExactlyInAnyOrder(1L, 2L, 11L, 12L, 21L, 22L);
    }
}
