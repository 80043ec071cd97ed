package dev.weft.engine.flink.translate;

import static java.util.Objects.requireNonNull;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.expr.ColumnRef;
import dev.weft.api.expr.Expression;
import dev.weft.api.plan.AggregateOperator;
import dev.weft.api.plan.CoGroupOperator;
import dev.weft.api.plan.CollectSink;
import dev.weft.api.plan.CollectionSource;
import dev.weft.api.plan.CartesianOperator;
import dev.weft.api.plan.CountOperator;
import dev.weft.api.plan.CsvFileSink;
import dev.weft.api.plan.CsvFileSource;
import dev.weft.api.plan.DistinctOperator;
import dev.weft.api.plan.EdgeProperties;
import dev.weft.api.plan.FilterOperator;
import dev.weft.api.plan.FlatMapOperator;
import dev.weft.api.plan.GeneratorSource;
import dev.weft.api.plan.IntersectOperator;
import dev.weft.api.plan.JoinOperator;
import dev.weft.api.plan.LimitOperator;
import dev.weft.api.plan.LogicalOperator;
import dev.weft.api.plan.MapOperator;
import dev.weft.api.plan.MapPartitionsOperator;
import dev.weft.api.plan.Plan;
import dev.weft.api.plan.ProjectOperator;
import dev.weft.api.plan.ReduceByKeyOperator;
import dev.weft.api.plan.ReduceOperator;
import dev.weft.api.plan.RepeatOperator;
import dev.weft.api.plan.SampleOperator;
import dev.weft.api.plan.SortOperator;
import dev.weft.api.plan.StageInputSource;
import dev.weft.api.plan.SinkOperator;
import dev.weft.api.plan.SourceOperator;
import dev.weft.api.plan.StageOutputSink;
import dev.weft.api.plan.TextFileSink;
import dev.weft.api.plan.TextFileSource;
import dev.weft.api.plan.TpchSource;
import dev.weft.api.plan.TopKOperator;
import dev.weft.api.plan.UnionOperator;
import dev.weft.api.plan.WatermarkOperator;
import dev.weft.api.plan.Window;
import dev.weft.api.plan.ZipWithIdOperator;
import dev.weft.api.spi.ExecutionSettings;
import dev.weft.api.spi.Stage;
import dev.weft.api.types.ElementType;
import dev.weft.channels.flight.RemoteStream;
import dev.weft.engine.flink.io.ConnectorReadFunction;
import dev.weft.engine.flink.io.ConnectorRowSink;
import dev.weft.engine.flink.io.ConnectorTaskSettings;
import dev.weft.engine.flink.io.FileRowSink;
import dev.weft.engine.flink.io.HostConnectors;
import dev.weft.engine.flink.io.PartitionReadFunction;
import dev.weft.engine.flink.io.SplitReadFunction;
import dev.weft.engine.flink.io.RemoteStreamSink;
import dev.weft.host.spi.HostStage;
import dev.weft.kernels.io.FileSplit;
import dev.weft.kernels.io.FileSplits;
import dev.weft.kernels.rows.RowAggregation;
import dev.weft.kernels.rows.RowCodec;
import dev.weft.kernels.rows.RowCoGroup;
import dev.weft.kernels.rows.RowJoin;
import dev.weft.kernels.rows.RowKey;
import dev.weft.kernels.rows.RowLambdas;
import dev.weft.kernels.rows.RowOrdering;
import dev.weft.kernels.rows.RowReduce;
import dev.weft.kernels.rows.RowSampling;
import dev.weft.kernels.rows.RowZip;
import dev.weft.kernels.rows.RowSets;
import dev.weft.kernels.rows.RowSink;
import dev.weft.kernels.rows.RowSource;
import dev.weft.kernels.rows.RowSplit;
import dev.weft.kernels.rows.RowTransform;
import dev.weft.kernels.rows.RowFilter;
import dev.weft.kernels.rows.RowProjection;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.Partitioner;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;

