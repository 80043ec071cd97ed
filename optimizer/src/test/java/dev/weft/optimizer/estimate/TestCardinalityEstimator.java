package dev.weft.optimizer.estimate;

import static dev.weft.api.expr.Expressions.col;
import static dev.weft.api.expr.Expressions.count;
import static dev.weft.api.expr.Expressions.sum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.weft.api.JoinKeys;
import dev.weft.api.Pipeline;
import dev.weft.api.Dataset;
import dev.weft.api.function.Hints;
import dev.weft.api.plan.CsvFormat;
import dev.weft.api.plan.LogicalOperator;
import dev.weft.api.plan.Plan;
import dev.weft.api.plan.RepeatOperator;
import dev.weft.api.plan.TpchSource;
import dev.weft.api.plan.Window;
import dev.weft.api.spi.SourceStatistics;
import dev.weft.api.types.DataTypes;
import dev.weft.api.types.Row;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestCardinalityEstimator {
    record Person(String name, int age) {}

    record Event(Instant time, long key) {}

    record Item(long id, String label) {}

    @TempDir
    Path directory;

    private final Pipeline pipeline = Pipeline.create("estimate");
    private final CardinalityEstimator estimator = new CardinalityEstimator(SourceStatisticsLookup.NONE);

    private Estimates estimate() {
        return estimator.estimate(pipeline.plan());
    }

    private static void assertExact(Cardinality rows, double expected) {
        assertThat(rows.lower()).isEqualTo(expected);
        assertThat(rows.upper()).isEqualTo(expected);
        assertThat(rows.confidence()).isEqualTo(1.0);
        assertThat(rows.perSecond()).isFalse();
    }

    private static void assertInterval(Cardinality rows, double lower, double upper, double confidence) {
        assertThat(rows.lower()).isCloseTo(lower, within(1e-6 * Math.max(1, lower)));
        assertThat(rows.upper()).isCloseTo(upper, within(1e-6 * Math.max(1, upper)));
        assertThat(rows.confidence()).isCloseTo(confidence, within(1e-12));
    }

    // sources

    @Test
    void collectionOfRecordsIsExactWithDistinctCountsAndMeasuredWidths() {
        List<Person> people = List.of(new Person("ann", 30), new Person("bob", 30), new Person("ann", 41), new Person("cyd", 52));
        Dataset<Person> source = pipeline.fromCollection(people, Person.class);
        source.collect();
        Estimate estimate = estimate().of(source.operator());
        assertExact(estimate.rows(), 4);
        assertThat(estimate.distinctCounts()).containsEntry("name", 3.0).containsEntry("age", 3.0);
        // name: validity bit + 4-byte offset + 3 bytes; age: int32 not null
        assertThat(estimate.bytesPerRow()).isCloseTo(1.0 / 8 + 4 + 3 + 4, within(1e-9));
    }

    @Test
    void collectionOfRowsAndScalars() {
        Schema schema = new Schema(List.of(DataTypes.field("k", DataTypes.INT64, false), DataTypes.field("s", DataTypes.STRING, true)));
        Dataset<Row> rows = pipeline.fromRows(List.of(Row.of(schema, 1L, "é"), Row.of(schema, 1L, null)), schema);
        Dataset<String> words = pipeline.fromCollection(List.of("a", "b", "a", "a"), String.class);
        rows.collect();
        words.collect();
        Estimates estimates = estimate();
        assertThat(estimates.of(rows.operator()).distinctCounts()).containsEntry("k", 1.0).containsEntry("s", 1.0);
        assertThat(estimates.of(rows.operator()).bytesPerRow()).isCloseTo(8 + 1.0 / 8 + 4 + 1, within(1e-9)); // "é" is 2 bytes, averaged over 2 rows
        assertThat(estimates.of(words.operator()).distinctCounts()).containsEntry("value", 2.0);
        assertExact(estimates.of(words.operator()).rows(), 4);
    }

    @Test
    void emptyCollectionIsExactlyZero() {
        Dataset<String> empty = pipeline.fromCollection(List.of(), String.class);
        empty.collect();
        Estimate estimate = estimate().of(empty.operator());
        assertExact(estimate.rows(), 0);
        assertThat(estimate.bytesPerRow()).isEqualTo(SchemaWidths.bytesPerRow(empty.schema()));
    }

    @Test
    void smallTextFileIsCountedExactly() throws IOException {
        Path file = directory.resolve("small.txt");
        Files.writeString(file, "one\r\ntwo\nthree\rfour", StandardCharsets.UTF_8); // last line has no break
        Dataset<String> lines = pipeline.readText(file);
        lines.collect();
        Estimate estimate = estimate().of(lines.operator());
        assertExact(estimate.rows(), 4);
        assertThat(estimate.bytesPerRow()).isCloseTo(1.0 / 8 + 4 + (3 + 3 + 5 + 4) / 4.0, within(1e-9));
    }

    @Test
    void largeTextFileIsExtrapolatedWithinTenPercent() throws IOException {
        Path file = directory.resolve("large.txt");
        int lines = 200_000;
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            text.append("line number ").append(i).append(i % 3 == 0 ? " with a longer tail" : "").append('\n');
        }
        Files.writeString(file, text, StandardCharsets.UTF_8);
        assertThat(Files.size(file)).isGreaterThan(2L * FileSampler.SAMPLE_BYTES);
        Dataset<String> source = pipeline.readText(file);
        source.collect();
        Cardinality rows = estimate().of(source.operator()).rows();
        assertThat(rows.confidence()).isEqualTo(FileSampler.EXTRAPOLATED_CONFIDENCE);
        assertThat(rows.lower()).isLessThanOrEqualTo(lines);
        assertThat(rows.upper()).isGreaterThanOrEqualTo(lines);
        double middle = (rows.lower() + rows.upper()) / 2;
        assertThat(middle).isCloseTo(lines, within(lines * 0.1));
        assertThat(rows.upper() / rows.lower()).isCloseTo(1.1 / 0.9, within(1e-9));
    }

    @Test
    void directoryOfFilesIsReadLikeTheEngineAndCsvHeadersAreNotRows() throws IOException {
        Path input = Files.createDirectory(directory.resolve("csv"));
        Files.writeString(input.resolve("a.csv"), "id,label\n1,x\n2,y\n");
        Files.writeString(input.resolve("b.csv"), "id,label\n3,z\n");
        Files.writeString(input.resolve("empty.csv"), "");
        Files.writeString(input.resolve(".hidden.csv"), "id,label\n9,h\n9,h\n9,h\n");
        Files.writeString(input.resolve("_SUCCESS"), "");
        Files.createDirectory(input.resolve("nested"));
        Files.writeString(input.resolve("nested").resolve("c.csv"), "id,label\n5,q\n");
        Dataset<Item> withHeader = pipeline.readCsv(input, Item.class, CsvFormat.DEFAULT);
        Dataset<Item> withoutHeader = pipeline.readCsv(input, Item.class, CsvFormat.DEFAULT.withHeader(false));
        withHeader.collect();
        withoutHeader.collect();
        Estimates estimates = estimate();
        assertExact(estimates.of(withHeader.operator()).rows(), 3);
        assertExact(estimates.of(withoutHeader.operator()).rows(), 5);
    }

    @Test
    void emptyDirectoryIsExactlyZero() throws IOException {
        Path input = Files.createDirectory(directory.resolve("none"));
        Dataset<String> lines = pipeline.readText(input);
        lines.collect();
        assertExact(estimate().of(lines.operator()).rows(), 0);
    }

    @Test
    void missingFileGetsTheWideDefaultInsteadOfFailing() {
        Dataset<String> lines = pipeline.readText(directory.resolve("does-not-exist.txt"));
        lines.map(String::length, Integer.class).collect();
        Estimate estimate = estimate().of(lines.operator());
        assertThat(estimate.rows()).isEqualTo(CardinalityEstimator.DEFAULT_SOURCE_ROWS);
        assertThat(estimate.rows().upper()).isGreaterThan(0);
    }

    @Test
    void aFileIsSampledOnceAcrossSourcesAndCallsUntilItChanges() throws IOException {
        Path file = directory.resolve("shared.txt");
        Files.writeString(file, "a\nb\nc\n");
        Dataset<String> first = pipeline.readText(file);
        Dataset<String> second = pipeline.readText(file);
        first.union(second).collect();
        Estimates estimates = estimate();
        assertExact(estimates.of(first.operator()).rows(), 3);
        assertExact(estimates.of(second.operator()).rows(), 3);
        estimate();
        assertThat(estimator.cachedFileSamples()).isEqualTo(1);

        Files.writeString(file, "a\nb\nc\nd\ne\n"); // a new size: sampled again
        assertExact(estimate().of(first.operator()).rows(), 5);
    }

    @Test
    void tpchTablesHaveTheGeneratorsSizes() {
        Dataset<Row> lineitem = pipeline.readTpch("lineitem", 1);
        Dataset<Row> orders = pipeline.readTpch("orders", 1);
        Dataset<Row> nation = pipeline.readTpch("nation", 0.01);
        Dataset<Row> smallLineitem = pipeline.readTpch("lineitem", 0.01);
        Dataset<Row> customer = pipeline.readTpch("customer", 0.01);
        for (Dataset<Row> table : List.of(lineitem, orders, nation, smallLineitem, customer)) {
            table.collect();
        }
        Estimates estimates = estimate();
        Cardinality lines = estimates.of(lineitem.operator()).rows();
        assertThat(lines.lower()).isBetween(5_980_000.0, 6_001_215.0);
        assertThat(lines.upper()).isBetween(6_001_215.0, 6_020_000.0);
        assertThat(lines.confidence()).isEqualTo(TpchSizes.LINEITEM_CONFIDENCE);
        Cardinality smallLines = estimates.of(smallLineitem.operator()).rows();
        assertThat(smallLines.lower()).isLessThanOrEqualTo(60_175);
        assertThat(smallLines.upper()).isGreaterThanOrEqualTo(60_175);
        assertExact(estimates.of(orders.operator()).rows(), 1_500_000);
        assertExact(estimates.of(nation.operator()).rows(), 25);
        assertExact(estimates.of(customer.operator()).rows(), 1_500);

        Map<String, Double> orderDistinct = estimates.of(orders.operator()).distinctCounts();
        assertThat(orderDistinct).containsEntry("o_orderkey", 1_500_000.0).containsEntry("o_custkey", 100_000.0)
                .containsEntry("o_orderstatus", 3.0);
        assertThat(estimates.of(lineitem.operator()).distinctCounts()).containsEntry("l_orderkey", 1_500_000.0)
                .containsEntry("l_partkey", 200_000.0).containsEntry("l_returnflag", 3.0);
        assertThat(estimates.of(nation.operator()).distinctCounts()).containsEntry("n_nationkey", 25.0).containsEntry("n_regionkey", 5.0);
        // lineitem rows are wider than orders' narrow key columns alone, and finite
        assertThat(estimates.of(lineitem.operator()).bytesPerRow()).isBetween(100.0, 250.0);
    }

    @Test
    void engineStatisticsWinForEverySource() {
        Dataset<Row> orders = pipeline.readTpch("orders", 1);
        orders.collect();
        SourceStatistics statistics = new SourceStatistics(10, 20, 0.75, false, OptionalDouble.of(99), Map.of("o_custkey", 7.0));
        CardinalityEstimator withEngine = new CardinalityEstimator(source -> source instanceof TpchSource
                ? Optional.of(statistics) : Optional.empty());
        Estimate estimate = withEngine.estimate(pipeline.plan()).of(orders.operator());
        assertInterval(estimate.rows(), 10, 20, 0.75);
        assertThat(estimate.bytesPerRow()).isEqualTo(99.0);
        assertThat(estimate.distinctCounts()).isEqualTo(Map.of("o_custkey", 7.0));
    }

    @Test
    void failingEngineStatisticsFallBackToTheEstimatorsRules() {
        Dataset<Row> nation = pipeline.readTpch("nation", 1);
        nation.collect();
        CardinalityEstimator failing = new CardinalityEstimator(source -> {
            throw new IllegalStateException("statistics service down");
        });
        assertExact(failing.estimate(pipeline.plan()).of(nation.operator()).rows(), 25);
    }

    @Test
    void generators() {
        Dataset<Long> bounded = pipeline.generate(1234, 100);
        Dataset<Long> rated = pipeline.generateUnbounded(500);
        Dataset<Long> fast = pipeline.generateUnbounded(0);
        bounded.collect();
        rated.forEach(v -> { });
        fast.forEach(v -> { });
        Estimates estimates = estimate();
        assertExact(estimates.of(bounded.operator()).rows(), 1234);
        assertThat(estimates.of(rated.operator()).rows()).isEqualTo(Cardinality.rate(500, 500, 1));
        assertThat(estimates.of(fast.operator()).rows()).isEqualTo(CardinalityEstimator.DEFAULT_RATE);
    }

    // operators

    @Test
    void lambdaFiltersUseHintsOrTheDefault() {
        Dataset<Long> numbers = pipeline.generate(1000, 0);
        Dataset<Long> hinted = numbers.filter(v -> v % 10 == 0, Hints.selectivity(0.05, 0.15));
        Dataset<Long> plain = numbers.filter(v -> v > 3);
        hinted.collect();
        plain.collect();
        Estimates estimates = estimate();
        assertInterval(estimates.of(hinted.operator()).rows(), 50, 150, CardinalityEstimator.HINT_CONFIDENCE);
        assertInterval(estimates.of(plain.operator()).rows(), 50, 950, 0.2);
    }

    @Test
    void declarativeFilterUsesDistinctCountsAndPinsTheColumn() {
        Dataset<Row> nation = pipeline.readTpch("nation", 1);
        Dataset<Row> inRegion = nation.filter(col("n_regionkey").eq(1L));
        inRegion.collect();
        Estimate estimate = estimate().of(inRegion.operator());
        assertInterval(estimate.rows(), 5, 5, Selectivity.KNOWN_DISTINCT_CONFIDENCE);
        assertThat(estimate.distinctCounts()).containsEntry("n_regionkey", 1.0);
        // a key column keeps about as many values as rows
        assertThat(estimate.distinctCounts().get("n_nationkey")).isCloseTo(5.0, within(1e-9));
    }

    @Test
    void rowPreservingOperatorsKeepRowsAndFlatMapsMultiply() {
        Dataset<Long> numbers = pipeline.generate(100, 0);
        Dataset<Long> mapped = numbers.map(v -> v + 1, Long.class);
        Dataset<Row> withId = numbers.zipWithId();
        Dataset<Long> sorted = numbers.sort(col("value").asc());
        Dataset<String> split = numbers.flatMap((Long v, dev.weft.api.function.Emitter<String> out) -> out.emit("x"), String.class);
        Dataset<String> hintedSplit = numbers.flatMap((Long v, dev.weft.api.function.Emitter<String> out) -> out.emit("x"),
                String.class, Hints.selectivity(2, 3));
        for (Dataset<?> dataset : List.of(mapped, withId, sorted, split, hintedSplit)) {
            dataset.collect();
        }
        Estimates estimates = estimate();
        assertExact(estimates.of(mapped.operator()).rows(), 100);
        assertExact(estimates.of(withId.operator()).rows(), 100);
        assertThat(estimates.of(withId.operator()).distinctCounts()).containsEntry("id", 100.0).containsEntry("value", 100.0);
        assertExact(estimates.of(sorted.operator()).rows(), 100);
        assertInterval(estimates.of(split.operator()).rows(), 50, 2000, 0.2);
        assertInterval(estimates.of(hintedSplit.operator()).rows(), 200, 300, CardinalityEstimator.HINT_CONFIDENCE);
    }

    @Test
    void limitsSamplesCountsAndReduces() {
        Dataset<Long> numbers = pipeline.generate(1000, 0);
        Dataset<Long> limited = numbers.limit(10);
        Dataset<Long> top = numbers.topK(3, col("value").desc());
        Dataset<Long> fraction = numbers.sample(0.25, 1);
        Dataset<Long> sized = numbers.sampleSize(5000, 1);
        Dataset<Long> counted = numbers.count();
        Dataset<Long> reduced = numbers.reduce(Long::sum);
        for (Dataset<?> dataset : List.of(limited, top, fraction, sized, counted, reduced)) {
            dataset.collect();
        }
        Estimates estimates = estimate();
        assertExact(estimates.of(limited.operator()).rows(), 10);
        assertExact(estimates.of(top.operator()).rows(), 3);
        assertExact(estimates.of(fraction.operator()).rows(), 250);
        assertExact(estimates.of(sized.operator()).rows(), 1000);
        assertExact(estimates.of(counted.operator()).rows(), 1);
        assertExact(estimates.of(reduced.operator()).rows(), 1);
    }

    @Test
    void reduceOfAPossiblyEmptyInputIsZeroOrOne() {
        Dataset<Long> reduced = pipeline.generate(10, 0).filter(v -> v > 100, Hints.selectivity(0, 0.5)).reduce(Long::sum);
        reduced.collect();
        Cardinality rows = estimate().of(reduced.operator()).rows();
        assertThat(rows.lower()).isZero();
        assertThat(rows.upper()).isEqualTo(1);
    }

    @Test
    void distinctUsesDistinctCountsWhenKnown() {
        Dataset<String> words = pipeline.fromCollection(List.of("a", "b", "a", "a", "c"), String.class);
        Dataset<String> unique = words.distinct();
        Dataset<String> mappedUnique = words.map(String::toUpperCase, String.class).distinct();
        unique.collect();
        mappedUnique.collect();
        Estimates estimates = estimate();
        assertInterval(estimates.of(unique.operator()).rows(), 3, 3, CardinalityEstimator.KNOWN_DISTINCT_CONFIDENCE);
        assertInterval(estimates.of(mappedUnique.operator()).rows(), 1, 5, 0.3);
    }

    @Test
    void aggregatesUseKeyDistinctCounts() {
        Dataset<Row> lineitem = pipeline.readTpch("lineitem", 1);
        Dataset<Row> byFlags = lineitem.groupBy("l_returnflag", "l_linestatus").aggregate(sum("l_quantity").as("q"));
        Dataset<Row> global = lineitem.aggregate(count().as("n"));
        Dataset<Row> byComment = lineitem.groupBy("l_comment").count();
        for (Dataset<?> dataset : List.of(byFlags, global, byComment)) {
            dataset.collect();
        }
        Estimates estimates = estimate();
        assertInterval(estimates.of(byFlags.operator()).rows(), 3, 6, CardinalityEstimator.KNOWN_DISTINCT_CONFIDENCE);
        assertThat(estimates.of(byFlags.operator()).distinctCounts()).containsEntry("l_returnflag", 3.0);
        assertExact(estimates.of(global.operator()).rows(), 1);
        Cardinality lines = estimates.of(lineitem.operator()).rows();
        assertInterval(estimates.of(byComment.operator()).rows(), 1, lines.upper() * 0.5, 0.2);
    }

    @Test
    void reduceByKeyUsesTheGroupingDefault() {
        Dataset<Long> numbers = pipeline.generate(1000, 0);
        Dataset<Long> reduced = numbers.reduceByKey(v -> v % 7, Long::sum);
        reduced.collect();
        assertInterval(estimate().of(reduced.operator()).rows(), 1, 500, 0.2);
    }

    @Test
    void joinOfASmallCollectionAndLineitemUsesKeyDistinctCounts() {
        Schema schema = new Schema(List.of(DataTypes.field("orderkey", DataTypes.INT64, false)));
        List<Row> keys = LongStream.range(1, 101).mapToObj(k -> Row.of(schema, k)).toList();
        Dataset<Row> small = pipeline.fromRows(keys, schema);
        Dataset<Row> lineitem = pipeline.readTpch("lineitem", 1);
        Dataset<Row> joined = small.join(lineitem, JoinKeys.on("orderkey", "l_orderkey"));
        joined.collect();
        Estimates estimates = estimate();
        Cardinality lines = estimates.of(lineitem.operator()).rows();
        Estimate estimate = estimates.of(joined.operator());
        // 100 x ~6M / max(100, 1.5M): about 4 lines per order
        assertInterval(estimate.rows(), 100 * lines.lower() / 1_500_000, 100 * lines.upper() / 1_500_000,
                Math.min(lines.confidence(), CardinalityEstimator.KNOWN_DISTINCT_CONFIDENCE));
        assertThat(estimate.distinctCounts()).containsEntry("orderkey", 100.0).containsEntry("l_orderkey", 100.0);
        assertThat(estimate.bytesPerRow()).isGreaterThan(estimates.of(lineitem.operator()).bytesPerRow());
    }

    @Test
    void joinWithoutDistinctCountsUsesTheWideDefault() {
        Dataset<Long> left = pipeline.generate(100, 0).map(v -> v, Long.class);
        Dataset<Item> right = pipeline.fromCollection(IntStream.range(0, 1000).mapToObj(i -> new Item(i, "x")).toList(), Item.class)
                .map(item -> item, Item.class);
        Dataset<Row> joined = left.join(right, JoinKeys.on("value", "id"));
        Dataset<Long> semi = left.semiJoin(right, JoinKeys.on("value", "id"));
        Dataset<Long> anti = left.antiJoin(right, JoinKeys.on("value", "id"));
        Dataset<Row> leftOuter = left.join(right, dev.weft.api.plan.JoinType.LEFT, JoinKeys.on("value", "id"));
        for (Dataset<?> dataset : List.of(joined, semi, anti, leftOuter)) {
            dataset.collect();
        }
        Estimates estimates = estimate();
        assertInterval(estimates.of(joined.operator()).rows(), 10, 2000, 0.2);
        assertInterval(estimates.of(semi.operator()).rows(), 10, 100, 0.2);
        assertInterval(estimates.of(anti.operator()).rows(), 0, 100, 0.2);
        Cardinality leftRows = estimates.of(leftOuter.operator()).rows();
        assertThat(leftRows.lower()).isEqualTo(100);
        assertThat(leftRows.upper()).isEqualTo(2000);
    }

    @Test
    void compositeKeyJoinSpansCompositeAndSingleKeyEstimates() {
        Dataset<Row> lineitem = pipeline.readTpch("lineitem", 1);
        Dataset<Row> partsupp = pipeline.readTpch("partsupp", 1);
        Dataset<Row> joined = lineitem.join(partsupp, JoinKeys.on("l_partkey", "ps_partkey").and("l_suppkey", "ps_suppkey"));
        joined.collect();
        Cardinality rows = estimate().of(joined.operator()).rows();
        // the true answer is every lineitem row (about 6M)
        assertThat(rows.lower()).isLessThanOrEqualTo(6_001_215);
        assertThat(rows.upper()).isGreaterThanOrEqualTo(6_001_215);
        assertThat(rows.confidence()).isEqualTo(CardinalityEstimator.PARTIAL_DISTINCT_CONFIDENCE);
    }

    @Test
    void semiJoinWithKnownDistinctCounts() {
        Dataset<Row> customer = pipeline.readTpch("customer", 1);
        Dataset<Row> orders = pipeline.readTpch("orders", 1);
        Dataset<Row> withOrders = customer.semiJoin(orders, JoinKeys.on("c_custkey", "o_custkey"));
        Dataset<Row> withoutOrders = customer.antiJoin(orders, JoinKeys.on("c_custkey", "o_custkey"));
        withOrders.collect();
        withoutOrders.collect();
        Estimates estimates = estimate();
        Cardinality semi = estimates.of(withOrders.operator()).rows();
        Cardinality anti = estimates.of(withoutOrders.operator()).rows();
        assertThat(semi.lower()).isLessThanOrEqualTo(100_000);
        assertThat(semi.upper()).isGreaterThanOrEqualTo(100_000);
        assertThat(anti.lower()).isLessThanOrEqualTo(50_000);
        assertThat(anti.upper()).isGreaterThanOrEqualTo(50_000);
    }

    @Test
    void setOperations() {
        Dataset<Long> a = pipeline.generate(100, 0);
        Dataset<Long> b = pipeline.generate(30, 0);
        Dataset<Long> union = a.union(b);
        Dataset<Long> intersect = a.intersect(b);
        Dataset<Row> product = a.cartesian(b.select(col("value").as("other")));
        Dataset<String> coGrouped = a.coGroup(b, v -> v, v -> v, (Long k, Iterable<Long> l, Iterable<Long> r,
                dev.weft.api.function.Emitter<String> out) -> out.emit("x"), String.class);
        for (Dataset<?> dataset : List.of(union, intersect, product, coGrouped)) {
            dataset.collect();
        }
        Estimates estimates = estimate();
        assertExact(estimates.of(union.operator()).rows(), 130);
        assertInterval(estimates.of(intersect.operator()).rows(), 0, 30, 0.3);
        assertExact(estimates.of(product.operator()).rows(), 3000);
        assertInterval(estimates.of(coGrouped.operator()).rows(), 0, 130, 0.2);
    }

    @Test
    void projectKeepsDistinctCountsOfRenamedColumns() {
        Dataset<Row> orders = pipeline.readTpch("orders", 1);
        Dataset<Row> projected = orders.select(col("o_custkey").as("customer"), col("o_orderkey"),
                col("o_totalprice").times(2).as("double_price"));
        projected.collect();
        Estimate estimate = estimate().of(projected.operator());
        assertExact(estimate.rows(), 1_500_000);
        assertThat(estimate.distinctCounts()).isEqualTo(Map.of("customer", 100_000.0, "o_orderkey", 1_500_000.0));
        assertThat(estimate.bytesPerRow()).isEqualTo(24.0);
    }

    @Test
    void loopBodiesAreEstimatedWithTheLoopInput() {
        Dataset<Long> numbers = pipeline.generate(500, 0);
        Dataset<Long> repeated = numbers.repeat(3, d -> d.map(v -> v + 1, Long.class));
        Dataset<Long> looped = numbers.doWhile(d -> d.filter(v -> v > 0, Hints.selectivity(0.5, 1)), (i, result) -> i < 2, 5);
        repeated.collect();
        looped.collect();
        Plan plan = pipeline.plan();
        Estimates estimates = estimator.estimate(plan);
        RepeatOperator repeat = (RepeatOperator) repeated.operator();
        assertExact(estimates.of(repeat.body().start()).rows(), 500);
        assertExact(estimates.of(repeat.body().result()).rows(), 500);
        assertExact(estimates.of(repeated.operator()).rows(), 500);
        assertInterval(estimates.of(looped.operator()).rows(), 250, 500, CardinalityEstimator.HINT_CONFIDENCE);
        // every operator of the plan and of both bodies (a loop input and one operator each)
        assertThat(estimates.size()).isEqualTo(plan.operators().size() + 4);
    }

    @Test
    void unboundedRatesFlowThroughAndWindowsTurnThemIntoGroupsPerSecond() {
        Dataset<Long> stream = pipeline.generateUnbounded(1000);
        Dataset<Event> events = stream.map(v -> new Event(Instant.ofEpochMilli(v), v % 10), Event.class)
                .withWatermark("time", Duration.ofSeconds(1));
        Dataset<Event> kept = events.filter(e -> e.key() > 2, Hints.selectivity(0.7, 0.7));
        Dataset<Row> perWindow = kept.groupBy(new String[0]).window(Window.tumbling(Duration.ofSeconds(10))).aggregate(count().as("n"));
        Dataset<Row> perKey = kept.groupBy("key").window(Window.sliding(Duration.ofSeconds(10), Duration.ofSeconds(5))).count();
        perWindow.forEach(r -> { });
        perKey.forEach(r -> { });
        Estimates estimates = estimate();
        assertThat(estimates.of(events.operator()).rows()).isEqualTo(Cardinality.rate(1000, 1000, 1));
        Cardinality keptRows = estimates.of(kept.operator()).rows();
        assertThat(keptRows.perSecond()).isTrue();
        assertThat(keptRows.upper()).isCloseTo(700, within(1e-9));
        Cardinality windows = estimates.of(perWindow.operator()).rows();
        assertThat(windows.perSecond()).isTrue();
        assertThat(windows.lower()).isCloseTo(0.1, within(1e-12)); // one row per 10 s window
        assertThat(windows.upper()).isCloseTo(0.1, within(1e-12));
        Cardinality keyed = estimates.of(perKey.operator()).rows();
        assertThat(keyed.perSecond()).isTrue();
        assertThat(keyed.lower()).isCloseTo(1 / 5.0, within(1e-12));
        assertThat(keyed.upper()).isCloseTo(7000 * 0.5 / 5, within(1e-9));
    }

    @Test
    void sinksCarryTheirInputsEstimate() {
        Dataset<Long> numbers = pipeline.generate(42, 0);
        numbers.collect();
        Plan plan = pipeline.plan();
        Estimates estimates = estimator.estimate(plan);
        LogicalOperator sink = plan.sinks().get(0);
        assertThat(estimates.of(sink)).isEqualTo(estimates.of(numbers.operator()));
    }

    @Test
    void longPlansAreEstimatedInOnePass() {
        Dataset<Long> current = pipeline.generate(1_000_000, 0);
        List<Dataset<Long>> branches = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            current = i % 2 == 0 ? current.map(v -> v + 1, Long.class) : current.filter(v -> v > 0, Hints.selectivity(0.9, 1));
            if (i % 50 == 0) {
                branches.add(current);
            }
        }
        Dataset<Long> all = current;
        for (Dataset<Long> branch : branches) {
            all = all.union(branch);
        }
        all.collect();
        Plan plan = pipeline.plan();
        Estimates estimates = estimator.estimate(plan);
        assertThat(estimates.size()).isEqualTo(plan.operators().size());
        Cardinality rows = estimates.of(all.operator()).rows();
        assertThat(rows.upper()).isEqualTo(5_000_000);
        assertThat(rows.lower()).isGreaterThan(0);
    }
}
