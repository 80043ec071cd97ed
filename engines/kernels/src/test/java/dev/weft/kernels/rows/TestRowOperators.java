package dev.weft.kernels.rows;

import static dev.weft.api.expr.Expressions.avg;
import static dev.weft.api.expr.Expressions.col;
import static dev.weft.api.expr.Expressions.count;
import static dev.weft.api.expr.Expressions.countDistinct;
import static dev.weft.api.expr.Expressions.sum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.api.Dataset;
import dev.weft.api.ErrorCode;
import dev.weft.api.JoinKeys;
import dev.weft.api.Pipeline;
import dev.weft.api.WeftException;
import dev.weft.api.expr.SortKey;
import dev.weft.api.plan.AggregateOperator;
import dev.weft.api.plan.DistinctOperator;
import dev.weft.api.plan.FilterOperator;
import dev.weft.api.plan.FlatMapOperator;
import dev.weft.api.plan.JoinOperator;
import dev.weft.api.plan.JoinType;
import dev.weft.api.plan.MapOperator;
import dev.weft.api.plan.MapPartitionsOperator;
import dev.weft.api.plan.ProjectOperator;
import dev.weft.api.plan.ReduceByKeyOperator;
import dev.weft.api.plan.ReduceOperator;
import dev.weft.api.plan.SampleOperator;
import dev.weft.api.types.Row;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Row building blocks against the answers the Java engine gives for the same operators. */
class TestRowOperators {
    public record Sale(String region, long amount, Double price) {}

    public record Region(String name, int code) {}

    private BufferAllocator allocator;

    @BeforeEach
    void open() {
        allocator = new RootAllocator(64 << 20);
    }

    @AfterEach
    void close() {
        assertThat(allocator.getAllocatedMemory()).as("leaked Arrow memory").isZero();
        allocator.close();
    }

    private static List<Sale> sales() {
        return List.of(new Sale("north", 10, 1.5), new Sale("south", 20, null), new Sale("north", 5, 2.5),
                new Sale(null, 7, 3.0), new Sale("east", 1, 0.5));
    }

    private static Dataset<Sale> salesData() {
        return Pipeline.create("t").fromCollection(sales(), Sale.class);
    }

    private static List<Object[]> rows(Dataset<Sale> data) {
        RowCodec codec = RowCodec.of(data.elementType());
        return sales().stream().map(codec::toRow).toList();
    }

    private static List<List<Object>> list(Iterator<Object[]> rows) {
        List<List<Object>> result = new ArrayList<>();
        rows.forEachRemaining(row -> result.add(Arrays.asList(row)));
        return result;
    }