/**
 * Translates one stage (its operators in topological order) to a Flink DataStream program over {@code Object[]} rows,
 * the same translation for bounded and unbounded inputs:
 * <ul>
 *   <li>stage inputs: a parallel sequence source with one element per stream partition, each read from Flight inside
 *       the task manager ({@link PartitionReadFunction}); stage outputs and collect sinks: {@link RemoteStreamSink}
 *       with parallelism = partitions (1 for collect, in order);</li>
 *   <li>row-wise operators (filter, project, map, flatMap): the kernels' {@link RowTransform}s on chunks of rows
 *       ({@link BufferedTransformOperator});</li>
 *   <li>aggregations (and windowed ones on bounded inputs): a partial then a final phase, each streaming its input into
 *       a kernels hash aggregator with a memory budget that spills beyond it ({@link AggregatePhaseOperator}), so
 *       neither the input nor the groups must fit the heap; count: a running count per subtask;</li>
 *   <li>other blocking operators on bounded inputs: a subtask's whole input on the heap, at its end
 *       ({@link WholePartitionOperator}: sort, top-k, limit, sample, zipWithId, mapPartitions), Flink 2's keyed
 *       {@code fullWindowPartition().reduce} (reduce, reduceByKey, distinct: one row per key in keyed state), and for
 *       two inputs (join, coGroup, intersect, cartesian) a hash exchange into {@link HashGroupPairOperator} (both
 *       inputs on the heap);</li>
 *   <li>text sources in splits of at most {@value #MAX_TEXT_SPLIT_BYTES} bytes (a task reads a split into rows on the
 *       heap), read one after another by each subtask;</li>
 *   <li>windowed aggregations on unbounded inputs: timestamps and watermarks from the edge's event time, window columns
 *       as the Java engine computes them, pre-aggregation per chunk, then event-time windows keyed by group.</li>
 * </ul>
 */
public final class StageTranslator {
    /** Longest time a row waits in a row-wise operator's chunk on a slow stream. */
    private static final long MAX_CHUNK_DELAY_MILLIS = 100;
    private static final Duration IDLE_SOURCE = Duration.ofSeconds(1);
    /** The least memory budget of one aggregator (a smaller one would spill on every chunk). */
    static final long MIN_AGGREGATOR_BUDGET = 4L << 20;
    /** The largest text split a task reads at once (it holds the split's lines on the heap, ~2.5x its bytes). */
    static final long MAX_TEXT_SPLIT_BYTES = 32L << 20;
    private static final int MAX_TEXT_SPLITS = 4096;

    /** Rows to subtasks by their key's hash (the same in every JVM, see RowKey). */
    private static final Partitioner<RowKey> HASH = (key, partitions) -> Math.floorMod(key.hashCode(), partitions);

    private final StreamExecutionEnvironment environment;
    private final HostStage stage;
    private final ExecutionSettings settings;
    private final int maxParallelism;
    private final HostConnectors connectors;
    private final Map<LogicalOperator, Translated> translated = new IdentityHashMap<>();
    private String counterSuffix = "";

    private StageTranslator(StreamExecutionEnvironment environment, HostStage stage, int maxParallelism, HostConnectors connectors) {
        this.environment = environment;
        this.stage = stage;
        this.settings = stage.settings();
        this.maxParallelism = maxParallelism;
        this.connectors = connectors;
    }

    /** Adds the stage's program to the environment; {@code maxParallelism}: the slots a job may use. */
    public static void translate(StreamExecutionEnvironment environment, HostStage stage, int maxParallelism) {
        translate(environment, stage, maxParallelism, new HostConnectors(List.of(), Map.of()));
    }

    /** As {@link #translate(StreamExecutionEnvironment, HostStage, int)}, with connector sources and sinks. */
    public static void translate(StreamExecutionEnvironment environment, HostStage stage, int maxParallelism, HostConnectors connectors) {
        requireNonNull(environment, "environment is null");
        requireNonNull(stage, "stage is null");
        requireNonNull(connectors, "connectors is null");
        new StageTranslator(environment, stage, maxParallelism, connectors).translateAll(stage.stage());
    }

    private void translateAll(Stage plan) {
        environment.setParallelism(parallelism());
        for (LogicalOperator operator : plan.operators()) {
            Translated result = translate(operator);
            if (result != null) {
                translated.put(operator, result);
            }
        }
    }

    private int parallelism() {
        return Math.max(1, Math.min(settings.parallelism(), maxParallelism));
    }

    private Translated input(LogicalOperator operator, int index) {
        Translated input = translated.get(operator.inputs().get(index));
        if (input == null) {
            throw new IllegalStateException("operator %s is translated before its input".formatted(operator.info().describe()));
        }
        return input;
    }

