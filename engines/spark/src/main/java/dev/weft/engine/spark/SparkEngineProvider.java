package dev.weft.engine.spark;

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
import dev.weft.api.plan.RepeatOperator;
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
import dev.weft.api.spi.Engine;
import dev.weft.api.spi.EngineCapabilities;
import dev.weft.api.spi.EngineContext;
import dev.weft.host.driver.HostedEngineProvider;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Objects;
import java.util.Set;

/**
 * Apache Spark (spark-core RDDs) in an engine host. The driver carries only this class; Spark runs in the host JVM
 * ({@code local[N]} by default, {@code weft.spark.master=spark://host:port} for a standalone cluster), started on the
 * first stage and kept warm. Bounded operators only; not callback sinks (they run driver-side code).
 */
public final class SparkEngineProvider extends HostedEngineProvider {
    public static final String NAME = "spark";
    public static final String ARTIFACT = "dev.weft:weft-engine-spark";

    /** The operator kinds {@link StageTranslator} translates, each covered by the conformance suite. */
    static final Set<Class<? extends LogicalOperator>> OPERATORS = Set.of(
            CollectionSource.class, GeneratorSource.class, TextFileSource.class, CsvFileSource.class, TpchSource.class, StageInputSource.class,
            CollectSink.class, TextFileSink.class, CsvFileSink.class, StageOutputSink.class,
            MapOperator.class, FlatMapOperator.class, FilterOperator.class, ProjectOperator.class, MapPartitionsOperator.class,
            DistinctOperator.class, SortOperator.class, LimitOperator.class, TopKOperator.class, CountOperator.class,
            ReduceOperator.class, AggregateOperator.class, ReduceByKeyOperator.class, SampleOperator.class,
            ZipWithIdOperator.class, WatermarkOperator.class, JoinOperator.class, CoGroupOperator.class, UnionOperator.class,
            IntersectOperator.class, CartesianOperator.class, RepeatOperator.class, DoWhileOperator.class);
    public static final EngineCapabilities CAPABILITIES = new EngineCapabilities(OPERATORS, true, false, true);

    /**
     * What Spark 4.2 needs on Java 17 (its own launcher's list, see VERSIONS.md) for Kryo, Platform and Netty; the
     * host adds Arrow's java.nio opening itself.
     */
    static final List<String> JVM_OPTIONS = List.of(
            "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED", "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED", "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
            "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
            "-Djdk.reflect.useDirectMethodHandle=false", "-Dio.netty.tryReflectionSetAccessible=true");

    private final Map<String, String> defaults;

    /** "Spark local[N], N = the stage parallelism", "Spark standalone cluster spark://h:p", or why the master is refused. */
    @Override
    protected Optional<String> runsOn(Map<String, String> properties) {
        Optional<String> value = Optional.ofNullable(properties.get(SparkMaster.PROPERTY)).filter(v -> !v.isBlank());
        if (value.isEmpty()) {
            return Optional.of("Spark local[N], N = the stage parallelism");
        }
        try {
            SparkMaster master = SparkMaster.parse(value, 1);
            return Optional.of(master.local() ? "Spark " + master.url() : "Spark standalone cluster " + master.url());
        } catch (WeftException e) {
            return Optional.of("problem: " + e.getMessage());
        }
    }

    /** The provider ServiceLoader finds: configuration only from the engine context's properties. */
    public SparkEngineProvider() {
        this(Map.of());
    }

    /** A provider whose engines use these properties where the context does not set them (tests, embedding). */
    public SparkEngineProvider(Map<String, String> defaults) {
        this.defaults = Map.copyOf(Objects.requireNonNull(defaults, "defaults is null"));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String artifact() {
        return ARTIFACT;
    }

    @Override
    public EngineCapabilities capabilities() {
        return CAPABILITIES;
    }

    @Override
    protected List<String> hostJvmOptions() {
        return JVM_OPTIONS;
    }

    @Override
    public Engine create(EngineContext context) {
        Objects.requireNonNull(context, "context is null");
        if (defaults.isEmpty()) {
            return super.create(context);
        }
        Map<String, String> properties = new HashMap<>(defaults);
        properties.putAll(context.properties());
        return super.create(new EngineContext(context.allocator(), context.settings(), properties));
    }
}
