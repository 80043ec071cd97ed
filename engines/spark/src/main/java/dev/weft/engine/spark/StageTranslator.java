package dev.weft.engine.spark;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.plan.AggregateOperator;
import dev.weft.api.plan.CartesianOperator;
import dev.weft.api.plan.CoGroupOperator;
import dev.weft.api.plan.CollectSink;
import dev.weft.api.plan.CollectionSource;
import dev.weft.api.plan.CountOperator;
import dev.weft.api.plan.CsvFileSink;
import dev.weft.api.plan.CsvFileSource;
import dev.weft.api.plan.DistinctOperator;
import dev.weft.api.plan.DoWhileOperator;
import dev.weft.api.plan.LoopBody;
import dev.weft.api.plan.Plan;
import dev.weft.api.plan.RepeatOperator;
import dev.weft.api.function.LoopCondition;
import dev.weft.kernels.rows.RowCodec;
import dev.weft.api.plan.FilterOperator;
import dev.weft.api.plan.FlatMapOperator;
import dev.weft.api.plan.GeneratorSource;
import dev.weft.api.plan.IntersectOperator;
import dev.weft.api.plan.JoinOperator;
import dev.weft.api.plan.LimitOperator;
import dev.weft.api.plan.LogicalOperator;
import dev.weft.api.plan.MapOperator;
import dev.weft.api.plan.MapPartitionsOperator;
import dev.weft.api.plan.ProjectOperator;
import dev.weft.api.plan.ReduceByKeyOperator;
import dev.weft.api.plan.ReduceOperator;
import dev.weft.api.plan.SampleOperator;
import dev.weft.api.plan.SinkOperator;
import dev.weft.api.plan.SortOperator;
import dev.weft.api.plan.StageInputSource;
import dev.weft.api.plan.StageOutputSink;
import dev.weft.api.plan.TextFileSink;
import dev.weft.api.plan.TextFileSource;
import dev.weft.api.plan.TopKOperator;
import dev.weft.api.plan.TpchSource;
import dev.weft.api.plan.UnionOperator;
import dev.weft.api.plan.WatermarkOperator;
import dev.weft.api.plan.ZipWithIdOperator;
import dev.weft.host.spi.HostStage;
import dev.weft.kernels.rows.RowAggregation;
import dev.weft.kernels.rows.RowCoGroup;
import dev.weft.kernels.rows.RowFilter;
import dev.weft.kernels.rows.RowJoin;
import dev.weft.kernels.rows.RowKey;
import dev.weft.kernels.rows.RowLambdas;
import dev.weft.kernels.rows.RowOrdering;
import dev.weft.kernels.rows.RowProjection;
import dev.weft.kernels.rows.RowReduce;
import dev.weft.kernels.rows.RowTransform;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;
import scala.Tuple2;

/**
 * One stage as Spark RDDs of {@code Object[]} rows, built with the row kernels ({@code dev.weft.kernels.rows}) so
 * that every operator computes what the Java engine computes. Operators are translated in topological order; an
 * operator with several consumers is persisted (memory and disk) so that no source is read twice, and unpersisted when
 * the stage ends. Every sink is one Spark job, run in the order of the stage's sinks.
 *
 * <p>Order: wherever the Java engine keeps an order (sort, top-k, limit after sort, zip-with-id, collect, file
 * sinks), the RDD keeps it too: sorts are stable (ties broken by the input position), narrow transformations and
 * {@code coalesce} (without shuffle) keep the order of partitions and of rows within them.
 */
final class StageTranslator {
    private final JavaSparkContext spark;
    private final HostStage stage;
    private final int parallelism;
    private final int batchSize;
    private final Map<LogicalOperator, JavaRDD<Object[]>> rdds = new IdentityHashMap<>();
    private final Map<LogicalOperator, Integer> consumers = new IdentityHashMap<>();
    private final Map<LogicalOperator, LongAccumulator> counters = new IdentityHashMap<>();
    private final List<JavaRDD<Object[]>> persisted = new ArrayList<>();