    private Translated translate(LogicalOperator operator) {
        String name = "%s #%d".formatted(operator.kind(), operator.id());
        if (operator instanceof StageInputSource source) {
            return stageInput(source, name);
        } else if (operator instanceof CollectionSource source) {
            return collection(source, name);
        } else if (operator instanceof GeneratorSource source) {
            return generator(source, name);
        } else if (operator instanceof TextFileSource || operator instanceof CsvFileSource || operator instanceof TpchSource) {
            return fileSource((SourceOperator) operator, name);
        } else if (operator instanceof SourceOperator source && connectors.handles(operator)) {
            return connectorSource(source, name);
        } else if (operator instanceof FilterOperator filter) {
            return rowWise(filter, RowFilter.of(filter), name);
        } else if (operator instanceof ProjectOperator project) {
            return rowWise(project, RowProjection.of(project), name);
        } else if (operator instanceof MapOperator map) {
            return rowWise(map, RowLambdas.map(map), name);
        } else if (operator instanceof FlatMapOperator flatMap) {
            return rowWise(flatMap, RowLambdas.flatMap(flatMap), name);
        } else if (operator instanceof WatermarkOperator) {
            return input(operator, 0);
        } else if (operator instanceof MapPartitionsOperator mapPartitions) {
            requireBounded(operator);
            return perPartition(operator, input(operator, 0), RowLambdas.mapPartitions(mapPartitions), name);
        } else if (operator instanceof UnionOperator union) {
            return union(union);
        } else if (operator instanceof AggregateOperator aggregate) {
            return aggregate(aggregate, name);
        } else if (operator instanceof ReduceByKeyOperator reduceByKey) {
            return reduceByKey(reduceByKey, name);
        } else if (operator instanceof ReduceOperator reduce) {
            return reduce(reduce, name);
        } else if (operator instanceof CountOperator) {
            return count(operator, name);
        } else if (operator instanceof DistinctOperator) {
            return distinct(operator, name);
        } else if (operator instanceof SortOperator sort) {
            return sorted(operator, RowOrdering.of(sort.keys(), sort.input().schema()), Long.MAX_VALUE, name);
        } else if (operator instanceof TopKOperator topK) {
            return sorted(operator, RowOrdering.of(topK.keys(), topK.input().schema()), topK.k(), name);
        } else if (operator instanceof LimitOperator limit) {
            return limit(limit, name);
        } else if (operator instanceof JoinOperator join) {
            return join(join, name);
        } else if (operator instanceof CoGroupOperator coGroup) {
            return coGroup(coGroup, name);
        } else if (operator instanceof IntersectOperator) {
            return intersect(operator, name);
        } else if (operator instanceof CartesianOperator) {
            return cartesian(operator, name);
        } else if (operator instanceof SampleOperator sample) {
            return sample(sample, name);
        } else if (operator instanceof ZipWithIdOperator) {
            return zipWithId(operator, name);
        } else if (operator instanceof RepeatOperator repeat) {
            return repeat(repeat);
        } else if (operator instanceof StageOutputSink sink) {
            RemoteStream stream = stage.output(sink);
            sinkTo(sink, stream, Math.min(sink.partitions(), maxParallelism), name);
            return null;
        } else if (operator instanceof TextFileSink || operator instanceof CsvFileSink) {
            fileSink((SinkOperator) operator, name);
            return null;
        } else if (operator instanceof CollectSink sink) {
            sinkTo(sink, stage.collect(sink), 1, name);
            return null;
        } else if (operator instanceof SinkOperator sink && connectors.handles(operator)) {
            connectorSink(sink, name);
            return null;
        }
        throw new WeftException(ErrorCode.UNSUPPORTED_OPERATION, "%s: the Flink engine does not run %s operators; run this part of the job on another engine"
                .formatted(operator.info().describe(), operator.kind()));
    }

    // ---- sources

    private Translated stageInput(StageInputSource source, String name) {
        RemoteStream stream = stage.input(source);
        int partitions = stream.partitions();
        int parallelism = Math.max(1, Math.min(partitions, maxParallelism));
        DataStream<Object[]> rows = environment.fromSequence(0, partitions - 1L).name(name + " partitions").setParallelism(parallelism)
                .flatMap(new PartitionReadFunction(stream, counter(source.id())), Rows.TYPE)
                .name(name).setParallelism(parallelism);
        return new Translated(rows, parallelism == 1);
    }

    private Translated collection(CollectionSource source, String name) {
        RowCodec codec = RowCodec.of(source.output().elementType());
        List<Object[]> rows = new ArrayList<>(source.elements().size());
        for (Object element : source.elements()) {
            rows.add(codec.toRow(element));
        }
        DataStream<Object[]> stream = rows.isEmpty() ? empty(name) : environment.fromData(rows, Rows.TYPE).name(name).setParallelism(1);
        return new Translated(counted(stream, source), true);
    }

    /** A stream without rows (Flink's collection and sequence sources refuse to be empty). */
    private DataStream<Object[]> empty(String name) {
        return environment.fromData(List.<Object[]>of(new Object[0]), Rows.TYPE).name(name).setParallelism(1)
                .filter(row -> false).name(name).setParallelism(1);
    }