    @Test
    void codecConvertsRecordsScalarsAndRows() {
        RowCodec codec = RowCodec.of(salesData().elementType());
        Object[] row = codec.toRow(new Sale("x", 3, null));
        assertThat(row).containsExactly("x", 3L, null);
        assertThat(codec.fromRow(row)).isEqualTo(new Sale("x", 3, null));
        RowCodec scalar = RowCodec.of(dev.weft.api.types.ElementType.of(String.class));
        assertThat(scalar.toRow("a")).containsExactly("a");
        assertThat(scalar.fromRow(new Object[] {"a"})).isEqualTo("a");
        RowCodec rows = RowCodec.rows(salesData().schema());
        assertThat(((Row) rows.fromRow(row)).getString("region")).isEqualTo("x");
        assertThatThrownBy(() -> codec.toRow("not a sale"))
                .isInstanceOfSatisfying(WeftException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.WRONG_OUTPUT_TYPE));
    }

    @Test
    void batchesRoundTrip() {
        Dataset<Sale> data = salesData();
        Iterator<Object[]> back = RowBatches.rows(RowBatches.batches(rows(data).iterator(), data.schema(), 2, allocator));
        assertThat(list(back)).isEqualTo(list(rows(data).iterator()));
    }

    @Test
    void declarativeFilterDropsNullsAndLambdaFilterTestsElements() {
        Dataset<Sale> data = salesData();
        FilterOperator declarative = (FilterOperator) data.filter(col("price").gt(1.0)).operator();
        assertThat(list(RowFilter.of(declarative).apply(rows(data).iterator(), allocator)))
                .extracting(row -> row.get(1)).containsExactly(10L, 5L, 7L);
        FilterOperator lambda = (FilterOperator) data.filter(sale -> sale.amount() > 6).operator();
        assertThat(list(RowFilter.of(lambda).apply(rows(data).iterator(), allocator)))
                .extracting(row -> row.get(1)).containsExactly(10L, 20L, 7L);
        FilterOperator failing = (FilterOperator) data.filter(sale -> sale.region().isEmpty()).operator();
        assertThatThrownBy(() -> list(RowFilter.of(failing).apply(rows(data).iterator(), allocator)))
                .isInstanceOfSatisfying(WeftException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(ErrorCode.USER_FUNCTION_FAILED);
                    assertThat(e.getMessage()).contains(failing.info().describe()).contains("NullPointerException");
                });
    }

    @Test
    void projectionEvaluatesExpressions() {
        Dataset<Sale> data = salesData();
        ProjectOperator project = (ProjectOperator) data.select(col("region"), col("amount").times(2).as("double")).operator();
        RowProjection projection = RowProjection.of(project);
        assertThat(projection.outputSchema().getFields()).extracting(f -> f.getName()).containsExactly("region", "double");
        assertThat(list(projection.apply(rows(data).iterator(), allocator))).containsExactly(
                List.of("north", 20L), List.of("south", 40L), List.of("north", 10L), Arrays.asList(null, 14L), List.of("east", 2L));
    }

    @Test
    void lambdasMapFlatMapAndMapPartitions() {
        Dataset<Sale> data = salesData();
        MapOperator map = (MapOperator) data.map(Sale::amount, Long.class).operator();
        assertThat(list(RowLambdas.map(map).apply(rows(data).iterator()))).extracting(row -> row.get(0)).containsExactly(10L, 20L, 5L, 7L, 1L);
        FlatMapOperator flatMap = (FlatMapOperator) data.flatMap((Sale sale, dev.weft.api.function.Emitter<String> out) -> {
            if (sale.region() != null) {
                out.emit(sale.region());
                out.emit(sale.region());
            }
        }, String.class).operator();
        assertThat(list(RowLambdas.flatMap(flatMap).apply(rows(data).iterator()))).hasSize(8);
        MapPartitionsOperator partitions = (MapPartitionsOperator) data.mapPartitions(elements -> {
            long total = 0;
            while (elements.hasNext()) {
                total += elements.next().amount();
            }
            return List.of(total).iterator();
        }, Long.class).operator();
        assertThat(list(RowLambdas.mapPartitions(partitions).apply(rows(data).iterator()))).containsExactly(List.of(43L));
        @SuppressWarnings({"unchecked", "rawtypes"})
        MapOperator wrong = (MapOperator) data.map(sale -> (Long) (Object) sale.region(), Long.class).operator();
        assertThatThrownBy(() -> list(RowLambdas.map(wrong).apply(rows(data).iterator())))
                .isInstanceOf(WeftException.class);
    }

    @Test
    void groupedAggregationInTwoPhasesMatchesSingleComputation() {
        Dataset<Sale> data = salesData();
        AggregateOperator aggregate = (AggregateOperator) data.groupBy("region")
                .aggregate(sum("amount").as("total"), count().as("n"), avg(col("price")).as("mean")).operator();
        RowAggregation aggregation = RowAggregation.of(aggregate);
        List<Object[]> input = rows(data);
        // two input partitions, partials shuffled by key into one finish call per key
        Map<RowKey, List<Object[]>> shuffled = new LinkedHashMap<>();
        for (List<Object[]> partition : List.of(input.subList(0, 2), input.subList(2, input.size()))) {
            aggregation.partial(partition.iterator(), allocator)
                    .forEachRemaining(p -> shuffled.computeIfAbsent(aggregation.key(p), k -> new ArrayList<>()).add(p));
        }
        List<List<Object>> results = new ArrayList<>();
        shuffled.values().forEach(partials -> results.addAll(list(aggregation.finish(partials.iterator(), allocator))));
        assertThat(aggregation.outputSchema().getFields()).extracting(f -> f.getName()).containsExactly("region", "total", "n", "mean");
        assertThat(results).containsExactlyInAnyOrder(
                List.of("north", 15L, 2L, 2.0), Arrays.asList("south", 20L, 1L, null), Arrays.asList(null, 7L, 1L, 3.0),
                List.of("east", 1L, 1L, 0.5));
    }

    @Test
    void globalAggregationGivesOneRowOnEmptyInput() {
        Dataset<Sale> data = salesData();
        AggregateOperator aggregate = (AggregateOperator) data.aggregate(sum("amount").as("total"), count().as("n")).operator();
        RowAggregation aggregation = RowAggregation.of(aggregate);
        assertThat(aggregation.isGlobal()).isTrue();
        assertThat(list(aggregation.finish(Collections.emptyIterator(), allocator))).containsExactly(Arrays.asList(null, 0L));
        List<Object[]> partials = new ArrayList<>();
        aggregation.partial(rows(data).iterator(), allocator).forEachRemaining(partials::add);
        assertThat(list(aggregation.finish(partials.iterator(), allocator))).containsExactly(List.of(43L, 5L));
    }

    @Test
    void distinctAggregatesAndDistinctRows() {
        Dataset<Sale> data = salesData();
        AggregateOperator aggregate = (AggregateOperator) data.aggregate(countDistinct(col("region")).as("regions")).operator();
        RowAggregation aggregation = RowAggregation.of(aggregate);
        assertThat(list(aggregation.finish(aggregation.partial(rows(data).iterator(), allocator), allocator))).containsExactly(List.of(3L));
        Dataset<Sale> doubled = Pipeline.create().fromCollection(
                List.of(new Sale("a", 1, null), new Sale("a", 1, null), new Sale(null, 2, 1.0)), Sale.class);
        RowAggregation distinct = RowAggregation.of((DistinctOperator) doubled.distinct().operator());
        RowCodec codec = RowCodec.of(doubled.elementType());
        List<Object[]> input = List.<Object[]>of(codec.toRow(new Sale("a", 1, null)), codec.toRow(new Sale("a", 1, null)), codec.toRow(new Sale(null, 2, 1.0)));
        assertThat(list(distinct.finish(distinct.partial(input.iterator(), allocator), allocator)))
                .containsExactlyInAnyOrder(Arrays.asList("a", 1L, null), Arrays.asList(null, 2L, 1.0));
        assertThat(list(RowSets.distinct(input.iterator()))).hasSize(2);
        assertThat(list(RowSets.intersect(input, List.<Object[]>of(codec.toRow(new Sale(null, 2, 1.0)))))).containsExactly(Arrays.asList(null, 2L, 1.0));
    }

    @Test
    void joinsOfEveryTypeWithNullKeysAndMixedKeyTypes() {
        Dataset<Sale> sales = salesData();
        Pipeline pipeline = sales.pipeline();
        Dataset<Region> regions = pipeline.fromCollection(List.of(new Region("north", 1), new Region("north", 2), new Region("west", 3)), Region.class);
        List<Object[]> left = rows(sales);
        RowCodec regionCodec = RowCodec.of(regions.elementType());
        List<Object[]> right = List.<Object[]>of(regionCodec.toRow(new Region("north", 1)), regionCodec.toRow(new Region("north", 2)),
                regionCodec.toRow(new Region("west", 3)));
        Map<JoinType, List<List<Object>>> results = new LinkedHashMap<>();
        for (JoinType type : JoinType.values()) {
            RowJoin join = RowJoin.of((JoinOperator) sales.join(regions, type, JoinKeys.on("region", "name")).operator());
            results.put(type, hashJoin(join, left, right));
        }
        assertThat(results.get(JoinType.INNER)).containsExactlyInAnyOrder(
                List.of("north", 10L, 1.5, "north", 1), List.of("north", 10L, 1.5, "north", 2),
                List.of("north", 5L, 2.5, "north", 1), List.of("north", 5L, 2.5, "north", 2));
        assertThat(results.get(JoinType.LEFT)).hasSize(7).contains(Arrays.asList(null, 7L, 3.0, null, null),
                Arrays.asList("south", 20L, null, null, null));
        assertThat(results.get(JoinType.SEMI)).extracting(row -> row.get(1)).containsExactlyInAnyOrder(10L, 5L);
        assertThat(results.get(JoinType.ANTI)).extracting(row -> row.get(1)).containsExactlyInAnyOrder(20L, 7L, 1L);
        // int key against bigint key: cast to the common type, so 1 matches 1L
        RowJoin mixed = RowJoin.of((JoinOperator) regions.join(sales, JoinKeys.on("code", "amount")).operator());
        assertThat(mixed.leftKey(right.get(0))).isEqualTo(mixed.rightKey(new Object[] {"east", 1L, 0.5}));
    }

    /** Groups both sides by key as an engine's shuffle would, then joins key by key. */
    private static List<List<Object>> hashJoin(RowJoin join, List<Object[]> left, List<Object[]> right) {
        Map<RowKey, List<Object[]>> lefts = new LinkedHashMap<>();
        left.forEach(row -> lefts.computeIfAbsent(join.leftKey(row), k -> new ArrayList<>()).add(row));
        Map<RowKey, List<Object[]>> rights = new LinkedHashMap<>();
        right.forEach(row -> rights.computeIfAbsent(join.rightKey(row), k -> new ArrayList<>()).add(row));
        List<List<Object>> out = new ArrayList<>();
        lefts.forEach((key, rows) -> out.addAll(list(join.join(rows, rights.getOrDefault(key, List.of())))));
        return out;
    }

    @Test
    void orderingFollowsKeysNullsAndDirection() {
        Dataset<Sale> data = salesData();
        List<Object[]> input = new ArrayList<>(rows(data));
        RowOrdering byRegion = RowOrdering.of(List.of(SortKey.ascending(col("region")), col("amount").desc()), data.schema());
        input.sort(byRegion);
        assertThat(input).extracting(row -> row[1]).containsExactly(1L, 10L, 5L, 20L, 7L);
        RowOrdering nullsFirst = RowOrdering.of(List.of(new SortKey(col("price"), true, true)), data.schema());
        input.sort(nullsFirst);
        assertThat(input).extracting(row -> row[1]).containsExactly(20L, 7L, 5L, 10L, 1L);
        RowOrdering computed = RowOrdering.of(List.of(col("amount").times(-1).asc()), data.schema());
        assertThat(computed.hasComputedKeys()).isTrue();
        List<Object[]> extended = new ArrayList<>();
        computed.extend(rows(data).iterator(), allocator).forEachRemaining(extended::add);
        extended.sort(computed.extendedComparator());
        assertThat(extended).extracting(row -> computed.strip(row)[1]).containsExactly(20L, 10L, 7L, 5L, 1L);
        input.sort(computed);
        assertThat(input).extracting(row -> row[1]).containsExactly(20L, 10L, 7L, 5L, 1L);
        assertThat(RowValues.compareCodePoints("\uFFFF", "\uD83D\uDE00")).isNegative();
    }

    @Test
    void reduceAndReduceByKey() {
        Dataset<Sale> data = salesData();
        RowReduce reduce = RowReduce.of((ReduceOperator) data.reduce((a, b) -> new Sale("all", a.amount() + b.amount(), null)).operator());
        assertThat(list(reduce.reduce(rows(data).iterator()))).containsExactly(Arrays.asList("all", 43L, null));
        assertThat(reduce.reduce(Collections.emptyIterator())).isExhausted();
        RowReduce byKey = RowReduce.of((ReduceByKeyOperator) data.reduceByKey(Sale::region,
                (a, b) -> new Sale(a.region(), a.amount() + b.amount(), null)).operator());
        assertThat(list(byKey.reduce(rows(data).iterator()))).extracting(row -> row.get(1)).containsExactly(15L, 20L, 7L, 1L);
        assertThat(byKey.key(rows(data).get(0))).isEqualTo(byKey.key(rows(data).get(2)));
    }

    @Test
    void coGroupSeesBothSidesPerKey() {
        Dataset<Sale> sales = salesData();
        Dataset<Region> regions = sales.pipeline().fromCollection(List.of(new Region("north", 1)), Region.class);
        RowCoGroup coGroup = RowCoGroup.of((dev.weft.api.plan.CoGroupOperator) sales.coGroup(regions, Sale::region, Region::name,
                (String key, Iterable<Sale> left, Iterable<Region> right, dev.weft.api.function.Emitter<String> out) -> {
                    int n = 0;
                    for (Sale ignored : left) {
                        n++;
                    }
                    out.emit(key + ":" + n + ":" + right.iterator().hasNext());
                }, String.class).operator());
        List<Object[]> north = rows(sales).stream().filter(row -> "north".equals(row[0])).toList();
        List<Object[]> region = List.<Object[]>of(RowCodec.of(regions.elementType()).toRow(new Region("north", 1)));
        assertThat(coGroup.leftKey(north.get(0))).isEqualTo(coGroup.rightKey(region.get(0)));
        assertThat(list(coGroup.apply(north, region))).containsExactly(List.of("north:2:true"));
        assertThat(list(coGroup.apply(List.<Object[]>of(), region))).containsExactly(List.of("north:0:true"));
    }

    @Test
    void samplingIsSeededPerPartitionAndZipNumbersInOrder() {
        Dataset<Sale> data = salesData();
        RowSampling fraction = RowSampling.of((SampleOperator) data.sample(0.5, 42).operator());
        List<List<Object>> first = list(fraction.sample(0, rows(data).iterator()));
        assertThat(list(fraction.sample(0, rows(data).iterator()))).isEqualTo(first);
        RowSampling size = RowSampling.of((SampleOperator) data.sampleSize(3, 7).operator());
        List<RowSampling.Candidate> candidates = new ArrayList<>(size.candidates(0, rows(data).subList(0, 2).iterator()));
        candidates.addAll(size.candidates(1, rows(data).subList(2, 5).iterator()));
        List<Object[]> sample = size.select(candidates);
        assertThat(sample).hasSize(3);
        List<Object> amounts = sample.stream().map(row -> row[1]).toList();
        assertThat(amounts).isSortedAccordingTo(Comparator.comparingInt(a -> List.of(10L, 20L, 5L, 7L, 1L).indexOf(a)));
        assertThat(RowZip.offsets(new long[] {2, 0, 3})).containsExactly(0, 2, 2);
        assertThat(list(RowZip.withIds(rows(data).subList(0, 2).iterator(), 5))).extracting(row -> row.get(0)).containsExactly(5L, 6L);
    }
}