    StageTranslator(JavaSparkContext spark, HostStage stage) {
        this.spark = spark;
        this.stage = stage;
        this.parallelism = stage.settings().parallelism();
        this.batchSize = stage.settings().batchSize();
    }

    /** Translates the stage and runs one Spark job per sink. */
    void run() {
        List<LogicalOperator> operators = stage.stage().operators();
        for (LogicalOperator operator : operators) {
            for (LogicalOperator input : operator.inputs()) {
                consumers.merge(input, 1, Integer::sum);
            }
        }
        for (LogicalOperator operator : operators) {
            if (operator instanceof SinkOperator) {
                continue;
            }
            JavaRDD<Object[]> rdd = counted(operator, translate(operator));
            if (consumers.getOrDefault(operator, 0) > 1) {
                rdd = rdd.persist(StorageLevel.MEMORY_AND_DISK());
                persisted.add(rdd);
            }
            rdds.put(operator, rdd);
        }
        for (SinkOperator sink : stage.stage().sinks()) {
            checkCancelled();
            write(sink, rdds.get(sink.input()));
        }
    }

    /** Rows counted per operator (bytes are not known row by row: 0). */
    void reportMetrics() {
        counters.forEach((operator, counter) -> stage.addMetrics(operator.id(), counter.value(), 0L));
    }

    void release() {
        for (JavaRDD<Object[]> rdd : persisted) {
            rdd.unpersist(false);
        }
        persisted.clear();
    }

    private JavaRDD<Object[]> input(LogicalOperator operator, int index) {
        return rdds.get(operator.inputs().get(index));
    }

    private JavaRDD<Object[]> translate(LogicalOperator operator) {
        if (operator instanceof CollectionSource source) {
            return RowSources.collection(spark, source, parallelism);
        }
        if (operator instanceof TextFileSource source) {
            return RowSources.text(spark, source, parallelism, batchSize);
        }
        if (operator instanceof CsvFileSource source) {
            return RowSources.csv(spark, source, batchSize);
        }
        if (operator instanceof GeneratorSource source) {
            return RowSources.generator(spark, source, parallelism);
        }
        if (operator instanceof TpchSource source) {
            return RowSources.tpch(spark, source, parallelism, batchSize);
        }
        if (operator instanceof StageInputSource source) {
            return RowSources.remote(spark, stage.input(source));
        }
        if (operator instanceof FilterOperator filter) {
            return transform(input(operator, 0), RowFilter.of(filter));
        }
        if (operator instanceof ProjectOperator project) {
            return transform(input(operator, 0), RowProjection.of(project));
        }
        if (operator instanceof MapOperator map) {
            return transform(input(operator, 0), RowLambdas.map(map));
        }
        if (operator instanceof FlatMapOperator flatMap) {
            return transform(input(operator, 0), RowLambdas.flatMap(flatMap));
        }
        if (operator instanceof MapPartitionsOperator mapPartitions) {
            return transform(input(operator, 0), RowLambdas.mapPartitions(mapPartitions));
        }
        if (operator instanceof WatermarkOperator) {
            return input(operator, 0);  // event time only matters to unbounded inputs, which Spark does not take
        }
        if (operator instanceof DistinctOperator distinct) {
            return aggregate(input(operator, 0), RowAggregation.of(distinct), false);
        }
        if (operator instanceof SortOperator sort) {
            return RddSorts.sort(input(operator, 0), RowOrdering.of(sort.keys(), sort.input().schema()), parallelism);
        }
        if (operator instanceof TopKOperator topK) {
            return RddSorts.topK(input(operator, 0), RowOrdering.of(topK.keys(), topK.input().schema()), topK.k());
        }
        if (operator instanceof LimitOperator limit) {
            return RddSorts.limit(input(operator, 0), limit.limit());
        }
        if (operator instanceof CountOperator) {
            return count(input(operator, 0));
        }
        if (operator instanceof ReduceOperator reduce) {
            return reduce(input(operator, 0), RowReduce.of(reduce));
        }
        if (operator instanceof ReduceByKeyOperator reduceByKey) {
            return reduceByKey(input(operator, 0), RowReduce.of(reduceByKey));
        }
        if (operator instanceof AggregateOperator aggregate && aggregate.window().isPresent()) {
            return aggregate(transform(input(operator, 0), WindowedRows.assign(aggregate)),
                    RowAggregation.of(WindowedRows.regrouped(aggregate)), false);
        }
        if (operator instanceof AggregateOperator aggregate) {
            return aggregate(input(operator, 0), RowAggregation.of(aggregate), aggregate.groupKeys().isEmpty());
        }
        if (operator instanceof SampleOperator sample) {
            return RddSamples.sample(input(operator, 0), sample.spec());
        }
        if (operator instanceof ZipWithIdOperator) {
            return input(operator, 0).zipWithIndex().map(StageTranslator::prependId);
        }
        if (operator instanceof UnionOperator) {
            JavaRDD<Object[]> union = input(operator, 0);
            for (int i = 1; i < operator.inputs().size(); i++) {
                union = union.union(input(operator, i));
            }
            return union;
        }
        if (operator instanceof IntersectOperator) {
            return intersect(input(operator, 0), input(operator, 1));
        }
        if (operator instanceof CartesianOperator) {
            return input(operator, 0).cartesian(input(operator, 1)).map(pair -> concat(pair._1, pair._2));
        }
        if (operator instanceof JoinOperator join) {
            return join(input(operator, 0), input(operator, 1), RowJoin.of(join));
        }
        if (operator instanceof CoGroupOperator coGroup) {
            return coGroup(input(operator, 0), input(operator, 1), RowCoGroup.of(coGroup));
        }
        if (operator instanceof RepeatOperator repeat) {
            return loop(repeat, repeat.body(), repeat.times(), null);
        }
        if (operator instanceof DoWhileOperator doWhile) {
            return loop(doWhile, doWhile.body(), doWhile.maxIterations(), doWhile);
        }
        throw new WeftException(ErrorCode.UNSUPPORTED_OPERATION,
                "%s: the Spark engine does not run %s operators; let the optimizer place it on another engine (it is not in Spark's capabilities)"
                        .formatted(operator.info().describe(), operator.kind()));
    }

