package dev.weft.api;

import static java.util.Objects.requireNonNull;

import dev.weft.api.expr.AggregateCall;
import dev.weft.api.expr.Alias;
import dev.weft.api.expr.Cast;
import dev.weft.api.expr.ColumnRef;
import dev.weft.api.expr.Expression;
import dev.weft.api.expr.ExpressionTyper;
import dev.weft.api.expr.Expressions;
import dev.weft.api.expr.SortKey;
import dev.weft.api.function.CoGroupFunction;
import dev.weft.api.function.FilterFunction;
import dev.weft.api.function.FlatMapFunction;
import dev.weft.api.function.Hints;
import dev.weft.api.function.IterableFlatMapFunction;
import dev.weft.api.function.KeySelector;
import dev.weft.api.function.LoopCondition;
import dev.weft.api.function.MapFunction;
import dev.weft.api.function.MapPartitionsFunction;
import dev.weft.api.function.ReduceFunction;
import dev.weft.api.function.SinkFunction;
import dev.weft.api.function.Udf;
import dev.weft.api.plan.AggregateOperator;
import dev.weft.api.plan.CallbackSink;
import dev.weft.api.plan.CartesianOperator;
import dev.weft.api.plan.CoGroupOperator;
import dev.weft.api.plan.CollectSink;
import dev.weft.api.plan.CountOperator;
import dev.weft.api.plan.CsvFileSink;
import dev.weft.api.plan.JdbcDataSource;
import dev.weft.api.plan.JdbcSink;
import dev.weft.api.plan.JdbcWriteMode;
import dev.weft.api.plan.KafkaFormat;
import dev.weft.api.plan.KafkaSink;
import dev.weft.api.plan.KafkaTopic;
import dev.weft.api.plan.CsvFormat;
import dev.weft.api.plan.DistinctOperator;
import dev.weft.api.plan.DoWhileOperator;
import dev.weft.api.plan.EdgeProperties;
import dev.weft.api.plan.FilterCondition;
import dev.weft.api.plan.FilterOperator;
import dev.weft.api.plan.FlatMapOperator;
import dev.weft.api.plan.IntersectOperator;
import dev.weft.api.plan.JoinOperator;
import dev.weft.api.plan.JoinType;
import dev.weft.api.plan.LimitOperator;
import dev.weft.api.plan.LogicalOperator;
import dev.weft.api.plan.LoopBody;
import dev.weft.api.plan.LoopInput;
import dev.weft.api.plan.MapOperator;
import dev.weft.api.plan.MapPartitionsOperator;
import dev.weft.api.plan.OperatorInfo;
import dev.weft.api.plan.ProjectOperator;
import dev.weft.api.plan.ReduceByKeyOperator;
import dev.weft.api.plan.ReduceOperator;
import dev.weft.api.plan.RepeatOperator;
import dev.weft.api.plan.SampleOperator;
import dev.weft.api.plan.SampleSpec;
import dev.weft.api.plan.SortOperator;
import dev.weft.api.plan.TextFileSink;
import dev.weft.api.plan.TopKOperator;
import dev.weft.api.plan.UnionOperator;
import dev.weft.api.plan.WatermarkOperator;
import dev.weft.api.plan.ZipWithIdOperator;
import dev.weft.api.plan.Window;
import dev.weft.api.types.DataTypes;
import dev.weft.api.types.ElementType;
import dev.weft.api.types.Row;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A distributed collection of elements of type {@code T}, bounded or unbounded: the node of the plan being built.
 * Operations return new datasets; nothing runs until the pipeline is submitted. Declarative operations
 * ({@link #filter(Expression)}, {@link #select}, {@link #groupBy}, {@link #join}) are checked against the schema
 * when called; lambdas are checked when they run.
 */
public final class Dataset<T> {
    private final Pipeline pipeline;
    private final LogicalOperator operator;
    private final ElementType<T> elementType;

    Dataset(Pipeline pipeline, LogicalOperator operator, ElementType<T> elementType) {
        this.pipeline = requireNonNull(pipeline, "pipeline is null");
        this.operator = requireNonNull(operator, "operator is null");
        this.elementType = requireNonNull(elementType, "elementType is null");
    }

    public LogicalOperator operator() {
        return operator;
    }

    public ElementType<T> elementType() {
        return elementType;
    }

    public Schema schema() {
        return elementType.schema();
    }

    public Pipeline pipeline() {
        return pipeline;
    }

    /** Gives the operator that produced this dataset a name, used in errors, explain output and metrics. */
    public Dataset<T> named(String name) {
        requireNonNull(name, "name is null");
        LogicalOperator renamed = rename(operator, operator.info().withName(name));
        return new Dataset<>(pipeline, renamed, elementType);
    }

    /**
     * Runs the operator that produced this dataset on the given engine, whatever the optimizer would choose; the
     * optimizer fails naming this operator if the engine cannot run it.
     */
    public Dataset<T> on(Engine engine) {
        requireNonNull(engine, "engine is null");
        pipeline.pin(operator, engine);
        return this;
    }

    // element-wise lambdas

    public <R> Dataset<R> map(MapFunction<T, R> function, Class<R> outputClass) {
        return map(function, outputClass, Hints.NONE);
    }

    public <R> Dataset<R> map(MapFunction<T, R> function, Class<R> outputClass, Hints hints) {
        ElementType<R> out = ElementType.of(outputClass);
        Udf<MapFunction<T, R>> udf = new Udf<>(requireNonNull(function, "function is null"), hints);
        return derive(info -> new MapOperator(info, edge(out), operator, udf), "map", out);
    }

    /** A lambda producing generic rows of the given schema. */
    public Dataset<Row> map(MapFunction<T, Row> function, Schema outputSchema) {
        ElementType<Row> out = ElementType.row(outputSchema);
        Udf<MapFunction<T, Row>> udf = Udf.of(requireNonNull(function, "function is null"));
        return derive(info -> new MapOperator(info, edge(out), operator, udf), "map", out);
    }

    public <R> Dataset<R> flatMap(FlatMapFunction<T, R> function, Class<R> outputClass) {
        return flatMap(function, outputClass, Hints.NONE);
    }

    public <R> Dataset<R> flatMap(FlatMapFunction<T, R> function, Class<R> outputClass, Hints hints) {
        ElementType<R> out = ElementType.of(outputClass);
        Udf<FlatMapFunction<T, R>> udf = new Udf<>(requireNonNull(function, "function is null"), hints);
        return derive(info -> new FlatMapOperator(info, edge(out), operator, udf), "flat-map", out);
    }

    /** Spark-style flatMap: the lambda returns an Iterable. */
    public <R> Dataset<R> flatMap(IterableFlatMapFunction<T, R> function, Class<R> outputClass) {
        return flatMap(new IterableAdapter<>(requireNonNull(function, "function is null")), outputClass, Hints.NONE);
    }

    public Dataset<T> filter(FilterFunction<T> function) {
        return filter(function, Hints.NONE);
    }

    public Dataset<T> filter(FilterFunction<T> function, Hints hints) {
        FilterCondition condition = new FilterCondition.Lambda(new Udf<>(requireNonNull(function, "function is null"), hints));
        return derive(info -> new FilterOperator(info, operator.output(), operator, condition), "filter", elementType);
    }

    /** Keeps rows where the boolean expression is true (NULL counts as false). */
    public Dataset<T> filter(Expression predicate) {
        requireNonNull(predicate, "predicate is null");
        return derive(info -> {
            Field field = ExpressionTyper.resolve(predicate, schema());
            if (!(field.getType() instanceof ArrowType.Bool)) {
                throw new WeftException(ErrorCode.TYPE_MISMATCH, "filter predicate %s is %s, not boolean"
                        .formatted(predicate, DataTypes.describe(field.getType())));
            }
            noAggregates(predicate, "filter");
            return new FilterOperator(info, operator.output(), operator, new FilterCondition.Declarative(predicate));
        }, "filter", elementType);
    }

    public <R> Dataset<R> mapPartitions(MapPartitionsFunction<T, R> function, Class<R> outputClass) {
        ElementType<R> out = ElementType.of(outputClass);
        Udf<MapPartitionsFunction<T, R>> udf = Udf.of(requireNonNull(function, "function is null"));
        return derive(info -> new MapPartitionsOperator(info, edge(out), operator, udf), "map-partitions", out);
    }

    // declarative projections

    /** Computes columns from expressions; each is a column reference or is named with {@code as(...)}. */
    public Dataset<Row> select(Expression... expressions) {
        List<Expression> list = List.of(expressions);
        return project(list, "select");
    }

    public Dataset<Row> select(String... columns) {
        return select(Arrays.stream(columns).map(Expressions::col).toArray(Expression[]::new));
    }

    /** All columns plus one computed column (replacing a column of the same name). */
    public Dataset<Row> withColumn(String name, Expression expression) {
        List<Expression> list = new ArrayList<>();
        boolean replaced = false;
        for (Field field : schema().getFields()) {
            if (field.getName().equals(name)) {
                list.add(expression.as(name));
                replaced = true;
            } else {
                list.add(Expressions.col(field.getName()));
            }
        }
        if (!replaced) {
            list.add(expression.as(name));
        }
        return project(list, "with-column");
    }

    /** The rows of a Row dataset as records of {@code recordClass}: columns matched by name, cast where types differ. */
    public <R> Dataset<R> as(Class<R> recordClass) {
        ElementType<R> out = ElementType.of(recordClass);
        List<Expression> list = new ArrayList<>();
        for (Field target : out.schema().getFields()) {
            Field source = schema().getFields().stream().filter(f -> f.getName().equals(target.getName())).findFirst()
                    .orElseThrow(() -> new WeftException(ErrorCode.UNKNOWN_COLUMN,
                            "as(%s) at %s: the dataset has no column '%s' for the record component; its columns are %s"
                                    .formatted(recordClass.getSimpleName(), CallSite.capture(), target.getName(), columnNames(schema()))));
            Expression column = Expressions.col(source.getName());
            list.add(source.getType().equals(target.getType()) ? column : new Cast(column, target.getType()).as(target.getName()));
        }
        return derive(info -> {
            ProjectOperator project = new ProjectOperator(info, edge(out), operator, list);
            for (Expression expression : list) {
                ExpressionTyper.resolve(expression, schema());
            }
            return project;
        }, "as", out);
    }

    private Dataset<Row> project(List<Expression> expressions, String kind) {
        return derive(info -> {
            if (expressions.isEmpty()) {
                throw new WeftException(ErrorCode.INVALID_ARGUMENT, kind + " needs at least one expression");
            }
            List<Field> fields = new ArrayList<>();
            Set<String> names = new HashSet<>();
            for (Expression expression : expressions) {
                noAggregates(expression, kind);
                if (!(expression instanceof ColumnRef) && !(expression instanceof Alias)) {
                    throw new WeftException(ErrorCode.INVALID_ARGUMENT,
                            "%s expression %s needs a name: write it as (...).as(\"name\")".formatted(kind, expression));
                }
                Field field = ExpressionTyper.resolve(expression, schema());
                if (!names.add(field.getName())) {
                    throw new WeftException(ErrorCode.INVALID_ARGUMENT, "%s produces column '%s' twice".formatted(kind, field.getName()));
                }
                fields.add(field);
            }
            return new ProjectOperator(info, edge(ElementType.row(new Schema(fields))), operator, expressions);
        }, kind, null);
    }

    // whole-dataset operations

    public Dataset<T> distinct() {
        return derive(info -> new DistinctOperator(info, operator.output(), operator), "distinct", elementType);
    }

    public Dataset<T> sort(SortKey... keys) {
        List<SortKey> list = List.of(keys);
        return derive(info -> {
            checkSortKeys(list);
            return new SortOperator(info, operator.output(), operator, list);
        }, "sort", elementType);
    }

    public Dataset<T> limit(long limit) {
        return derive(info -> new LimitOperator(info, operator.output(), operator, limit), "limit", elementType);
    }

    /** The k first elements by the keys, sorted. */
    public Dataset<T> topK(long k, SortKey... keys) {
        List<SortKey> list = List.of(keys);
        return derive(info -> {
            checkSortKeys(list);
            return new TopKOperator(info, operator.output(), operator, list, k);
        }, "top-k", elementType);
    }

    /** The number of elements, as a one-element dataset. */
    public Dataset<Long> count() {
        ElementType<Long> out = ElementType.of(Long.class);
        return derive(info -> new CountOperator(info, edge(out), operator), "count", out);
    }

    public Dataset<T> reduce(ReduceFunction<T> function) {
        Udf<ReduceFunction<T>> udf = Udf.of(requireNonNull(function, "function is null"));
        return derive(info -> new ReduceOperator(info, operator.output(), operator, udf), "reduce", elementType);
    }

    public GroupedDataset<T> groupBy(String... columns) {
        return groupBy(Arrays.stream(columns).map(Expressions::col).toArray(Expression[]::new));
    }

    public GroupedDataset<T> groupBy(Expression... keys) {
        return new GroupedDataset<>(this, List.of(keys), Optional.empty());
    }

    /** Aggregates over the whole dataset (one row). */
    public Dataset<Row> aggregate(Expression... aggregates) {
        return aggregate(List.of(), List.of(aggregates), Optional.empty());
    }

    Dataset<Row> aggregate(List<Expression> keys, List<Expression> aggregates, Optional<Window> window) {
        return derive(info -> {
            List<Field> fields = new ArrayList<>();
            if (window.isPresent()) {
                fields.add(DataTypes.field("window_start", DataTypes.TIMESTAMP, false));
                fields.add(DataTypes.field("window_end", DataTypes.TIMESTAMP, false));
            }
            for (Expression key : keys) {
                noAggregates(key, "groupBy key");
                fields.add(ExpressionTyper.resolve(key, schema()));
            }
            if (aggregates.isEmpty()) {
                throw new WeftException(ErrorCode.INVALID_ARGUMENT, "aggregate needs at least one aggregate, for example count()");
            }
            for (Expression aggregate : aggregates) {
                Expression inner = aggregate instanceof Alias alias ? alias.input() : aggregate;
                if (!(inner instanceof AggregateCall)) {
                    throw new WeftException(ErrorCode.INVALID_ARGUMENT, ("%s is not an aggregate: each item must be sum/count/min/max/avg"
                            + "(...) optionally named with as(...); compute other expressions with select(...) afterwards").formatted(aggregate));
                }
                fields.add(ExpressionTyper.resolve(aggregate, schema()));
            }
            Set<String> names = new HashSet<>();
            for (Field field : fields) {
                if (!names.add(field.getName())) {
                    throw new WeftException(ErrorCode.INVALID_ARGUMENT, "aggregate produces column '%s' twice; rename one with as(...)"
                            .formatted(field.getName()));
                }
            }
            return new AggregateOperator(info, edge(ElementType.row(new Schema(fields))), operator, keys, aggregates, window);
        }, "aggregate", null);
    }

    /** Groups by a key lambda and reduces each group with an associative, commutative function (map-side combined). */
    public <K> Dataset<T> reduceByKey(KeySelector<T, K> key, ReduceFunction<T> reducer) {
        Udf<KeySelector<T, K>> keyUdf = Udf.of(requireNonNull(key, "key is null"));
        Udf<ReduceFunction<T>> reduceUdf = Udf.of(requireNonNull(reducer, "reducer is null"));
        return derive(info -> new ReduceByKeyOperator(info, operator.output(), operator, keyUdf, reduceUdf), "reduce-by-key", elementType);
    }

    public Dataset<T> sample(double fraction, long seed) {
        return derive(info -> new SampleOperator(info, operator.output(), operator, SampleSpec.fraction(fraction, seed)), "sample", elementType);
    }

    public Dataset<T> sampleSize(long size, long seed) {
        return derive(info -> new SampleOperator(info, operator.output(), operator, SampleSpec.size(size, seed)), "sample", elementType);
    }

    /** Each element prefixed with a unique id 0..n-1, as a row (id, columns...). */
    public Dataset<Row> zipWithId() {
        return derive(info -> {
            if (schema().getFields().stream().anyMatch(f -> f.getName().equals("id"))) {
                throw new WeftException(ErrorCode.INVALID_ARGUMENT, "zipWithId adds column 'id', which the input already has; rename it first");
            }
            List<Field> fields = new ArrayList<>();
            fields.add(DataTypes.field("id", DataTypes.INT64, false));
            fields.addAll(schema().getFields());
            return new ZipWithIdOperator(info, edge(ElementType.row(new Schema(fields))), operator);
        }, "zip-with-id", null);
    }

    /** Declares event time: a timestamp (or date) column and how far out of order events may arrive. */
    public Dataset<T> withWatermark(String column, Duration maxOutOfOrderness) {
        return derive(info -> {
            Field field = ExpressionTyper.resolve(Expressions.col(column), schema());
            if (!DataTypes.isTemporal(field.getType())) {
                throw new WeftException(ErrorCode.TYPE_MISMATCH, "event time column '%s' is %s; it must be a timestamp or date"
                        .formatted(column, DataTypes.describe(field.getType())));
            }
            EdgeProperties out = new EdgeProperties(elementType, operator.output().boundedness(),
                    Optional.of(new EdgeProperties.EventTime(column, maxOutOfOrderness)));
            return new WatermarkOperator(info, out, operator);
        }, "watermark", elementType);
    }

    // binary operations

    public Dataset<Row> join(Dataset<?> right, JoinKeys keys) {
        return join(right, JoinType.INNER, keys);
    }

    /** An equi-join. INNER and LEFT produce rows with the columns of both sides; SEMI and ANTI the left columns. */
    public Dataset<Row> join(Dataset<?> right, JoinType type, JoinKeys keys) {
        requireNonNull(type, "type is null");
        boolean leftOnly = type == JoinType.SEMI || type == JoinType.ANTI;
        return joined(right, type, keys, leftOnly ? ElementType.row(schema()) : null);
    }

    /** Elements with a match in {@code right} (left columns, left element type). */
    public Dataset<T> semiJoin(Dataset<?> right, JoinKeys keys) {
        return joined(right, JoinType.SEMI, keys, elementType);
    }

    /** Elements without a match in {@code right}. */
    public Dataset<T> antiJoin(Dataset<?> right, JoinKeys keys) {
        return joined(right, JoinType.ANTI, keys, elementType);
    }

    /** {@code outputType} is the element type of a SEMI/ANTI join; null for INNER/LEFT (rows of both sides). */
    private <R> Dataset<R> joined(Dataset<?> right, JoinType type, JoinKeys keys, ElementType<R> outputType) {
        requireNonNull(right, "right is null");
        requireNonNull(keys, "keys is null");
        samePipeline(right);
        return derive(info -> {
            if (keys.left().isEmpty() || keys.left().size() != keys.right().size()) {
                throw new WeftException(ErrorCode.INVALID_ARGUMENT, "join needs as many left keys as right keys, at least one");
            }
            Set<String> usingColumns = new HashSet<>();
            for (int i = 0; i < keys.left().size(); i++) {
                Expression l = keys.left().get(i);
                Expression r = keys.right().get(i);
                ArrowType lt = ExpressionTyper.typeOf(l, schema());
                ArrowType rt = ExpressionTyper.typeOf(r, right.schema());
                if (!DataTypes.comparable(lt, rt)) {
                    throw new WeftException(ErrorCode.TYPE_MISMATCH, "join key %s (%s) cannot be compared with %s (%s)"
                            .formatted(l, DataTypes.describe(lt), r, DataTypes.describe(rt)));
                }
                if (l instanceof ColumnRef lc && r instanceof ColumnRef rc && lc.column().equals(rc.column())) {
                    usingColumns.add(lc.column());
                }
            }
            ElementType<?> out = outputType != null ? outputType
                    : ElementType.row(concat(schema(), right.schema(), usingColumns, type == JoinType.LEFT, "join"));
            return new JoinOperator(info, edge(out, right), operator, right.operator, type, keys.left(), keys.right());
        }, "join", outputType);
    }

    public <R, K, O> Dataset<O> coGroup(Dataset<R> right, KeySelector<T, K> leftKey, KeySelector<R, K> rightKey,
                                        CoGroupFunction<K, T, R, O> function, Class<O> outputClass) {
        samePipeline(right);
        ElementType<O> out = ElementType.of(outputClass);
        LogicalOperator created = pipeline.create(info -> new CoGroupOperator(info, edge(out, right), operator, right.operator,
                Udf.of(leftKey), Udf.of(rightKey), Udf.of(function)), "co-group");
        return new Dataset<>(pipeline, created, out);
    }

    @SafeVarargs
    public final Dataset<T> union(Dataset<T>... others) {
        List<LogicalOperator> inputs = new ArrayList<>();
        inputs.add(operator);
        for (Dataset<T> other : others) {
            samePipeline(other);
            inputs.add(other.operator);
        }
        LogicalOperator created = pipeline.create(info -> {
            for (Dataset<T> other : others) {
                sameColumns(other, "union");
            }
            EdgeProperties out = new EdgeProperties(elementType, dev.weft.api.plan.Boundedness.of(inputs), Optional.empty());
            return new UnionOperator(info, out, inputs);
        }, "union");
        return new Dataset<>(pipeline, created, elementType);
    }

    /** Distinct elements present in both datasets. */
    public Dataset<T> intersect(Dataset<T> other) {
        samePipeline(other);
        return derive(info -> {
            sameColumns(other, "intersect");
            return new IntersectOperator(info, edge(elementType, other), operator, other.operator);
        }, "intersect", elementType);
    }

    public Dataset<Row> cartesian(Dataset<?> right) {
        samePipeline(right);
        return derive(info -> new CartesianOperator(info,
                edge(ElementType.row(concat(schema(), right.schema(), Set.of(), false, "cartesian")), right),
                operator, right.operator), "cartesian", null);
    }

    // loops

    /** Runs {@code body} {@code times} times, each iteration on the previous result. */
    public Dataset<T> repeat(int times, Function<Dataset<T>, Dataset<T>> body) {
        LoopBody loopBody = loopBody(body);
        return derive(info -> new RepeatOperator(info, operator.output(), operator, times, loopBody), "repeat", elementType);
    }

    /** Runs {@code body}, then again while {@code condition} says so, at most {@code maxIterations} times. */
    public Dataset<T> doWhile(Function<Dataset<T>, Dataset<T>> body, LoopCondition<T> condition, int maxIterations) {
        LoopBody loopBody = loopBody(body);
        Udf<LoopCondition<T>> udf = Udf.of(requireNonNull(condition, "condition is null"));
        return derive(info -> new DoWhileOperator(info, operator.output(), operator, loopBody, udf, maxIterations), "do-while", elementType);
    }

    private LoopBody loopBody(Function<Dataset<T>, Dataset<T>> body) {
        requireNonNull(body, "body is null");
        int id = pipeline.reserveId();
        LoopInput start = new LoopInput(new OperatorInfo(id, "loop-input#" + id, CallSite.capture()), operator.output());
        Dataset<T> result = body.apply(new Dataset<>(pipeline, start, elementType));
        if (result == null || !sameFields(result.schema(), schema())) {
            throw new WeftException(ErrorCode.TYPE_MISMATCH, "loop body at %s must return a dataset with the columns %s, got %s"
                    .formatted(CallSite.capture(), columnNames(schema()), result == null ? "null" : columnNames(result.schema())));
        }
        return new LoopBody(start, result.operator);
    }

    // sinks

    /** Collects the elements to the driver; read them from the finished job with the returned handle. */
    public Collected<T> collect() {
        CollectSink sink = (CollectSink) pipeline.create(info -> new CollectSink(info, operator.output(), operator), "collect");
        pipeline.addSink(sink);
        return new Collected<>(sink, elementType);
    }

    /** Calls {@code function} for every element, from engine threads (it must be thread-safe). */
    public void forEach(SinkFunction<T> function) {
        Udf<SinkFunction<T>> udf = Udf.of(requireNonNull(function, "function is null"));
        pipeline.addSink((CallbackSink) pipeline.create(info -> new CallbackSink(info, operator.output(), operator, udf), "for-each"));
    }

    /** One line per element; the dataset must have exactly one column (map to String first otherwise). */
    public void writeText(Path path) {
        String file = requireNonNull(path, "path is null").toString();
        pipeline.addSink((TextFileSink) pipeline.create(info -> {
            if (schema().getFields().size() != 1) {
                throw new WeftException(ErrorCode.INVALID_ARGUMENT, "writeText needs a single column, the dataset has %s; use writeCsv or map to String"
                        .formatted(columnNames(schema())));
            }
            return new TextFileSink(info, operator.output(), operator, file);
        }, "write-text"));
    }

    public void writeCsv(Path path) {
        writeCsv(path, CsvFormat.DEFAULT);
    }

    public void writeCsv(Path path, CsvFormat format) {
        String file = requireNonNull(path, "path is null").toString();
        requireNonNull(format, "format is null");
        pipeline.addSink((CsvFileSink) pipeline.create(info -> new CsvFileSink(info, operator.output(), operator, file, format), "write-csv"));
    }

    /** Inserts the rows into a database table with COPY, in one transaction (columns by name); needs the JDBC engine module. */
    public void writeJdbc(JdbcDataSource dataSource, String table, JdbcWriteMode mode) {
        requireNonNull(dataSource, "dataSource is null");
        requireNonNull(table, "table is null");
        requireNonNull(mode, "mode is null");
        pipeline.addSink((JdbcSink) pipeline.create(info -> new JdbcSink(info, operator.output(), operator, dataSource, table, mode), "write-jdbc"));
    }

    /** Writes every element to a Kafka topic in {@code format} (idempotent producer, acks=all), without a key. */
    public void writeKafka(KafkaTopic topic, KafkaFormat format) {
        writeKafka(topic, format, "");
    }

    /** As {@link #writeKafka(KafkaTopic, KafkaFormat)}, keyed by the string value of {@code keyColumn}. */
    public void writeKafka(KafkaTopic topic, KafkaFormat format, String keyColumn) {
        requireNonNull(topic, "topic is null");
        requireNonNull(format, "format is null");
        requireNonNull(keyColumn, "keyColumn is null");
        pipeline.addSink((KafkaSink) pipeline.create(info -> {
            if (!keyColumn.isBlank() && schema().getFields().stream().noneMatch(f -> f.getName().equals(keyColumn))) {
                throw new WeftException(ErrorCode.INVALID_ARGUMENT, "writeKafka key column '%s' is not one of %s".formatted(keyColumn, columnNames(schema())));
            }
            return new KafkaSink(info, operator.output(), operator, topic, format, keyColumn);
        }, "write-kafka"));
    }

    // helpers

    /** Creates an operator from this dataset (and possibly others); {@code type} null means the operator's own element type. */
    @SuppressWarnings("unchecked")
    private <R> Dataset<R> derive(Function<OperatorInfo, ? extends LogicalOperator> factory, String kind, ElementType<R> type) {
        LogicalOperator created = pipeline.create(factory, kind);
        ElementType<R> resolved = type != null ? type : (ElementType<R>) created.output().elementType();
        return new Dataset<>(pipeline, created, resolved);
    }

    private EdgeProperties edge(ElementType<?> type) {
        return new EdgeProperties(type, operator.output().boundedness(), Optional.empty());
    }

    private EdgeProperties edge(ElementType<?> type, Dataset<?> other) {
        return new EdgeProperties(type, dev.weft.api.plan.Boundedness.of(List.of(operator, other.operator)), Optional.empty());
    }

    private void samePipeline(Dataset<?> other) {
        requireNonNull(other, "other dataset is null");
        if (other.pipeline != pipeline) {
            throw new WeftException(ErrorCode.INVALID_PLAN, "at %s: datasets from two pipelines cannot be combined".formatted(CallSite.capture()));
        }
    }

    private void sameColumns(Dataset<?> other, String kind) {
        if (!sameFields(schema(), other.schema())) {
            throw new WeftException(ErrorCode.TYPE_MISMATCH, "%s needs inputs with the same columns: %s vs %s".formatted(
                    kind, dev.weft.api.types.RecordSchemas.describe(schema()), dev.weft.api.types.RecordSchemas.describe(other.schema())));
        }
    }

    private static boolean sameFields(Schema left, Schema right) {
        List<Field> l = left.getFields();
        List<Field> r = right.getFields();
        if (l.size() != r.size()) {
            return false;
        }
        for (int i = 0; i < l.size(); i++) {
            if (!l.get(i).getName().equals(r.get(i).getName()) || !l.get(i).getType().equals(r.get(i).getType())) {
                return false;
            }
        }
        return true;
    }

    private void checkSortKeys(List<SortKey> keys) {
        if (keys.isEmpty()) {
            throw new WeftException(ErrorCode.INVALID_ARGUMENT, "sort needs at least one key, for example asc(\"column\")");
        }
        for (SortKey key : keys) {
            noAggregates(key.expression(), "sort key");
            ArrowType type = ExpressionTyper.typeOf(key.expression(), schema());
            if (type instanceof ArrowType.Struct || type instanceof ArrowType.List) {
                throw new WeftException(ErrorCode.TYPE_MISMATCH, "cannot sort by %s of type %s".formatted(key.expression(), DataTypes.describe(type)));
            }
        }
    }

    private static void noAggregates(Expression expression, String where) {
        if (ExpressionTyper.containsAggregate(expression)) {
            throw new WeftException(ErrorCode.INVALID_ARGUMENT,
                    "aggregate %s is not allowed in %s; use groupBy(...).aggregate(...)".formatted(expression, where));
        }
    }

    private static Schema concat(Schema left, Schema right, Set<String> usingColumns, boolean rightNullable, String kind) {
        List<Field> fields = new ArrayList<>(left.getFields());
        Set<String> names = new HashSet<>(columnNames(left));
        for (Field field : right.getFields()) {
            if (names.contains(field.getName())) {
                if (usingColumns.contains(field.getName())) {
                    continue;
                }
                throw new WeftException(ErrorCode.INVALID_ARGUMENT, ("column '%s' is on both sides of the %s; rename one side first, "
                        + "for example select(col(\"%s\").as(\"right_%s\"), ...)").formatted(field.getName(), kind, field.getName(), field.getName()));
            }
            fields.add(rightNullable ? new Field(field.getName(), new FieldType(true, field.getType(), null), field.getChildren()) : field);
        }
        return new Schema(fields);
    }

    static List<String> columnNames(Schema schema) {
        return schema.getFields().stream().map(Field::getName).toList();
    }

    private static LogicalOperator rename(LogicalOperator operator, OperatorInfo info) {
        return OperatorRenamer.rename(operator, info);
    }

    /** Adapts a Spark-style flatMap (returning an Iterable) to the emitter form. */
    private record IterableAdapter<T, R>(IterableFlatMapFunction<T, R> function) implements FlatMapFunction<T, R> {
        @Override
        public void flatMap(T value, dev.weft.api.function.Emitter<R> out) throws Exception {
            Iterable<R> results = function.apply(value);
            if (results != null) {
                for (R result : results) {
                    out.emit(result);
                }
            }
        }
    }
}