    private Translated generator(GeneratorSource source, String name) {
        long count = source.count().orElse(Long.MAX_VALUE);
        if (count == 0) {
            return new Translated(counted(empty(name), source), true);
        }
        RateLimiterStrategy<?> rate = source.ratePerSecond() > 0 ? RateLimiterStrategy.perSecond(source.ratePerSecond()) : RateLimiterStrategy.noOp();
        @SuppressWarnings({"unchecked", "rawtypes"})
        DataGeneratorSource<Object[]> generator = new DataGeneratorSource<>(index -> new Object[] {index}, count, (RateLimiterStrategy) rate, Rows.TYPE);
        DataStream<Object[]> stream = environment.fromSource(generator, WatermarkStrategy.noWatermarks(), name).setParallelism(1);
        return new Translated(counted(stream, source), true);
    }

    private Translated fileSource(SourceOperator source, String name) {
        RowSource rows = RowSource.of(source);
        List<RowSplit> splits = rows.splits(source instanceof TextFileSource text ? textSplitTarget(text) : parallelism());
        int parallelism = Math.max(1, Math.min(splits.size(), parallelism()));
        DataStream<Object[]> stream = environment.fromSequence(0, splits.size() - 1L).name(name + " splits").setParallelism(parallelism)
                .flatMap(new SplitReadFunction(rows, splits, counter(source.id())), Rows.TYPE)
                .name(name).setParallelism(parallelism);
        return new Translated(stream, parallelism == 1);
    }

    /**
     * The "parallelism" to plan a text source's splits with (the kernels plan two splits per unit): at least the stage's,
     * and enough for splits of at most {@value #MAX_TEXT_SPLIT_BYTES} bytes, since a task reads a whole text split into
     * rows on the heap before it hands them on; subtasks read their splits one after another.
     */
    private int textSplitTarget(TextFileSource text) {
        long bytes;
        try {
            bytes = FileSplits.wholeFiles(Path.of(text.path())).stream().mapToLong(FileSplit::length).sum();
        } catch (RuntimeException e) {
            return parallelism(); // a missing file fails with the source's own message when it is planned
        }
        long units = (bytes + 2 * MAX_TEXT_SPLIT_BYTES - 1) / (2 * MAX_TEXT_SPLIT_BYTES);
        return (int) Math.max(parallelism(), Math.min(units, MAX_TEXT_SPLITS / 2));
    }

    /**
     * A bounded connector source: {@code connector.splits(...)} asked here, in the host, then a parallel sequence
     * source with one element per split, each read in the task manager ({@link ConnectorReadFunction}). Unbounded
     * connector reads are refused: their at-least-once commits need Flink checkpoints, which Weft does not use yet.
     */
    private Translated connectorSource(SourceOperator source, String name) {
        requireBoundedConnector(source);
        ConnectorTaskSettings taskSettings = ConnectorTaskSettings.of(settings, connectors.properties());
        int splits = connectors.splits(source, parallelism(), taskSettings, stage.key());
        int parallelism = Math.max(1, Math.min(splits, parallelism()));
        DataStream<Object[]> stream = environment.fromSequence(0, splits - 1L).name(name + " splits").setParallelism(parallelism)
                .flatMap(new ConnectorReadFunction(source, splits, taskSettings, counter(source.id())), Rows.TYPE)
                .name(name).setParallelism(parallelism);
        return new Translated(stream, parallelism == 1);
    }

    private static void requireBoundedConnector(LogicalOperator operator) {
        if (!operator.output().bounded()) {
            throw new WeftException(ErrorCode.UNSUPPORTED_OPERATION, ("%s: the Flink engine runs connector sources and sinks on bounded "
                    + "inputs only (at-least-once commits of an unbounded read need Flink checkpoints); run the unbounded part on the Java engine "
                    + "or bound the read").formatted(operator.info().describe()));
        }
    }

    // ---- row-wise

    private Translated rowWise(LogicalOperator operator, RowTransform transform, String name) {
        Translated input = input(operator, 0);
        SingleOutputStreamOperator<Object[]> stream = input.stream().transform(name, Rows.TYPE,
                new BufferedTransformOperator(transform, settings.batchSize(), MAX_CHUNK_DELAY_MILLIS, counter(operator.id())));
        if (input.ordered()) {
            stream.setParallelism(1);
        }
        return new Translated(stream, input.ordered());
    }