    /**
     * A loop as the Java engine runs it: the body is translated once per iteration over the previous iteration's
     * result, which is persisted and computed before the next one starts (so lineage does not grow); a do-while's
     * condition sees the whole result of each iteration, collected to the host as the Java engine collects it.
     */
    @SuppressWarnings("unchecked")
    private JavaRDD<Object[]> loop(LogicalOperator operator, LoopBody body, int iterations, DoWhileOperator doWhile) {
        List<LogicalOperator> bodyOperators = Plan.topologicalOrder(List.of(body.result()));
        JavaRDD<Object[]> start = kept(input(operator, 0));
        JavaRDD<Object[]> current = start;
        for (int iteration = 1; iteration <= iterations; iteration++) {
            checkCancelled();
            rdds.put(body.start(), current);
            List<LogicalOperator> added = new ArrayList<>();
            for (LogicalOperator inner : bodyOperators) {
                if (!rdds.containsKey(inner)) {  // operators outside the loop that the body reads are translated once
                    rdds.put(inner, translate(inner));
                    added.add(inner);
                }
            }
            JavaRDD<Object[]> next = rdds.get(body.result()) == current ? current : kept(rdds.get(body.result()));
            added.forEach(rdds::remove);
            rdds.remove(body.start());
            if (next != current && current != start) {  // the loop's input may have other consumers
                current.unpersist(false);
                persisted.remove(current);
            }
            current = next;
            if (doWhile != null) {
                RowCodec codec = RowCodec.of(operator.output().elementType());
                List<Object> result = new ArrayList<>();
                for (Object[] row : current.collect()) {
                    result.add(codec.fromRow(row));
                }
                boolean more;
                try {
                    more = ((LoopCondition<Object>) doWhile.condition().function()).continueLoop(iteration, result);
                } catch (Exception e) {
                    throw new WeftException(ErrorCode.USER_FUNCTION_FAILED, "%s failed on the loop condition after iteration %d: %s"
                            .formatted(operator.info().describe(), iteration, e), e);
                }
                if (!more) {
                    break;
                }
            }
        }
        return current;
    }

