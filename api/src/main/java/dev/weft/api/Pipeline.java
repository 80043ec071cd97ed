package dev.weft.api;

import static java.util.Objects.requireNonNull;

import dev.weft.api.plan.Boundedness;
import dev.weft.api.plan.EnginePins;
import dev.weft.api.spi.PlanExplainer;
import dev.weft.api.plan.CollectionSource;
import dev.weft.api.plan.CsvFileSource;
import dev.weft.api.plan.CsvFormat;
import dev.weft.api.plan.EdgeProperties;
import dev.weft.api.plan.GeneratorSource;
import dev.weft.api.plan.JdbcDataSource;
import dev.weft.api.plan.JdbcSource;
import dev.weft.api.plan.KafkaFormat;
import dev.weft.api.plan.KafkaSource;
import dev.weft.api.spi.JdbcCatalog;
import dev.weft.api.types.DataTypes;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import dev.weft.api.plan.LogicalOperator;
import dev.weft.api.plan.OperatorInfo;
import dev.weft.api.plan.Plan;
import dev.weft.api.plan.SinkOperator;
import dev.weft.api.plan.TextFileSource;
import dev.weft.api.plan.TpchSource;
import dev.weft.api.plan.TpchTables;
import dev.weft.api.types.ElementType;
import dev.weft.api.types.Row;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Builds one job's logical plan: start from sources, chain {@link Dataset} operations, end in sinks, then hand the
 * pipeline to a driver ({@code Weft.submit}). Not thread-safe; one pipeline per job.
 */
public final class Pipeline {
    private final String name;
    private final AtomicInteger nextId = new AtomicInteger(1);
    private final List<SinkOperator> sinks = new ArrayList<>();
    private final Map<Integer, String> pins = new LinkedHashMap<>();
    private Optional<String> engine = Optional.empty();

    private Pipeline(String name) {
        this.name = requireNonNull(name, "name is null");
    }

    public static Pipeline create(String name) {
        return new Pipeline(name);
    }

    public static Pipeline create() {
        return new Pipeline("pipeline");
    }

    public String name() {
        return name;
    }

    /** The validated plan of everything added so far. */
    public Plan plan() {
        return Plan.of(name, sinks, new EnginePins(engine, pins));
    }

    /**
     * Runs the whole pipeline on one engine instead of letting the optimizer choose; an operator pinned with
     * {@link Dataset#on} keeps its own engine.
     */
    public Pipeline on(Engine engine) {
        this.engine = Optional.of(requireNonNull(engine, "engine is null").name());
        return this;
    }

    /**
     * The plan as the optimizer places it: every operator with its engine, estimated rows, cost and the channel at
     * each engine boundary, then the runner-up plan's cost. Needs the driver module ({@code dev.weft:weft-adaptive})
     * on the classpath; starts no engine.
     */
    public String explain() {
        PlanExplainer explainer = ServiceLoader.load(PlanExplainer.class, Pipeline.class.getClassLoader()).findFirst()
                .orElseThrow(() -> new WeftException(ErrorCode.NO_ENGINE,
                        "Pipeline.explain() needs the optimizer: add the artifact dev.weft:weft-adaptive to the classpath"));
        return explainer.explain(plan());
    }

    void pin(LogicalOperator operator, Engine engine) {
        pins.put(operator.id(), engine.name());
    }

    public <T> Dataset<T> fromCollection(Collection<T> elements, Class<T> elementClass) {
        requireNonNull(elements, "elements is null");
        ElementType<T> type = ElementType.of(elementClass);
        for (T element : elements) {
            if (element == null && !type.isScalar()) {
                throw new WeftException(ErrorCode.INVALID_ARGUMENT,
                        "fromCollection at %s: a null element in a collection of %s; only scalar datasets may hold nulls"
                                .formatted(CallSite.capture(), elementClass.getSimpleName()));
            }
            if (element != null && !elementClass.isInstance(element)) {
                throw new WeftException(ErrorCode.TYPE_MISMATCH, "fromCollection at %s: element %s is a %s, not a %s"
                        .formatted(CallSite.capture(), element, element.getClass().getName(), elementClass.getName()));
            }
        }
        List<T> copy = new ArrayList<>(elements);
        return add(info -> new CollectionSource(info, EdgeProperties.bounded(type), copy), "collection", type);
    }

