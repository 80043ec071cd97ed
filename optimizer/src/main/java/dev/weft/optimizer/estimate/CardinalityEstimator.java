package dev.weft.optimizer.estimate;

import static java.util.Objects.requireNonNull;

import dev.weft.api.expr.Alias;
import dev.weft.api.expr.ColumnRef;
import dev.weft.api.expr.Expression;
import dev.weft.api.function.Hints;
import dev.weft.api.plan.AggregateOperator;
import dev.weft.api.plan.CartesianOperator;
import dev.weft.api.plan.CoGroupOperator;
import dev.weft.api.plan.CollectionSource;
import dev.weft.api.plan.CountOperator;
import dev.weft.api.plan.CsvFileSource;
import dev.weft.api.plan.DistinctOperator;
import dev.weft.api.plan.DoWhileOperator;
import dev.weft.api.plan.FilterCondition;
import dev.weft.api.plan.FilterOperator;
import dev.weft.api.plan.FlatMapOperator;
import dev.weft.api.plan.GeneratorSource;
import dev.weft.api.plan.IntersectOperator;
import dev.weft.api.plan.JoinOperator;
import dev.weft.api.plan.LimitOperator;
import dev.weft.api.plan.LogicalOperator;
import dev.weft.api.plan.LoopBody;
import dev.weft.api.plan.LoopInput;
import dev.weft.api.plan.MapOperator;
import dev.weft.api.plan.MapPartitionsOperator;
import dev.weft.api.plan.Plan;
import dev.weft.api.plan.ProjectOperator;
import dev.weft.api.plan.ReduceByKeyOperator;
import dev.weft.api.plan.ReduceOperator;
import dev.weft.api.plan.RepeatOperator;
import dev.weft.api.plan.SampleOperator;
import dev.weft.api.plan.SinkOperator;
import dev.weft.api.plan.SortOperator;
import dev.weft.api.plan.SourceOperator;
import dev.weft.api.plan.TextFileSource;
import dev.weft.api.plan.TopKOperator;
import dev.weft.api.plan.TpchSource;
import dev.weft.api.plan.UnionOperator;
import dev.weft.api.plan.WatermarkOperator;
import dev.weft.api.plan.Window;
import dev.weft.api.plan.ZipWithIdOperator;
import dev.weft.api.spi.SourceStatistics;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Estimates the output of every operator of a plan: rows as an interval with a confidence (a rate in records per
 * second on unbounded edges), bytes per row, and distinct counts of columns where known. One pass in topological
 * order (each operator once, loop bodies included); file samples are cached per file across calls.
 *
 * <h2>Sources</h2>
 * The engine's statistics ({@link SourceStatisticsLookup}) are asked first for every source and win when present.
 * Otherwise:
 * <ul>
 *   <li>collection: the exact count; widths from the schema with strings measured on up to 1000 elements; exact
 *       distinct counts of every column up to 100k elements ({@link CollectionStatistics});</li>
 *   <li>text and CSV files (a file or a directory read like the Java engine does): the first MiB sampled, files that
 *       fit counted exactly (confidence 1), the rest extrapolated by size within +-10% @ 0.9; a CSV header is not a
 *       row; a missing or unreadable path: {@link #DEFAULT_SOURCE_ROWS} (the run reports it) ({@link FileSampler});</li>
 *   <li>TPC-H: the generator's sizes and key distinct counts ({@link TpchSizes});</li>
 *   <li>generator: bounded, its count exactly; unbounded, its rate exactly, or {@link #DEFAULT_RATE} when it runs as
 *       fast as it can (rate 0);</li>
 *   <li>stage input and anything unknown: {@link #DEFAULT_SOURCE_ROWS}.</li>
 * </ul>
 *
 * <h2>Operators</h2>
 * <ul>
 *   <li>filter: a lambda's selectivity hint (confidence 0.8), else {@link Selectivity#DEFAULT_LAMBDA}; a declarative
 *       predicate per {@link Selectivity#of};</li>
 *   <li>map, project, sort, watermark, zip-with-id, sinks: rows unchanged;</li>
 *   <li>flat-map: the hint as a factor (confidence 0.8), else {@link #DEFAULT_FLAT_MAP_FACTOR};
 *       map-partitions: {@link #DEFAULT_MAP_PARTITIONS_FACTOR};</li>
 *   <li>distinct: from the distinct counts of all columns if known ({@code [min(in, max ndv), min(in, product)]}),
 *       else {@link #DEFAULT_DISTINCT_FRACTION} of the input (at least one row if the input has one);</li>
 *   <li>aggregate without keys, count: exactly one row; reduce: one row (none if the input may be empty);</li>
 *   <li>aggregate with keys: {@code [min(in, max key ndv), min(in, product of key ndvs)]} at confidence
 *       {@value #KNOWN_DISTINCT_CONFIDENCE} when every key's distinct count is known, else
 *       {@code [min(in.lower, 1), in.upper x }{@value #DEFAULT_GROUP_FRACTION}{@code ]} at confidence
 *       {@value #DEFAULT_CONFIDENCE}; reduce-by-key (opaque key) always the default; a windowed aggregate on an
 *       unbounded input: the groups of one window's input ({@code rate x size}) per slide (session windows: per
 *       gap), as a rate; on a bounded input: {@code [min(in.lower, 1), in.upper]};</li>
 *   <li>limit n, top-k k, sample of size n: at most n; sample fraction f: {@code x f};</li>
 *   <li>inner join: {@code |L| |R| / max(ndv_l, ndv_r)} per bound when the keys' distinct counts are known (with
 *       several keys: from the composite distinct counts, each capped at its side's rows, up to the best single
 *       key's estimate), else {@link #DEFAULT_JOIN_LOWER_FRACTION}{@code  x min(L, R)} to
 *       {@link #DEFAULT_JOIN_UPPER_FACTOR}{@code  x max(L, R)} at confidence {@value #DEFAULT_CONFIDENCE}; left:
 *       at least L; semi: {@code L x min(1, ndv_r / ndv_l)} within a factor 2, else {@code L x [0.1, 1]}; anti: the
 *       rest of L, else {@code L x [0, 1]};</li>
 *   <li>co-group: {@code [0, L + R]}; union: the sum; intersect: {@code [0, min(L, R)]}; cartesian: the product;</li>
 *   <li>repeat, do-while: the body estimated once with its loop input = the loop's input; the loop's output is the
 *       body result's (one iteration's shape; how many iterations a do-while runs is unknown).</li>
 * </ul>
 * Distinct counts flow through operators that keep a column: a filter or fractional sample scales each by
 * {@code ndv x (1 - (1 - s)^(rows / ndv))} with s the selectivity's upper bound (a column compared equal to a literal
 * keeps one value); a project keeps them for plain column references (renamed by an alias); every count is capped at
 * the output's upper bound. Bytes per row come from the output schema, with the measured widths of columns passed
 * through unchanged (not through lambdas, whose output is new).
 */
public final class CardinalityEstimator {
    /** A source nothing is known about: wide, low confidence. */
    public static final Cardinality DEFAULT_SOURCE_ROWS = Cardinality.between(1e3, 1e7, 0.1);
    /** An unbounded generator that runs as fast as it can. */
    public static final Cardinality DEFAULT_RATE = Cardinality.rate(1e5, 1e7, 0.2);
    /** Confidence of defaults for opaque operators. */
    public static final double DEFAULT_CONFIDENCE = 0.2;
    /** Confidence of estimates derived from known distinct counts. */
    public static final double KNOWN_DISTINCT_CONFIDENCE = 0.7;
    /** Confidence of a user's selectivity hint. */
    public static final double HINT_CONFIDENCE = Selectivity.HINT_CONFIDENCE;
    /** Output rows per input row of a flat-map without a hint (word count splits ~10 words a line). */
    public static final Selectivity.Factor DEFAULT_FLAT_MAP_FACTOR = new Selectivity.Factor(0.5, 20, DEFAULT_CONFIDENCE);
    public static final Selectivity.Factor DEFAULT_MAP_PARTITIONS_FACTOR = new Selectivity.Factor(0, 2, DEFAULT_CONFIDENCE);
    public static final Selectivity DEFAULT_DISTINCT_FRACTION = new Selectivity(0.1, 1, 0.3);
    /** The upper bound of groups as a fraction of input rows when the keys' distinct counts are unknown. */
    public static final double DEFAULT_GROUP_FRACTION = 0.5;
    public static final double DEFAULT_JOIN_LOWER_FRACTION = 0.1;
    public static final double DEFAULT_JOIN_UPPER_FACTOR = 2;
    public static final Selectivity DEFAULT_SEMI_JOIN = new Selectivity(0.1, 1, DEFAULT_CONFIDENCE);
    public static final Selectivity DEFAULT_ANTI_JOIN = new Selectivity(0, 1, DEFAULT_CONFIDENCE);
    /** Confidence of a join estimate from composite keys or from one side's distinct counts only. */
    public static final double PARTIAL_DISTINCT_CONFIDENCE = 0.5;
    static final double INTERSECT_CONFIDENCE = 0.3;
    /** A flat-map hint's factor is capped here (an infinite upper bound would make every later estimate infinite). */
    static final double MAX_FACTOR = 1e6;
    private static final Logger LOG = LoggerFactory.getLogger(CardinalityEstimator.class);

    private final SourceStatisticsLookup sources;
    private final FileSampler files = new FileSampler();

    public CardinalityEstimator(SourceStatisticsLookup sources) {
        this.sources = requireNonNull(sources, "sources is null");
    }

    /** Estimates every operator of the plan (and of loop bodies: a body's LoopInput gets the loop input's estimate). */
    public Estimates estimate(Plan plan) {
        requireNonNull(plan, "plan is null");
        Map<LogicalOperator, Info> infos = new IdentityHashMap<>();
        for (LogicalOperator operator : plan.operators()) {
            estimateOnce(operator, infos);
        }
        Map<LogicalOperator, Estimate> estimates = new IdentityHashMap<>(infos.size() * 2);
        for (Map.Entry<LogicalOperator, Info> entry : infos.entrySet()) {
            estimates.put(entry.getKey(), entry.getValue().estimate());
        }
        return new Estimates(estimates);
    }

    /** Cached per-file samples (for tests). */
    int cachedFileSamples() {
        return files.cachedFiles();
    }

    private void estimateOnce(LogicalOperator operator, Map<LogicalOperator, Info> infos) {
        if (infos.containsKey(operator)) {
            return;
        }
        for (LogicalOperator input : operator.inputs()) {
            estimateOnce(input, infos); // inputs come first in topological order: this only guards odd callers
        }
        infos.put(operator, estimateOne(operator, infos));
    }

    private Info estimateOne(LogicalOperator operator, Map<LogicalOperator, Info> infos) {
        if (operator instanceof SourceOperator source) {
            return source(source);
        }
        if (operator instanceof SinkOperator sink) {
            return infos.get(sink.input());
        }
        if (operator instanceof RepeatOperator repeat) {
            Info input = infos.get(repeat.input());
            return repeat.times() == 0 ? input : loop(repeat.body(), input, infos);
        }
        if (operator instanceof DoWhileOperator doWhile) {
            return loop(doWhile.body(), infos.get(doWhile.input()), infos);
        }
        if (operator instanceof JoinOperator join) {
            return join(join, infos.get(join.left()), infos.get(join.right()));
        }
        if (operator instanceof UnionOperator union) {
            return union(union, infos);
        }
        if (operator instanceof IntersectOperator intersect) {
            Info left = infos.get(intersect.left());
            Info right = infos.get(intersect.right());
            Cardinality l = left.rows();
            Cardinality r = right.rows();
            Cardinality rows = interval(0, Math.min(l.upper(), r.upper()), min(l.confidence(), r.confidence(), INTERSECT_CONFIDENCE),
                    l.perSecond() || r.perSecond());
            Map<String, Double> distinct = new HashMap<>();
            left.distinctCounts().forEach((column, count) -> {
                Double other = right.distinctCounts().get(column);
                if (other != null) {
                    distinct.put(column, Math.min(count, other));
                }
            });
            return info(operator, rows, distinct, left.widths());
        }
        if (operator instanceof CartesianOperator cartesian) {
            Info left = infos.get(cartesian.left());
            Info right = infos.get(cartesian.right());
            return info(operator, left.rows().times(right.rows()), merge(left.distinctCounts(), right.distinctCounts()),
                    merge(left.widths(), right.widths()));
        }
        if (operator instanceof CoGroupOperator coGroup) {
            Cardinality l = infos.get(coGroup.left()).rows();
            Cardinality r = infos.get(coGroup.right()).rows();
            Cardinality rows = interval(0, l.upper() + r.upper(), min(l.confidence(), r.confidence(), DEFAULT_CONFIDENCE),
                    l.perSecond() || r.perSecond());
            return info(operator, rows, Map.of(), Map.of());
        }
        return unary(operator, infos.get(operator.inputs().get(0)));
    }

    private Info unary(LogicalOperator operator, Info input) {
        Cardinality in = input.rows();
        if (operator instanceof FilterOperator filter) {
            return filter(filter, input);
        }
        if (operator instanceof MapOperator) {
            return info(operator, in, Map.of(), Map.of());
        }
        if (operator instanceof FlatMapOperator flatMap) {
            Selectivity.Factor factor = flatMap.function().hints().selectivity()
                    .map(s -> new Selectivity.Factor(Math.min(s.lower(), MAX_FACTOR), Math.min(s.upper(), MAX_FACTOR), HINT_CONFIDENCE))
                    .orElse(DEFAULT_FLAT_MAP_FACTOR);
            return info(operator, factor.applyTo(in), Map.of(), Map.of());
        }
        if (operator instanceof MapPartitionsOperator) {
            return info(operator, DEFAULT_MAP_PARTITIONS_FACTOR.applyTo(in), Map.of(), Map.of());
        }
        if (operator instanceof ProjectOperator project) {
            return project(project, input);
        }
        if (operator instanceof SortOperator || operator instanceof WatermarkOperator) {
            return info(operator, in, input.distinctCounts(), input.widths());
        }
        if (operator instanceof ZipWithIdOperator) {
            Map<String, Double> distinct = new HashMap<>(input.distinctCounts());
            distinct.put("id", in.upper());
            return info(operator, in, distinct, input.widths());
        }
        if (operator instanceof LimitOperator limit) {
            return info(operator, in.atMost(limit.limit()), input.distinctCounts(), input.widths());
        }
        if (operator instanceof TopKOperator topK) {
            return info(operator, in.atMost(topK.k()), input.distinctCounts(), input.widths());
        }
        if (operator instanceof SampleOperator sample) {
            if (sample.spec().size().isPresent()) {
                return info(operator, in.atMost(sample.spec().size().getAsLong()), input.distinctCounts(), input.widths());
            }
            double fraction = sample.spec().fraction().orElse(1);
            return info(operator, in.scale(fraction, fraction, 1), scaleDistinct(input.distinctCounts(), fraction, in),
                    input.widths());
        }
        if (operator instanceof CountOperator) {
            return info(operator, Cardinality.exact(1), Map.of("value", 1.0), Map.of());
        }
        if (operator instanceof ReduceOperator) {
            Cardinality rows = in.lower() >= 1 ? Cardinality.exact(1)
                    : interval(0, in.upper() > 0 ? 1 : 0, in.confidence(), false);
            return info(operator, rows, Map.of(), input.widths());
        }
        if (operator instanceof DistinctOperator) {
            return distinct(operator, input);
        }
        if (operator instanceof AggregateOperator aggregate) {
            return aggregate(aggregate, input);
        }
        if (operator instanceof ReduceByKeyOperator) {
            return info(operator, defaultGroups(in), input.distinctCounts(), input.widths());
        }
        LOG.debug("no estimation rule for {}: rows unchanged", operator.kind());
        return info(operator, in, Map.of(), Map.of());
    }

    // sources

    private Info source(SourceOperator source) {
        if (!(source instanceof LoopInput)) {
            Optional<SourceStatistics> statistics = engineStatistics(source);
            if (statistics.isPresent()) {
                return fromStatistics(source, statistics.get());
            }
        }
        Schema schema = source.schema();
        if (source instanceof CollectionSource collection) {
            CollectionStatistics.Result result = CollectionStatistics.of(collection);
            return info(source, Cardinality.exact(collection.elements().size()), result.distinctCounts(), result.widths());
        }
        if (source instanceof TextFileSource text) {
            return file(source, text.path(), 0);
        }
        if (source instanceof CsvFileSource csv) {
            return file(source, csv.path(), csv.format().header() ? 1 : 0);
        }
        if (source instanceof TpchSource tpch) {
            Optional<Cardinality> rows = TpchSizes.rows(tpch.table(), tpch.scaleFactor());
            if (rows.isPresent()) {
                return info(source, rows.get(), TpchSizes.distinctCounts(tpch.table(), tpch.scaleFactor()),
                        TpchSizes.columnWidths(tpch.table()));
            }
        }
        if (source instanceof GeneratorSource generator) {
            if (generator.count().isPresent()) {
                long count = generator.count().getAsLong();
                return info(source, Cardinality.exact(count), Map.of("value", (double) count), SchemaWidths.columnWidths(schema));
            }
            Cardinality rate = generator.ratePerSecond() == 0 ? DEFAULT_RATE
                    : Cardinality.rate(generator.ratePerSecond(), generator.ratePerSecond(), 1.0);
            return info(source, rate, Map.of(), SchemaWidths.columnWidths(schema));
        }
        // stage inputs (not expected in user plans), a loop input outside its loop, an unknown table
        Cardinality rows = source.output().bounded() ? DEFAULT_SOURCE_ROWS
                : Cardinality.rate(DEFAULT_RATE.lower(), DEFAULT_RATE.upper(), DEFAULT_RATE.confidence());
        return info(source, rows, Map.of(), SchemaWidths.columnWidths(schema));
    }

    private Optional<SourceStatistics> engineStatistics(SourceOperator source) {
        try {
            return requireNonNull(sources.statistics(source), "statistics lookup returned null");
        }
        catch (RuntimeException e) {
            LOG.debug("engine statistics of {} failed; estimating it without them: {}", source.info().describe(), e.toString());
            return Optional.empty();
        }
    }

    private Info fromStatistics(SourceOperator source, SourceStatistics statistics) {
        Cardinality rows = new Cardinality(statistics.lowerRows(), statistics.upperRows(), statistics.confidence(),
                statistics.perSecond());
        Map<String, Double> widths = SchemaWidths.columnWidths(source.schema());
        if (statistics.bytesPerRow().isPresent()) {
            double bytesPerRow = statistics.bytesPerRow().getAsDouble();
            if (bytesPerRow >= 0 && Double.isFinite(bytesPerRow)) {
                return new Info(new Estimate(rows, bytesPerRow, cap(statistics.distinctCounts(), rows, source.schema())), widths);
            }
        }
        return info(source, rows, statistics.distinctCounts(), widths);
    }

    private Info file(SourceOperator source, String path, int headerLines) {
        Optional<FileSampler.SourceSample> sample = files.sample(path, headerLines);
        Schema schema = source.schema();
        if (sample.isEmpty()) {
            return info(source, DEFAULT_SOURCE_ROWS, Map.of(), SchemaWidths.columnWidths(schema));
        }
        Map<String, Double> widths = SchemaWidths.columnWidths(schema);
        List<Field> fields = schema.getFields();
        double lineBytes = sample.get().averageLineBytes();
        if (!fields.isEmpty() && lineBytes > 0) {
            // text: the line is the value; CSV: the line's text shared evenly among the fields, delimiters excluded
            double fieldBytes = fields.size() == 1 ? lineBytes : Math.max(0, (lineBytes - (fields.size() - 1)) / fields.size());
            for (Field field : fields) {
                if (SchemaWidths.isVariableWidth(field)) {
                    widths.put(field.getName(), SchemaWidths.variableWidth(field, fieldBytes));
                }
            }
        }
        return info(source, sample.get().rows(), Map.of(), widths);
    }

    // operators

    private Info filter(FilterOperator filter, Info input) {
        Selectivity selectivity;
        Set<String> pinned = Set.of();
        if (filter.condition() instanceof FilterCondition.Declarative declarative) {
            selectivity = Selectivity.of(declarative.predicate(), filter.input().schema(), input.distinctCounts());
            pinned = Selectivity.pinnedColumns(declarative.predicate());
        } else {
            Hints hints = ((FilterCondition.Lambda) filter.condition()).function().hints();
            selectivity = hints.selectivity()
                    .map(s -> Selectivity.clamped(s.lower(), s.upper(), HINT_CONFIDENCE))
                    .orElse(Selectivity.DEFAULT_LAMBDA);
        }
        Map<String, Double> distinct = scaleDistinct(input.distinctCounts(), selectivity.upper(), input.rows());
        for (String column : pinned) {
            distinct.computeIfPresent(column, (c, count) -> Math.min(count, 1.0));
        }
        return info(filter, selectivity.applyTo(input.rows()), distinct, input.widths());
    }

    private Info project(ProjectOperator project, Info input) {
        Map<String, Double> distinct = new HashMap<>();
        Map<String, Double> widths = new HashMap<>();
        for (Expression expression : project.expressions()) {
            Optional<String> source = columnOf(expression);
            if (source.isPresent()) {
                String output = expression.name();
                Double count = input.distinctCounts().get(source.get());
                if (count != null) {
                    distinct.put(output, count);
                }
                Double width = input.widths().get(source.get());
                if (width != null) {
                    widths.put(output, width);
                }
            }
        }
        return info(project, input.rows(), distinct, widths);
    }

    private Info distinct(LogicalOperator operator, Info input) {
        Cardinality in = input.rows();
        List<Field> fields = operator.schema().getFields();
        double product = 1;
        double largest = 0;
        boolean known = !fields.isEmpty() && !in.perSecond();
        for (Field field : fields) {
            Double count = input.distinctCounts().get(field.getName());
            if (count == null) {
                known = false;
                break;
            }
            product = Math.min(Cardinality.MAX_ROWS, product * count);
            largest = Math.max(largest, count);
        }
        Cardinality rows;
        if (known) {
            rows = interval(Math.min(in.lower(), largest), Math.min(in.upper(), product),
                    Math.min(in.confidence(), KNOWN_DISTINCT_CONFIDENCE), false);
        } else {
            Selectivity fraction = DEFAULT_DISTINCT_FRACTION;
            double lower = Math.max(Math.min(in.lower(), 1), in.lower() * fraction.lower());
            rows = interval(lower, in.upper() * fraction.upper(), Math.min(in.confidence(), fraction.confidence()), in.perSecond());
        }
        return info(operator, rows, input.distinctCounts(), input.widths());
    }

    private Info aggregate(AggregateOperator aggregate, Info input) {
        Cardinality in = input.rows();
        List<Expression> keys = aggregate.groupKeys();
        Map<String, Double> distinct = new HashMap<>();
        Map<String, Double> widths = new HashMap<>();
        for (Expression key : keys) {
            columnOf(key).ifPresent(column -> {
                Double count = input.distinctCounts().get(column);
                if (count != null && aggregate.window().isEmpty()) {
                    distinct.put(key.name(), count);
                }
                Double width = input.widths().get(column);
                if (width != null) {
                    widths.put(key.name(), width);
                }
            });
        }
        if (aggregate.window().isPresent()) {
            return info(aggregate, windowed(aggregate.window().get(), keys, input), Map.of(), widths);
        }
        if (keys.isEmpty()) {
            return info(aggregate, Cardinality.exact(1), Map.of(), widths);
        }
        return info(aggregate, groups(keys, input.distinctCounts(), in), distinct, widths);
    }

    /** The groups of {@code rows} input rows by the keys: from their distinct counts if all are known, else the default. */
    private static Cardinality groups(List<Expression> keys, Map<String, Double> distinctCounts, Cardinality rows) {
        double product = 1;
        double largest = 0;
        for (Expression key : keys) {
            Optional<Double> count = columnOf(key).map(distinctCounts::get);
            if (count.isEmpty()) {
                return defaultGroups(rows);
            }
            product = Math.min(Cardinality.MAX_ROWS, product * count.get());
            largest = Math.max(largest, count.get());
        }
        return interval(Math.min(rows.lower(), largest), Math.min(rows.upper(), product),
                Math.min(rows.confidence(), KNOWN_DISTINCT_CONFIDENCE), rows.perSecond());
    }

    private static Cardinality defaultGroups(Cardinality rows) {
        double lower = Math.min(rows.lower(), 1);
        return interval(lower, Math.max(lower, rows.upper() * DEFAULT_GROUP_FRACTION),
                Math.min(rows.confidence(), DEFAULT_CONFIDENCE), rows.perSecond());
    }

    private static Cardinality windowed(Window window, List<Expression> keys, Info input) {
        Cardinality in = input.rows();
        if (!in.perSecond()) {
            double lower = Math.min(in.lower(), 1);
            return interval(lower, in.upper(), Math.min(in.confidence(), DEFAULT_CONFIDENCE), false);
        }
        double sizeSeconds = seconds(window.size());
        double slideSeconds = window.kind() == Window.Kind.SLIDING ? seconds(window.slide()) : sizeSeconds;
        Cardinality perWindow = Cardinality.between(in.lower() * sizeSeconds, in.upper() * sizeSeconds, in.confidence());
        Cardinality groups = keys.isEmpty()
                ? interval(Math.min(perWindow.lower(), 1), Math.min(perWindow.upper(), 1), perWindow.confidence(), false)
                : groups(keys, input.distinctCounts(), perWindow);
        return new Cardinality(groups.lower() / slideSeconds, groups.upper() / slideSeconds, groups.confidence(), true);
    }

    private static double seconds(java.time.Duration duration) {
        double seconds = duration.getSeconds() + duration.getNano() / 1e9;
        return Math.max(1e-3, seconds);
    }

    private Info join(JoinOperator join, Info left, Info right) {
        Cardinality l = left.rows();
        Cardinality r = right.rows();
        boolean perSecond = l.perSecond() || r.perSecond();
        double confidence = Math.min(l.confidence(), r.confidence());
        Map<String, Double> distinct;
        Map<String, Double> widths;
        if (join.joinType() == dev.weft.api.plan.JoinType.SEMI || join.joinType() == dev.weft.api.plan.JoinType.ANTI) {
            distinct = left.distinctCounts();
            widths = left.widths();
        } else {
            distinct = merge(left.distinctCounts(), right.distinctCounts());
            widths = merge(left.widths(), right.widths());
        }
        KeyDistinct keys = KeyDistinct.of(join, left, right);
        Cardinality rows = switch (join.joinType()) {
            case INNER -> inner(keys, l, r, confidence, perSecond);
            case LEFT -> {
                Cardinality matched = inner(keys, l, r, confidence, perSecond);
                yield interval(Math.max(l.lower(), matched.lower()), Math.max(l.upper(), matched.upper()), matched.confidence(), perSecond);
            }
            case SEMI -> semi(keys, l, false);
            case ANTI -> semi(keys, l, true);
        };
        if (join.joinType() == dev.weft.api.plan.JoinType.INNER) {
            distinct = new HashMap<>(distinct);
            for (int i = 0; i < join.leftKeys().size(); i++) {
                Optional<String> leftColumn = columnOf(join.leftKeys().get(i));
                Optional<String> rightColumn = columnOf(join.rightKeys().get(i));
                if (leftColumn.isPresent() && rightColumn.isPresent()) {
                    Double a = left.distinctCounts().get(leftColumn.get());
                    Double b = right.distinctCounts().get(rightColumn.get());
                    if (a != null && b != null) {
                        distinct.put(leftColumn.get(), Math.min(a, b));
                        distinct.put(rightColumn.get(), Math.min(a, b));
                    }
                }
            }
        }
        return info(join, rows, distinct, widths);
    }

    private static Cardinality inner(KeyDistinct keys, Cardinality l, Cardinality r, double confidence, boolean perSecond) {
        if (keys.bothKnown()) {
            if (keys.count() == 1) {
                double divisor = Math.max(1, Math.max(keys.left()[0], keys.right()[0]));
                return interval(l.lower() * r.lower() / divisor, l.upper() * r.upper() / divisor,
                        Math.min(confidence, KNOWN_DISTINCT_CONFIDENCE), perSecond);
            }
            // composite keys: the combined distinct count of a side is at most its rows; correlated keys make the
            // composite estimate low, so the upper bound is the best single key's estimate (a superset of the matches)
            double leftComposite = Math.min(product(keys.left()), Math.max(1, l.upper()));
            double rightComposite = Math.min(product(keys.right()), Math.max(1, r.upper()));
            double compositeDivisor = Math.max(1, Math.max(leftComposite, rightComposite));
            double singleDivisor = 1;
            for (int i = 0; i < keys.count(); i++) {
                singleDivisor = Math.max(singleDivisor, Math.max(keys.left()[i], keys.right()[i]));
            }
            return interval(l.lower() * r.lower() / compositeDivisor, l.upper() * r.upper() / Math.min(singleDivisor, compositeDivisor),
                    Math.min(confidence, PARTIAL_DISTINCT_CONFIDENCE), perSecond);
        }
        if (keys.oneSideKnown()) {
            double divisor = Math.max(1, keys.knownSideComposite(l, r));
            return interval(l.lower() * r.lower() / divisor, l.upper() * r.upper() / divisor,
                    Math.min(confidence, PARTIAL_DISTINCT_CONFIDENCE), perSecond);
        }
        return interval(Math.min(l.lower(), r.lower()) * DEFAULT_JOIN_LOWER_FRACTION,
                Math.max(l.upper(), r.upper()) * DEFAULT_JOIN_UPPER_FACTOR, Math.min(confidence, DEFAULT_CONFIDENCE), perSecond);
    }

    private static Cardinality semi(KeyDistinct keys, Cardinality l, boolean anti) {
        Selectivity matching;
        if (keys.bothKnown()) {
            double leftComposite = Math.max(1, Math.min(product(keys.left()), Math.max(1, l.upper())));
            double rightComposite = product(keys.right());
            double fraction = Math.min(1, rightComposite / leftComposite);
            matching = Selectivity.clamped(fraction / 2, fraction * 2, KNOWN_DISTINCT_CONFIDENCE);
        } else {
            matching = DEFAULT_SEMI_JOIN;
        }
        if (anti) {
            matching = keys.bothKnown() ? matching.not() : DEFAULT_ANTI_JOIN;
        }
        return matching.applyTo(l);
    }

    private Info union(UnionOperator union, Map<LogicalOperator, Info> infos) {
        Cardinality rows = null;
        Map<String, Double> distinct = null;
        Map<String, Double> widths = new HashMap<>();
        double totalRows = 0;
        for (LogicalOperator input : union.inputs()) {
            Info info = infos.get(input);
            rows = rows == null ? info.rows() : rows.plus(info.rows());
            totalRows += info.rows().upper();
            if (distinct == null) {
                distinct = new HashMap<>(info.distinctCounts());
            } else {
                Map<String, Double> current = distinct;
                distinct = new HashMap<>();
                for (Map.Entry<String, Double> entry : current.entrySet()) {
                    Double other = info.distinctCounts().get(entry.getKey());
                    if (other != null) {
                        distinct.put(entry.getKey(), entry.getValue() + other);
                    }
                }
            }
        }
        // widths: the row-weighted average of the inputs' column widths
        for (LogicalOperator input : union.inputs()) {
            Info info = infos.get(input);
            double weight = totalRows > 0 ? info.rows().upper() / totalRows : 1.0 / union.inputs().size();
            for (Field field : union.schema().getFields()) {
                double width = info.widths().getOrDefault(field.getName(), SchemaWidths.width(field));
                widths.merge(field.getName(), width * weight, Double::sum);
            }
        }
        return info(union, rows, distinct, widths);
    }

    private Info loop(LoopBody body, Info input, Map<LogicalOperator, Info> infos) {
        infos.put(body.start(), input);
        for (LogicalOperator operator : Plan.topologicalOrder(List.of(body.result()))) {
            estimateOnce(operator, infos);
        }
        return infos.get(body.result());
    }

    // helpers

    /** The column an expression reads unchanged: a column reference, possibly renamed by aliases. */
    private static Optional<String> columnOf(Expression expression) {
        Expression current = expression;
        while (current instanceof Alias alias) {
            current = alias.input();
        }
        return current instanceof ColumnRef column ? Optional.of(column.column()) : Optional.empty();
    }

    /**
     * Distinct counts after keeping a fraction s of the rows (at random with respect to the column):
     * {@code ndv x (1 - (1 - s)^(rows / ndv))}.
     */
    private static Map<String, Double> scaleDistinct(Map<String, Double> distinctCounts, double fraction, Cardinality rows) {
        Map<String, Double> scaled = new HashMap<>();
        for (Map.Entry<String, Double> entry : distinctCounts.entrySet()) {
            double count = entry.getValue();
            if (count <= 0 || rows.perSecond()) {
                scaled.put(entry.getKey(), count);
                continue;
            }
            double perValue = Math.max(1, rows.upper() / count);
            double kept = count * (1 - Math.pow(1 - Math.max(0, Math.min(1, fraction)), perValue));
            scaled.put(entry.getKey(), kept);
        }
        return scaled;
    }

    private static double product(double[] values) {
        double product = 1;
        for (double value : values) {
            product = Math.min(Cardinality.MAX_ROWS, product * value);
        }
        return product;
    }

    private static Map<String, Double> merge(Map<String, Double> first, Map<String, Double> second) {
        Map<String, Double> merged = new HashMap<>(second);
        merged.putAll(first);
        return merged;
    }

    private static double min(double a, double b, double c) {
        return Math.min(a, Math.min(b, c));
    }

    /** An interval that tolerates rounding: NaN becomes 0 and the upper bound is at least the lower one. */
    private static Cardinality interval(double lower, double upper, double confidence, boolean perSecond) {
        double low = Double.isNaN(lower) ? 0 : Math.max(0, lower);
        double high = Double.isNaN(upper) ? low : Math.max(low, upper);
        return new Cardinality(low, high, Math.max(0, Math.min(1, confidence)), perSecond);
    }

    /** The info of an operator's output: widths carried by column name (defaults for the rest), counts capped. */
    private static Info info(LogicalOperator operator, Cardinality rows, Map<String, Double> distinctCounts,
                             Map<String, Double> carriedWidths) {
        Schema schema = operator.schema();
        Map<String, Double> widths = new HashMap<>();
        double bytesPerRow = 0;
        for (Field field : schema.getFields()) {
            Double carried = carriedWidths.get(field.getName());
            double width = carried != null ? carried : SchemaWidths.width(field);
            widths.put(field.getName(), width);
            bytesPerRow += width;
        }
        return new Info(new Estimate(rows, bytesPerRow, cap(distinctCounts, rows, schema)), widths);
    }

    /** Distinct counts of the schema's columns only, each at most the upper bound of rows (bounded edges). */
    private static Map<String, Double> cap(Map<String, Double> distinctCounts, Cardinality rows, Schema schema) {
        if (distinctCounts.isEmpty()) {
            return Map.of();
        }
        Map<String, Double> capped = new HashMap<>();
        for (Field field : schema.getFields()) {
            Double count = distinctCounts.get(field.getName());
            if (count != null && count >= 0 && !count.isNaN()) {
                capped.put(field.getName(), rows.perSecond() ? count : Math.min(count, rows.upper()));
            }
        }
        return capped;
    }

    /** An operator's estimate and the bytes per value of each of its columns. */
    private record Info(Estimate estimate, Map<String, Double> widths) {
        Cardinality rows() {
            return estimate.rows();
        }

        Map<String, Double> distinctCounts() {
            return estimate.distinctCounts();
        }
    }

    /** The distinct counts of a join's keys on each side (NaN where unknown). */
    private record KeyDistinct(double[] left, double[] right, boolean leftKnown, boolean rightKnown) {
        static KeyDistinct of(JoinOperator join, Info leftInfo, Info rightInfo) {
            int count = join.leftKeys().size();
            double[] left = new double[count];
            double[] right = new double[count];
            boolean leftKnown = true;
            boolean rightKnown = true;
            for (int i = 0; i < count; i++) {
                left[i] = columnOf(join.leftKeys().get(i)).map(leftInfo.distinctCounts()::get).orElse(Double.NaN);
                right[i] = columnOf(join.rightKeys().get(i)).map(rightInfo.distinctCounts()::get).orElse(Double.NaN);
                leftKnown &= !Double.isNaN(left[i]);
                rightKnown &= !Double.isNaN(right[i]);
            }
            return new KeyDistinct(left, right, leftKnown, rightKnown);
        }

        int count() {
            return left.length;
        }

        boolean bothKnown() {
            return leftKnown && rightKnown;
        }

        boolean oneSideKnown() {
            return leftKnown != rightKnown;
        }

        /** The known side's composite distinct count, capped at that side's rows. */
        double knownSideComposite(Cardinality l, Cardinality r) {
            return leftKnown ? Math.min(product(left), Math.max(1, l.upper())) : Math.min(product(right), Math.max(1, r.upper()));
        }
    }
}