    private Translated union(UnionOperator union) {
        DataStream<Object[]> first = input(union, 0).stream();
        List<DataStream<Object[]>> others = new ArrayList<>();
        for (int i = 1; i < union.inputs().size(); i++) {
            others.add(input(union, i).stream());
        }
        @SuppressWarnings("unchecked")
        DataStream<Object[]> stream = others.isEmpty() ? first : first.union(others.toArray(DataStream[]::new));
        return new Translated(stream, union.inputs().size() == 1 && input(union, 0).ordered());
    }

    // ---- blocking operators (bounded inputs)

    /** The transform applied once to each subtask's whole partition, at the end of the input. */
    private Translated perPartition(LogicalOperator operator, Translated input, RowTransform transform, String name) {
        SingleOutputStreamOperator<Object[]> stream = input.stream().transform("partition", Rows.TYPE, new WholePartitionOperator<>(partitionFunction(transform))).name(name);
        if (input.ordered()) {
            stream.setParallelism(1);
        }
        return new Translated(counted(stream, operator), input.ordered());
    }

    private static PartitionFunction<Object[], Object[]> partitionFunction(RowTransform transform) {
        return (subtask, rows, out) -> emit(transform.apply(rows.iterator()), out);
    }

    private static void emit(Iterator<Object[]> rows, Collector<Object[]> out) {
        while (rows.hasNext()) {
            out.collect(rows.next());
        }
    }

    private Translated aggregate(AggregateOperator aggregate, String name) {
        Translated input = input(aggregate, 0);
        if (aggregate.window().isEmpty()) {
            requireBounded(aggregate);
            return groupedAggregation(aggregate, input.stream(), SpillingAggregation.of(aggregate), name);
        }
        Window window = aggregate.window().get();
        EdgeProperties.EventTime eventTime = aggregate.input().output().eventTime().orElseThrow(() -> new WeftException(ErrorCode.INVALID_PLAN,
                "%s: a windowed aggregation needs event time: call withWatermarks(...) on its input first".formatted(aggregate.info().describe())));
        WindowColumns columns = WindowColumns.of(aggregate, window, eventTime.column());
        // the same aggregation over the input with its window columns in front, grouped by window first
        List<Expression> keys = new ArrayList<>();
        keys.add(new ColumnRef(aggregate.schema().getFields().get(0).getName()));
        keys.add(new ColumnRef(aggregate.schema().getFields().get(1).getName()));
        keys.addAll(aggregate.groupKeys());
        StageInputSource windowedInput = new StageInputSource(aggregate.info(),
                EdgeProperties.bounded(ElementType.row(WindowColumns.windowedSchema(aggregate.input().schema(), aggregate.schema()))), "$windowed");
        AggregateOperator perWindow = new AggregateOperator(aggregate.info(), EdgeProperties.bounded(aggregate.output().elementType()),
                windowedInput, keys, aggregate.aggregates(), Optional.empty());
        RowAggregation aggregation = RowAggregation.of(perWindow);
        if (aggregate.output().bounded()) {
            DataStream<Object[]> windowed = input.stream().flatMap(columns, Rows.TYPE).name(name + " windows");
            return groupedAggregation(aggregate, windowed, SpillingAggregation.of(perWindow), name);
        }
        int timeColumn = WindowColumns.timeColumn(aggregate, eventTime.column());
        WatermarkStrategy<Object[]> watermarks = WatermarkStrategy.<Object[]>forBoundedOutOfOrderness(eventTime.maxOutOfOrderness())
                .withTimestampAssigner((row, previous) -> row[timeColumn] == null ? Long.MIN_VALUE
                        : Math.floorDiv(WindowColumns.eventMicros(row[timeColumn]), 1_000L))
                .withIdleness(IDLE_SOURCE);
        DataStream<Object[]> partials = input.stream().assignTimestampsAndWatermarks(watermarks).name(name + " watermarks")
                .flatMap(columns, Rows.TYPE).name(name + " windows")
                .transform(name + " partial", Rows.TYPE, new BufferedTransformOperator(aggregation::partial, settings.batchSize(),
                        MAX_CHUNK_DELAY_MILLIS, name + " partial rows" + counterSuffix));
        DataStream<Object[]> results = partials.keyBy(aggregation::key, Rows.KEY)
                .window(new RowWindows())
                .allowedLateness(window.allowedLateness())
                .process(new WindowFinish(aggregation), Rows.TYPE).name(name);
        return new Translated(counted(results, aggregate), false);
    }