    /** Persisted and computed now. */
    private JavaRDD<Object[]> kept(JavaRDD<Object[]> rdd) {
        JavaRDD<Object[]> kept = rdd.persist(StorageLevel.MEMORY_AND_DISK());
        persisted.add(kept);
        kept.foreachPartition(partition -> {
            while (partition.hasNext()) {
                partition.next();
            }
        });
        return kept;
    }

    private void write(SinkOperator sink, JavaRDD<Object[]> rows) {
        if (sink instanceof CollectSink collect) {
            RowSinks.collect(materializedForOrder(rows), stage.collect(collect), batchSize);
        } else if (sink instanceof StageOutputSink output) {
            RowSinks.toStream(rows, stage.output(output), batchSize);
        } else if (sink instanceof TextFileSink text) {
            RowSinks.text(materializedForOrder(rows), text.path(), text.input().schema(), batchSize);
        } else if (sink instanceof CsvFileSink csv) {
            RowSinks.csv(materializedForOrder(rows), csv.path(), csv.format(), csv.input().schema(), batchSize);
        } else {
            throw new WeftException(ErrorCode.UNSUPPORTED_OPERATION,
                    "%s: the Spark engine does not run %s sinks (they call back into the driver); let the optimizer place it on the Java engine"
                            .formatted(sink.info().describe(), sink.kind()));
        }
    }

    /**
     * A sink that needs one ordered stream (collect, files) reads the RDD with one task; so that the work before it
     * still runs in parallel, an RDD of several partitions is computed and kept first.
     */
    private JavaRDD<Object[]> materializedForOrder(JavaRDD<Object[]> rows) {
        if (rows.getNumPartitions() <= 1 || persisted.contains(rows)) {
            return rows;
        }
        return kept(rows);
    }

    private JavaRDD<Object[]> counted(LogicalOperator operator, JavaRDD<Object[]> rdd) {
        LongAccumulator counter = spark.sc().longAccumulator("rows of #" + operator.id());
        counters.put(operator, counter);
        return rdd.mapPartitions(rows -> {
            CountingIterator counting = new CountingIterator(rows);
            org.apache.spark.TaskContext task = org.apache.spark.TaskContext.get();
            if (task != null) {
                task.addTaskCompletionListener((org.apache.spark.util.TaskCompletionListener) context -> counter.add(counting.count));
            }
            return counting;
        }, true);
    }

    private static JavaRDD<Object[]> transform(JavaRDD<Object[]> input, RowTransform transform) {
        return input.mapPartitions(transform::apply, true);
    }

    private static JavaRDD<Object[]> count(JavaRDD<Object[]> input) {
        JavaRDD<Long> counts = input.mapPartitions(rows -> {
            long count = 0;
            while (rows.hasNext()) {
                rows.next();
                count++;
            }
            return List.of(count).iterator();
        });
        return single(counts).mapPartitions(partials -> {
            long total = 0;
            while (partials.hasNext()) {
                total += partials.next();
            }
            return List.<Object[]>of(new Object[] {total}).iterator();
        });
    }

    private static JavaRDD<Object[]> reduce(JavaRDD<Object[]> input, RowReduce reduce) {
        JavaRDD<Object[]> partials = input.mapPartitions(rows -> reduceAll(rows, reduce));
        return single(partials).mapPartitions(rows -> reduceAll(rows, reduce));
    }

    private static Iterator<Object[]> reduceAll(Iterator<Object[]> rows, RowReduce reduce) {
        if (!rows.hasNext()) {
            return java.util.Collections.emptyIterator();
        }
        Object[] result = rows.next();
        while (rows.hasNext()) {
            result = reduce.combine(result, rows.next());
        }
        return List.<Object[]>of(result).iterator();
    }