    public Dataset<Row> fromRows(Collection<Row> rows, Schema schema) {
        ElementType<Row> type = ElementType.row(schema);
        for (Row row : rows) {
            if (row == null || row.size() != schema.getFields().size()) {
                throw new WeftException(ErrorCode.INVALID_ARGUMENT, "fromRows at %s: row %s does not have the %d columns of the schema"
                        .formatted(CallSite.capture(), row, schema.getFields().size()));
            }
        }
        List<Row> copy = new ArrayList<>(rows);
        return add(info -> new CollectionSource(info, EdgeProperties.bounded(type), copy), "collection", type);
    }

    /** The lines of a UTF-8 text file (or of every file in a directory), as a dataset of String (column "value"). */
    public Dataset<String> readText(Path path) {
        ElementType<String> type = ElementType.of(String.class);
        String file = requireNonNull(path, "path is null").toString();
        return add(info -> new TextFileSource(info, EdgeProperties.bounded(type), file), "read-text", type);
    }

    /** A CSV file read into records of {@code recordClass} (columns by position, types from the components). */
    public <T> Dataset<T> readCsv(Path path, Class<T> recordClass, CsvFormat format) {
        ElementType<T> type = ElementType.of(recordClass);
        return readCsv(path, type, format);
    }

    /** A CSV file read into rows of {@code schema}. */
    public Dataset<Row> readCsv(Path path, Schema schema, CsvFormat format) {
        return readCsv(path, ElementType.row(schema), format);
    }

    private <T> Dataset<T> readCsv(Path path, ElementType<T> type, CsvFormat format) {
        String file = requireNonNull(path, "path is null").toString();
        requireNonNull(format, "format is null");
        return add(info -> new CsvFileSource(info, EdgeProperties.bounded(type), file, format), "read-csv", type);
    }

    /** A generated TPC-H table (region, nation, part, supplier, partsupp, customer, orders, lineitem). */
    public Dataset<Row> readTpch(String table, double scaleFactor) {
        ElementType<Row> type = ElementType.row(TpchTables.schema(table));
        return add(info -> new TpchSource(info, EdgeProperties.bounded(type), table, scaleFactor), "tpch-" + table, type);
    }

    /** count longs 0..count-1, produced at most at {@code ratePerSecond} (0: unthrottled). */
    public Dataset<Long> generate(long count, long ratePerSecond) {
        ElementType<Long> type = ElementType.of(Long.class);
        return add(info -> new GeneratorSource(info, EdgeProperties.bounded(type), ratePerSecond, OptionalLong.of(count)),
                "generate", type);
    }

    /** An unbounded stream of longs 0, 1, 2, ... at {@code ratePerSecond}. */
    public Dataset<Long> generateUnbounded(long ratePerSecond) {
        ElementType<Long> type = ElementType.of(Long.class);
        return add(info -> new GeneratorSource(info, new EdgeProperties(type, Boundedness.UNBOUNDED, Optional.empty()),
                ratePerSecond, OptionalLong.empty()), "generate", type);
    }

    /** A database table (possibly schema-qualified), its schema read from the database now; needs the JDBC engine module. */
    public Dataset<Row> readJdbc(JdbcDataSource dataSource, String table) {
        return readJdbc(dataSource, table, "", null);
    }

    /** A database table with a declared schema (columns by name; no connection until the job runs). */
    public Dataset<Row> readJdbc(JdbcDataSource dataSource, String table, Schema schema) {
        return readJdbc(dataSource, table, "", requireNonNull(schema, "schema is null"));
    }

    /** The rows of a SQL query, its schema read from the database now; the query is pushed down whole, filters around it too. */
    public Dataset<Row> readJdbcQuery(JdbcDataSource dataSource, String query) {
        return readJdbc(dataSource, "", query, null);
    }