    /**
     * Partial aggregation per subtask, then the final one per key (all partials to one subtask for a global aggregate),
     * both streaming into kernels hash aggregators with a memory budget and spill ({@link AggregatePhaseOperator}).
     */
    private Translated groupedAggregation(LogicalOperator aggregate, DataStream<Object[]> input, SpillingAggregation aggregation, String name) {
        DataStream<Object[]> partials = input.transform(name + " partial", Rows.TYPE, aggregatePhase(aggregation, true)).name(name + " partial");
        SingleOutputStreamOperator<Object[]> results;
        boolean global = aggregation.isGlobal();
        if (global) {
            results = partials.global().transform(name, Rows.TYPE, aggregatePhase(aggregation, false)).name(name);
            results.setParallelism(1);
        } else {
            results = partials.partitionCustom(HASH, aggregation::key).transform(name, Rows.TYPE, aggregatePhase(aggregation, false)).name(name);
        }
        return new Translated(counted(results, aggregate), global);
    }

    private AggregatePhaseOperator aggregatePhase(SpillingAggregation aggregation, boolean partial) {
        return new AggregatePhaseOperator(aggregation, partial, settings.batchSize(), aggregatorBudget(), settings.spillDirectory());
    }

    /**
     * The memory budget of one aggregator: the stage's budget shared by the partial and the final phase of each subtask
     * of each aggregate of the stage (all may run at once in STREAMING mode), at least {@value #MIN_AGGREGATOR_BUDGET}
     * bytes.
     */
    private long aggregatorBudget() {
        long aggregates = Math.max(1, stage.stage().operators().stream().filter(AggregateOperator.class::isInstance).count());
        return Math.max(MIN_AGGREGATOR_BUDGET, settings.memoryBudgetBytes() / (2L * parallelism() * aggregates));
    }

    private Translated reduceByKey(ReduceByKeyOperator operator, String name) {
        requireBounded(operator);
        RowReduce reduce = RowReduce.of(operator);
        DataStream<Object[]> stream = input(operator, 0).stream().keyBy(reduce::key, Rows.KEY).fullWindowPartition()
                .reduce(reduce::combine).name(name);
        return new Translated(counted(stream, operator), false);
    }

    private Translated reduce(ReduceOperator operator, String name) {
        requireBounded(operator);
        RowReduce reduce = RowReduce.of(operator);
        DataStream<Object[]> partials = input(operator, 0).stream().fullWindowPartition().reduce(reduce::combine).name(name + " partial");
        SingleOutputStreamOperator<Object[]> result = partials.global().fullWindowPartition().reduce(reduce::combine).name(name);
        result.setParallelism(1);
        return new Translated(counted(result, operator), true);
    }

    private Translated count(LogicalOperator operator, String name) {
        requireBounded(operator);
        DataStream<Object[]> partials = input(operator, 0).stream().transform("count", Rows.TYPE, new RowCountOperator()).name(name + " partial");
        SingleOutputStreamOperator<Object[]> total = partials.global().transform("partition", Rows.TYPE, new WholePartitionOperator<>((subtask, rows, out) -> {
            long count = 0;
            for (Object[] row : rows) {
                count += (Long) row[0];
            }
            out.collect(new Object[] {count});
        })).name(name);
        total.setParallelism(1);
        return new Translated(counted(total, operator), true);
    }

    /**
     * A grouped aggregation on every column (bounded memory, see {@link AggregatePhaseOperator}); keyed state, one row
     * per distinct row, where a column type cannot be a hash key of the kernels.
     */
    private Translated distinct(LogicalOperator operator, String name) {
        requireBounded(operator);
        Optional<SpillingAggregation> aggregation = SpillingAggregation.of((DistinctOperator) operator);
        if (aggregation.isPresent()) {
            return groupedAggregation(operator, input(operator, 0).stream(), aggregation.get(), name);
        }
        DataStream<Object[]> stream = input(operator, 0).stream().keyBy(RowSets::key, Rows.KEY).fullWindowPartition()
                .reduce((first, second) -> first).name(name);
        return new Translated(counted(stream, operator), false);
    }

    private Translated sorted(LogicalOperator operator, RowOrdering ordering, long limit, String name) {
        requireBounded(operator);
        Translated input = input(operator, 0);
        DataStream<Object[]> stream = input.stream();
        if (limit != Long.MAX_VALUE && !input.ordered()) {
            stream = stream.transform("partition", Rows.TYPE, new WholePartitionOperator<>((subtask, rows, out) -> sortInto(rows, ordering, limit, out))).name(name + " partial");
        }
        SingleOutputStreamOperator<Object[]> sorted = stream.global().transform("partition", Rows.TYPE, new WholePartitionOperator<>((subtask, rows, out) -> sortInto(rows, ordering, limit, out))).name(name);
        sorted.setParallelism(1);
        return new Translated(counted(sorted, operator), true);
    }