    private JavaRDD<Object[]> reduceByKey(JavaRDD<Object[]> input, RowReduce reduce) {
        return input.mapToPair(row -> new Tuple2<>(reduce.key(row), row))
                .reduceByKey(reduce::combine, parallelism)
                .values();
    }

    private JavaRDD<Object[]> aggregate(JavaRDD<Object[]> input, RowAggregation aggregation, boolean global) {
        JavaRDD<Object[]> partials = input.mapPartitions(aggregation::partial);
        if (global || aggregation.isGlobal()) {
            return single(partials).mapPartitions(aggregation::finish);
        }
        return partials.mapToPair(partial -> new Tuple2<>(aggregation.key(partial), partial))
                .partitionBy(new HashPartitioner(parallelism))
                .values()
                .mapPartitions(aggregation::finish);
    }

    private JavaRDD<Object[]> intersect(JavaRDD<Object[]> left, JavaRDD<Object[]> right) {
        return left.mapToPair(row -> new Tuple2<>(RowKey.of(row), Boolean.TRUE))
                .cogroup(right.mapToPair(row -> new Tuple2<>(RowKey.of(row), Boolean.TRUE)), parallelism)
                .filter(group -> group._2._1.iterator().hasNext() && group._2._2.iterator().hasNext())
                .map(group -> group._1.values());
    }

    private JavaRDD<Object[]> join(JavaRDD<Object[]> left, JavaRDD<Object[]> right, RowJoin join) {
        return left.mapToPair(row -> new Tuple2<>(join.leftKey(row), row))
                .cogroup(right.mapToPair(row -> new Tuple2<>(join.rightKey(row), row)), parallelism)
                .flatMap(group -> group._1.hasNull()
                        ? join.join(group._2._1, List.of())  // a NULL key matches nothing: left rows stay unmatched
                        : join.join(group._2._1, group._2._2));
    }

    private JavaRDD<Object[]> coGroup(JavaRDD<Object[]> left, JavaRDD<Object[]> right, RowCoGroup coGroup) {
        return left.mapToPair(row -> new Tuple2<>(coGroup.leftKey(row), row))
                .cogroup(right.mapToPair(row -> new Tuple2<>(coGroup.rightKey(row), row)), parallelism)
                .flatMap(group -> coGroup.apply(group._1, group._2._1, group._2._2));
    }

    /** All partitions as one, in order; one (empty) partition if the RDD has none, so that global results exist. */
    private static <T> JavaRDD<T> single(JavaRDD<T> rdd) {
        if (rdd.getNumPartitions() == 1) {
            return rdd;
        }
        if (rdd.getNumPartitions() == 0) {
            return JavaSparkContext.fromSparkContext(rdd.context()).<T>parallelize(List.of(), 1);
        }
        return rdd.coalesce(1);
    }

    private static Object[] prependId(Tuple2<Object[], Long> indexed) {
        Object[] row = indexed._1;
        Object[] result = new Object[row.length + 1];
        result[0] = indexed._2;
        System.arraycopy(row, 0, result, 1, row.length);
        return result;
    }

    private static Object[] concat(Object[] left, Object[] right) {
        Object[] result = new Object[left.length + right.length];
        System.arraycopy(left, 0, result, 0, left.length);
        System.arraycopy(right, 0, result, left.length, right.length);
        return result;
    }

    private void checkCancelled() {
        if (stage.isCancelled()) {
            throw new WeftException(ErrorCode.JOB_CANCELLED, "stage %s was cancelled".formatted(stage.key()));
        }
    }

    /** Counts the rows an operator's partition produces (added to the operator's accumulator when the task ends). */
    private static final class CountingIterator implements Iterator<Object[]> {
        private final Iterator<Object[]> rows;
        private long count;

        CountingIterator(Iterator<Object[]> rows) {
            this.rows = rows;
        }

        @Override
        public boolean hasNext() {
            return rows.hasNext();
        }

        @Override
        public Object[] next() {
            Object[] row = rows.next();
            count++;
            return row;
        }
    }
}