    private Dataset<Row> readJdbc(JdbcDataSource dataSource, String table, String query, Schema declared) {
        requireNonNull(dataSource, "dataSource is null");
        requireNonNull(table, "table is null");
        requireNonNull(query, "query is null");
        Schema schema = declared != null ? declared : jdbcCatalog().schema(dataSource, table, query);
        ElementType<Row> type = ElementType.row(schema);
        return add(info -> new JdbcSource(info, EdgeProperties.bounded(type), dataSource, table, query, JdbcSource.DEFAULT_FETCH_SIZE),
                "read-jdbc", type);
    }

    private static JdbcCatalog jdbcCatalog() {
        return ServiceLoader.load(JdbcCatalog.class).findFirst().orElseThrow(() -> new WeftException(ErrorCode.NO_ENGINE,
                "reading a database table needs the JDBC engine: add dev.weft:weft-engine-jdbc to the classpath, or declare the schema with readJdbc(dataSource, table, schema)"));
    }

    /** Records of a Kafka topic as rows: bounded by offsets or timestamps, or unbounded ({@link KafkaRead#unbounded()}). */
    public Dataset<Row> readKafka(KafkaRead read) {
        requireNonNull(read, "read is null");
        Schema schema = kafkaSchema(read);
        ElementType<Row> type = ElementType.row(schema);
        boolean unbounded = read.end().kind() == dev.weft.api.plan.KafkaOffsets.Kind.UNBOUNDED;
        EdgeProperties output = new EdgeProperties(type, unbounded ? Boundedness.UNBOUNDED : Boundedness.BOUNDED, Optional.empty());
        return add(info -> new KafkaSource(info, output, read.topic(), read.format(), read.start(), read.end(), read.groupId(),
                read.partitions(), read.deadLetterTopic(), read.timestampColumn()), "read-kafka", type);
    }

    private static Schema kafkaSchema(KafkaRead read) {
        List<Field> fields = new ArrayList<>();
        if (read.format().declaredSchema()) {
            fields.addAll(read.schema().orElseThrow(() -> new WeftException(ErrorCode.INVALID_ARGUMENT,
                    "Kafka topic %s: %s values need a declared schema, for example KafkaRead.topic(t).json(schema)"
                            .formatted(read.topic().topic(), read.format().kind()))).getFields());
        } else {
            ArrowType raw = read.format().kind() == KafkaFormat.Kind.BYTES ? DataTypes.BINARY : DataTypes.STRING;
            fields.add(DataTypes.field("key", raw, true));
            fields.add(DataTypes.field("value", raw, true));
        }
        if (!read.timestampColumn().isBlank()) {
            if (fields.stream().anyMatch(f -> f.getName().equals(read.timestampColumn()))) {
                throw new WeftException(ErrorCode.INVALID_ARGUMENT, "Kafka topic %s: the timestamp column '%s' clashes with a value column; choose another name"
                        .formatted(read.topic().topic(), read.timestampColumn()));
            }
            fields.add(DataTypes.field(read.timestampColumn(), DataTypes.TIMESTAMP, false));
        }
        return new Schema(fields);
    }

    <T> Dataset<T> add(Function<OperatorInfo, ? extends LogicalOperator> factory, String kind, ElementType<T> type) {
        LogicalOperator operator = create(factory, kind);
        return new Dataset<>(this, operator, type);
    }

    LogicalOperator create(Function<OperatorInfo, ? extends LogicalOperator> factory, String kind) {
        int id = nextId.getAndIncrement();
        OperatorInfo info = new OperatorInfo(id, kind + "#" + id, CallSite.capture());
        try {
            return factory.apply(info);
        } catch (IllegalArgumentException e) {
            throw new WeftException(ErrorCode.INVALID_ARGUMENT, "%s: %s".formatted(info.describe(), e.getMessage()), e);
        } catch (WeftException e) {
            throw new WeftException(e.errorCode(), "%s: %s".formatted(info.describe(), e.getMessage()), e);
        }
    }

    void addSink(SinkOperator sink) {
        sinks.add(sink);
    }

    int reserveId() {
        return nextId.getAndIncrement();
    }
}