    /** A stable sort (ties keep input order), key expressions evaluated once per row. */
    private static void sortInto(Iterable<Object[]> rows, RowOrdering ordering, long limit, Collector<Object[]> out) {
        List<Object[]> all = new ArrayList<>();
        ordering.extend(rows.iterator()).forEachRemaining(all::add);
        all.sort(ordering::compareExtended);
        long emitted = 0;
        for (Object[] row : all) {
            if (emitted++ >= limit) {
                break;
            }
            out.collect(ordering.strip(row));
        }
    }

    private Translated limit(LimitOperator operator, String name) {
        requireBounded(operator);
        long limit = operator.limit();
        Translated input = input(operator, 0);
        DataStream<Object[]> stream = input.stream();
        if (!input.ordered()) {
            stream = stream.transform("partition", Rows.TYPE, new WholePartitionOperator<>((subtask, rows, out) -> take(rows, limit, out))).name(name + " partial");
        }
        SingleOutputStreamOperator<Object[]> limited = stream.global().transform("partition", Rows.TYPE, new WholePartitionOperator<>((subtask, rows, out) -> take(rows, limit, out))).name(name);
        limited.setParallelism(1);
        return new Translated(counted(limited, operator), true);
    }

    /** The first rows; the rest of the input is drained (Flink feeds the partition function until the end). */
    private static void take(Iterable<Object[]> rows, long limit, Collector<Object[]> out) {
        long taken = 0;
        for (Object[] row : rows) {
            if (taken++ < limit) {
                out.collect(row);
            }
        }
    }

    private Translated join(JoinOperator operator, String name) {
        requireBounded(operator);
        RowJoin join = RowJoin.of(operator);
        return pairs(operator, join::leftKey, join::rightKey, (key, left, right) -> join.join(left, right), name);
    }

    private Translated coGroup(CoGroupOperator operator, String name) {
        requireBounded(operator);
        RowCoGroup coGroup = RowCoGroup.of(operator);
        return pairs(operator, coGroup::leftKey, coGroup::rightKey, (key, left, right) -> coGroup.apply(key, left, right), name);
    }

    /** Distinct rows present in both inputs (NULLs equal, as in SQL). */
    private Translated intersect(LogicalOperator operator, String name) {
        requireBounded(operator);
        return pairs(operator, RowSets::key, RowSets::key, (key, left, right) -> RowSets.intersect(left, right), name);
    }

    /** Every pair, left columns then right columns: both inputs meet in one subtask. */
    private Translated cartesian(LogicalOperator operator, String name) {
        requireBounded(operator);
        return pairs(operator, row -> RowKey.of(), row -> RowKey.of(), (key, left, right) -> {
            List<Object[]> pairs = new ArrayList<>(left.size() * right.size());
            for (Object[] l : left) {
                for (Object[] r : right) {
                    Object[] pair = new Object[l.length + r.length];
                    System.arraycopy(l, 0, pair, 0, l.length);
                    System.arraycopy(r, 0, pair, l.length, r.length);
                    pairs.add(pair);
                }
            }
            return pairs.iterator();
        }, name);
    }

    /** Both inputs hash-partitioned by key into the same subtasks, grouped there (see {@link HashGroupPairOperator}). */
    private Translated pairs(LogicalOperator operator, KeyFunction leftKey, KeyFunction rightKey, GroupPairFunction function, String name) {
        DataStream<Object[]> left = input(operator, 0).stream().partitionCustom(HASH, leftKey::key);
        DataStream<Object[]> right = input(operator, 1).stream().partitionCustom(HASH, rightKey::key);
        DataStream<Object[]> stream = left.connect(right).transform(name, Rows.TYPE, new HashGroupPairOperator(leftKey, rightKey, function));
        return new Translated(counted(stream, operator), false);
    }

    private Translated sample(SampleOperator operator, String name) {
        requireBounded(operator);
        RowSampling sampling = RowSampling.of(operator);
        Translated input = input(operator, 0);
        if (sampling.isFraction()) {
            SingleOutputStreamOperator<Object[]> stream = input.stream().transform("partition", Rows.TYPE, new WholePartitionOperator<>(new SamplePartition(sampling)))
                    .returns(Rows.TYPE).name(name);
            if (input.ordered()) {
                stream.setParallelism(1);
            }
            return new Translated(counted(stream, operator), input.ordered());
        }
        SingleOutputStreamOperator<RowSampling.Candidate> candidates = input.stream().transform("partition", new GenericTypeInfo<>(RowSampling.Candidate.class), new WholePartitionOperator<>(new SampleCandidates(sampling))).name(name + " candidates");
        if (input.ordered()) {
            candidates.setParallelism(1);
        }
        SingleOutputStreamOperator<Object[]> selected = candidates.global().transform("partition", Rows.TYPE, new WholePartitionOperator<>((subtask, all, out) -> sampling.select(all).forEach(out::collect))).name(name);
        selected.setParallelism(1);
        return new Translated(counted(selected, operator), true);
    }

