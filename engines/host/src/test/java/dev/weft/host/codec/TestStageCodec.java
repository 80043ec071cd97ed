package dev.weft.host.codec;

import static dev.weft.api.expr.Expressions.asc;
import static dev.weft.api.expr.Expressions.col;
import static dev.weft.api.expr.Expressions.count;
import static dev.weft.api.expr.Expressions.lit;
import static dev.weft.api.expr.Expressions.sum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.api.Collected;
import dev.weft.api.Dataset;
import dev.weft.api.ErrorCode;
import dev.weft.api.JoinKeys;
import dev.weft.api.Pipeline;
import dev.weft.api.WeftException;
import dev.weft.api.plan.CollectSink;
import dev.weft.api.plan.LogicalOperator;
import dev.weft.api.plan.LoopBody;
import dev.weft.api.plan.Plan;
import dev.weft.api.plan.StageSplitter;
import dev.weft.api.plan.Window;
import dev.weft.api.function.Udf;
import dev.weft.api.spi.Engine;
import dev.weft.api.spi.EngineContext;
import dev.weft.api.spi.ExecutionSettings;
import dev.weft.api.spi.Stage;
import dev.weft.conformance.ConformanceStageContext;
import dev.weft.engine.java.JavaEngineProvider;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.LongStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestStageCodec {
    /** Not Serializable: travels as a record token. */
    public record Sale(long id, String city, double amount) {}

    public record Event(long id, Instant ts) {}

    /** Not Serializable either, and not a record: a lambda that captures it cannot be shipped. */
    static final class Lookup {
        final Set<Long> wanted = Set.of(2L, 4L);
    }

    @TempDir
    Path directory;

    private RootAllocator allocator;

    @BeforeEach
    void createAllocator() {
        allocator = new RootAllocator(Long.MAX_VALUE);
    }

    @AfterEach
    void checkAllocator() {
        assertThat(allocator.getAllocatedMemory()).as(allocator::toVerboseString).isZero();
        allocator.close();
    }

    private static List<Sale> sales() {
        List<Sale> sales = new ArrayList<>();
        String[] cities = {"Oslo", "Lima", "Pune", "Kyiv"};
        for (long i = 0; i < 200; i++) {
            sales.add(new Sale(i, cities[(int) (i % cities.length)], i * 1.5));
        }
        return sales;
    }

    /** Pipelines that, together, use every operator kind of the plan model. */
    private List<Plan> everyOperatorKind() throws IOException {
        List<Plan> plans = new ArrayList<>();
        Pipeline p1 = Pipeline.create("elementwise");
        Dataset<Long> numbers = p1.fromCollection(LongStream.range(0, 100).boxed().toList(), Long.class);
        Dataset<Long> shaped = numbers.filter(x -> x % 2 == 0)
                .map(x -> x * 10, Long.class)
                .flatMap((Long x, dev.weft.api.function.Emitter<Long> out) -> {
                    out.emit(x);
                    out.emit(x + 1);
                }, Long.class)
                .mapPartitions(partition -> partition, Long.class);
        shaped.distinct().collect();                                       // shared input: a DAG
        shaped.sort(col("value").desc()).limit(7).collect();
        shaped.topK(3, col("value").asc()).collect();
        shaped.reduce(Long::sum).collect();
        shaped.count().collect();
        shaped.reduceByKey(x -> x % 3, Long::sum).collect();
        shaped.sample(0.5, 42).collect();
        shaped.sampleSize(5, 7).collect();
        shaped.zipWithId().collect();
        shaped.union(numbers).intersect(numbers).collect();
        numbers.repeat(2, d -> d.map(x -> x + 1, Long.class)).collect();
        numbers.doWhile(d -> d.map(x -> x * 2, Long.class), (iteration, result) -> iteration < 3, 5).collect();
        numbers.forEach(x -> { });
        plans.add(p1.plan());

        Pipeline p2 = Pipeline.create("relational");
        Dataset<Sale> sales = p2.fromCollection(sales(), Sale.class);
        sales.filter(col("amount").gt(lit(10.0)).and(col("city").ne("Lima")))
                .select(col("city"), col("amount").times(2).as("double_amount"), col("id").cast(new org.apache.arrow.vector.types.pojo.ArrowType.Int(32, true)).as("small"))
                .groupBy("city").aggregate(sum("double_amount").as("total"), count().as("n"))
                .sort(asc("city")).collect();
        Dataset<Sale> other = p2.fromCollection(sales().subList(0, 50), Sale.class);
        sales.join(other.select(col("id").as("rid"), col("amount").as("ramount")), JoinKeys.on("id", "rid")).collect();
        sales.semiJoin(other, JoinKeys.using("id")).collect();
        sales.coGroup(other, Sale::city, Sale::city, (String key, Iterable<Sale> left, Iterable<Sale> right,
                dev.weft.api.function.Emitter<String> out) -> out.emit(key), String.class).collect();
        sales.limit(2).cartesian(other.limit(2).select(col("id").as("rid"))).collect();
        sales.writeCsv(directory.resolve("sales.csv"));
        sales.map(Sale::city, String.class).writeText(directory.resolve("cities.txt"));
        plans.add(p2.plan());

        Files.writeString(directory.resolve("in.txt"), "a\nb\n");
        Files.writeString(directory.resolve("in.csv"), "id,city,amount\n1,Oslo,2.5\n");
        Pipeline p3 = Pipeline.create("sources");
        p3.readText(directory.resolve("in.txt")).collect();
        p3.readCsv(directory.resolve("in.csv"), Sale.class, dev.weft.api.plan.CsvFormat.DEFAULT).collect();
        p3.readTpch("nation", 0.01).collect();
        p3.generate(10, 0).collect();
        p3.fromCollection(List.of(new Event(1, Instant.EPOCH)), Event.class)
                .withWatermark("ts", Duration.ofSeconds(1))
                .groupBy("id").window(Window.tumbling(Duration.ofSeconds(10))).count().collect();
        plans.add(p3.plan());

        // Connector sources and sinks: plans only (nothing connects while encoding).
        Pipeline p4 = Pipeline.create("connectors");
        dev.weft.api.plan.JdbcDataSource database = dev.weft.api.plan.JdbcDataSource.of("jdbc:postgresql://127.0.0.1:1/none")
                .withUser("weft").passwordFromEnv("WEFT_TEST_PASSWORD");
        org.apache.arrow.vector.types.pojo.Schema schema = new org.apache.arrow.vector.types.pojo.Schema(List.of(
                dev.weft.api.types.DataTypes.field("id", dev.weft.api.types.DataTypes.INT64, false)));
        dev.weft.api.plan.KafkaTopic topic = dev.weft.api.plan.KafkaTopic.of("127.0.0.1:1", "events");
        p4.readJdbc(database, "orders", schema).writeKafka(topic, dev.weft.api.plan.KafkaFormat.JSON, "id");
        p4.readKafka(dev.weft.api.KafkaRead.topic(topic).json(schema).group("g").withTimestamp("ts"))
                .writeJdbc(database, "copy", dev.weft.api.plan.JdbcWriteMode.APPEND);
        plans.add(p4.plan());
        return plans;
    }

    @Test
    void everyOperatorKindRoundTrips() throws IOException {
        Set<Class<?>> seen = new HashSet<>();
        for (Plan plan : everyOperatorKind()) {
            List<Stage> stages = new ArrayList<>(List.of(new Stage("whole", plan.sinks())));
            stages.addAll(StageSplitter.split(plan, "job", 2, StageSplitter::beforeExchange));
            for (Stage stage : stages) {
                Stage decoded = StageCodec.decode(StageCodec.encode(stage), getClass().getClassLoader());
                assertThat(decoded.id()).isEqualTo(stage.id());
                List<LogicalOperator> before = withLoopBodies(stage.sinks());
                List<LogicalOperator> after = withLoopBodies(decoded.sinks());
                assertThat(after).hasSameSizeAs(before);
                for (int i = 0; i < before.size(); i++) {
                    assertSameOperator(before.get(i), after.get(i));
                    seen.add(before.get(i).getClass());
                }
                assertSharingKept(decoded);
            }
        }
        assertThat(seen).as("operator kinds covered").containsAll(concreteOperatorClasses(LogicalOperator.class));
    }

    @Test
    void decodedStageComputesTheSameAnswersOnTheJavaEngine() throws IOException {
        Pipeline pipeline = Pipeline.create("answers");
        Dataset<Sale> sales = pipeline.fromCollection(sales(), Sale.class);
        Collected<?> totals = sales.filter(col("amount").gt(lit(10.0)))
                .groupBy("city").aggregate(sum("amount").as("total"), count().as("n")).sort(asc("city")).collect();
        Collected<Long> evens = sales.map(Sale::id, Long.class).filter(x -> x % 2 == 0).map(x -> x * 3, Long.class).collect();
        Collected<?> joined = sales.join(pipeline.fromCollection(sales().subList(0, 10), Sale.class).select(col("id").as("rid")),
                JoinKeys.on("id", "rid")).sort(asc("id")).collect();
        Stage stage = new Stage("s1", pipeline.plan().sinks());
        Stage decoded = StageCodec.decode(StageCodec.encode(stage), getClass().getClassLoader());

        ExecutionSettings settings = new ExecutionSettings(2, 64L << 20, Files.createDirectories(directory.resolve("spill")), 64);
        try (BufferAllocator engineAllocator = allocator.newChildAllocator("engine", 0, Long.MAX_VALUE);
             Engine engine = new JavaEngineProvider().create(new EngineContext(engineAllocator, settings))) {
            Map<String, List<?>> original = run(engine, stage, settings, totals, evens, joined);
            Map<String, List<?>> shipped = run(engine, decoded, settings, totals, evens, joined);
            assertThat(original.get("evens")).hasSize(100);
            assertThat(shipped).isEqualTo(original);
        }
    }

    @Test
    void unserializableCaptureNamesTheOperator() {
        Lookup lookup = new Lookup();
        Pipeline pipeline = Pipeline.create("bad");
        pipeline.fromCollection(List.of(1L, 2L, 3L), Long.class).map(x -> x + 1, Long.class)
                .filter(x -> lookup.wanted.contains(x)).named("pick-wanted").collect();
        Stage stage = new Stage("s1", pipeline.plan().sinks());
        assertThatThrownBy(() -> StageCodec.encode(stage))
                .isInstanceOf(WeftException.class)
                .satisfies(e -> assertThat(((WeftException) e).errorCode()).isEqualTo(ErrorCode.INVALID_PLAN))
                .hasMessageContaining("operator 'pick-wanted'")
                .hasMessageContaining("(filter)")
                .hasMessageContaining(Lookup.class.getName())
                .hasMessageContaining("not Serializable");
    }

    @Test
    void classMissingOnTheHostIsNamed() {
        Pipeline pipeline = Pipeline.create("missing");
        pipeline.fromCollection(sales(), Sale.class).collect();
        byte[] bytes = StageCodec.encode(new Stage("s1", pipeline.plan().sinks()));
        ClassLoader withoutTests = new ClassLoader(ClassLoader.getPlatformClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (name.startsWith("dev.weft.host.codec.TestStageCodec")) {
                    throw new ClassNotFoundException(name);
                }
                return TestStageCodec.class.getClassLoader().loadClass(name);
            }
        };
        assertThatThrownBy(() -> StageCodec.decode(bytes, withoutTests))
                .isInstanceOf(WeftException.class)
                .hasMessageContaining(Sale.class.getName())
                .hasMessageContaining("not on the engine host's classpath");
    }

    @Test
    void garbageIsRefused() {
        assertThatThrownBy(() -> StageCodec.decode(new byte[] {1, 2, 3}, getClass().getClassLoader()))
                .isInstanceOf(WeftException.class)
                .hasMessageContaining("cannot decode the stage");
    }

    private Map<String, List<?>> run(Engine engine, Stage stage, ExecutionSettings settings, Collected<?> totals, Collected<Long> evens,
                                     Collected<?> joined) {
        BufferAllocator stageAllocator = allocator.newChildAllocator("stage", 0, Long.MAX_VALUE);
        try (ConformanceStageContext context = new ConformanceStageContext(stageAllocator,
                allocator.newChildAllocator("results", 0, Long.MAX_VALUE), settings)) {
            engine.execute(stage, context);
            List<Long> evenValues = new ArrayList<>(context.elements(evens));
            evenValues.sort(null);
            return Map.of("totals", List.copyOf(context.elements(totals)), "evens", evenValues,
                    "joined", List.copyOf(context.elements(joined)));
        } finally {
            assertThat(stageAllocator.getAllocatedMemory()).isZero();
            stageAllocator.close();
        }
    }

    private static void assertSameOperator(LogicalOperator expected, LogicalOperator actual) {
        assertThat(actual.getClass()).isEqualTo(expected.getClass());
        assertThat(actual.info()).isEqualTo(expected.info());
        assertThat(actual.output()).as("output of %s", expected.info().describe()).isEqualTo(expected.output());
        for (RecordComponent component : expected.getClass().getRecordComponents()) {
            Object before = value(component, expected);
            Object after = value(component, actual);
            if (before instanceof LogicalOperator || before instanceof LoopBody || component.getName().equals("inputs")) {
                continue;
            }
            if (before instanceof Udf<?> udf) {
                assertThat(((Udf<?>) after).hints()).isEqualTo(udf.hints());
                assertThat(((Udf<?>) after).function()).isNotNull();
            } else if (before instanceof dev.weft.api.plan.FilterCondition.Lambda) {
                assertThat(after).isInstanceOf(dev.weft.api.plan.FilterCondition.Lambda.class);
            } else {
                assertThat(after).as("%s of %s", component.getName(), expected.info().describe()).isEqualTo(before);
            }
        }
    }

    private static Object value(RecordComponent component, Object record) {
        try {
            return component.getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    /** Every operator reachable twice from the sinks is one object after decoding. */
    private static void assertSharingKept(Stage decoded) {
        Map<Integer, LogicalOperator> byId = new java.util.HashMap<>();
        IdentityHashMap<LogicalOperator, Boolean> visited = new IdentityHashMap<>();
        List<LogicalOperator> pending = new ArrayList<>(decoded.sinks());
        while (!pending.isEmpty()) {
            LogicalOperator operator = pending.remove(pending.size() - 1);
            if (visited.put(operator, Boolean.TRUE) != null) {
                continue;
            }
            LogicalOperator previous = byId.putIfAbsent(operator.id(), operator);
            assertThat(previous == null || previous == operator).as("operator #%d decoded twice", operator.id()).isTrue();
            pending.addAll(operator.inputs());
        }
    }

    private static List<LogicalOperator> withLoopBodies(List<? extends LogicalOperator> sinks) {
        List<LogicalOperator> all = new ArrayList<>();
        for (LogicalOperator operator : Plan.topologicalOrder(List.copyOf(sinks))) {
            all.add(operator);
            LoopBody body = operator instanceof dev.weft.api.plan.RepeatOperator repeat ? repeat.body()
                    : operator instanceof dev.weft.api.plan.DoWhileOperator doWhile ? doWhile.body() : null;
            if (body != null) {
                all.addAll(withLoopBodies(List.of(body.result())));
            }
        }
        return all;
    }

    private static Set<Class<?>> concreteOperatorClasses(Class<?> type) {
        Set<Class<?>> classes = new HashSet<>();
        if (type.isRecord()) {
            classes.add(type);
        } else if (type.isSealed()) {
            for (Class<?> permitted : type.getPermittedSubclasses()) {
                classes.addAll(concreteOperatorClasses(permitted));
            }
        }
        return classes;
    }

}