    /** Ids 0, 1, 2 ... in one subtask (the rows in their arrival order). */
    private Translated zipWithId(LogicalOperator operator, String name) {
        requireBounded(operator);
        Translated input = input(operator, 0);
        DataStream<Object[]> rows = input.ordered() ? input.stream() : input.stream().global();
        SingleOutputStreamOperator<Object[]> stream = rows.transform("partition", Rows.TYPE, new WholePartitionOperator<>((subtask, all, out) -> emit(RowZip.withIds(all.iterator(), 0), out))).name(name);
        stream.setParallelism(1);
        return new Translated(counted(stream, operator), true);
    }

    /** The body unrolled {@code times} times, each copy on the previous one's result (the loop count is known here). */
    private Translated repeat(RepeatOperator repeat) {
        Translated current = input(repeat, 0);
        List<LogicalOperator> body = Plan.topologicalOrder(List.of(repeat.body().result()));
        String outer = counterSuffix;
        for (int iteration = 0; iteration < repeat.times(); iteration++) {
            counterSuffix = iteration == repeat.times() - 1 ? outer : "%s-r%d.%d".formatted(outer, repeat.id(), iteration);
            translated.put(repeat.body().start(), current);
            for (LogicalOperator operator : body) {
                if (operator != repeat.body().start()) {
                    Translated result = translate(operator);
                    translated.put(operator, result);
                }
            }
            current = translated.get(repeat.body().result());
            for (LogicalOperator operator : body) {
                translated.remove(operator);
            }
        }
        counterSuffix = outer;
        return new Translated(current.stream(), current.ordered());
    }

    // ---- sinks

    private void sinkTo(LogicalOperator sink, RemoteStream stream, int parallelism, String name) {
        Translated input = input(sink, 0);
        DataStream<Object[]> rows = input.stream();
        if (parallelism == 1 && !input.ordered()) {
            rows = rows.global();
        }
        rows.map(new CountingMap(counter(sink.id())), Rows.TYPE).name(name + " rows").setParallelism(parallelism)
                .sinkTo(new RemoteStreamSink(stream, sink.schema(), settings.batchSize())).name(name).setParallelism(parallelism);
    }

    /**
     * A connector sink: each subtask writes to one ConnectorSink of its own, committed at the end of its bounded input
     * ({@link ConnectorRowSink}); at the input's parallelism (1 for an ordered input, which keeps its order).
     */
    private void connectorSink(SinkOperator sink, String name) {
        requireBoundedConnector(sink);
        Translated input = input(sink, 0);
        DataStream<Object[]> rows = input.stream();
        int parallelism = input.ordered() ? 1 : rows.getParallelism();
        rows.map(new CountingMap(counter(sink.id())), Rows.TYPE).name(name + " rows").setParallelism(parallelism)
                .sinkTo(new ConnectorRowSink(sink, ConnectorTaskSettings.of(settings, connectors.properties()))).name(name).setParallelism(parallelism);
    }

    private void fileSink(SinkOperator sink, String name) {
        Translated input = input(sink, 0);
        DataStream<Object[]> rows = input.ordered() ? input.stream() : input.stream().global();
        rows.map(new CountingMap(counter(sink.id())), Rows.TYPE).name(name + " rows").setParallelism(1)
                .sinkTo(new FileRowSink(RowSink.of(sink))).name(name).setParallelism(1);
    }

    /** The accumulator of an operator's row count (unrolled loop bodies count each copy apart, the last one as the operator). */
    private String counter(int operatorId) {
        return OperatorCounters.name(operatorId) + counterSuffix;
    }

    private DataStream<Object[]> counted(DataStream<Object[]> stream, LogicalOperator operator) {
        SingleOutputStreamOperator<Object[]> counted = stream.map(new CountingMap(counter(operator.id())), Rows.TYPE)
                .name(operator.kind() + " rows");
        counted.setParallelism(stream.getParallelism());
        return counted;
    }

    private static void requireBounded(LogicalOperator operator) {
        if (!operator.output().bounded()) {
            throw new WeftException(ErrorCode.UNBOUNDED_AGGREGATION, ("%s: %s needs the end of its input, which an unbounded stream "
                    + "never reaches; aggregate in event-time windows instead (groupBy(...).window(...))").formatted(operator.info().describe(), operator.kind()));
        }
    }
}
