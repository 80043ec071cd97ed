package dev.weft.engine.flink;

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
import dev.weft.api.plan.RepeatOperator;
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
import dev.weft.api.spi.EngineCapabilities;
import dev.weft.engine.flink.cluster.JobManagerAddress;
import dev.weft.engine.flink.io.ConnectorOperators;
import dev.weft.host.driver.HostedEngineProvider;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Apache Flink (DataStream API) in an engine host JVM: a MiniCluster started in the host (kept warm across jobs), or a
 * remote cluster with {@code weft.flink.jobmanager=host:port}. The driver carries only this class; Flink's jars are on
 * the host's classpath ({@code META-INF/weft/host/flink.classpath}). Stages run through {@link FlinkStageRunner}.
 *
 * <p>Capabilities: the operators {@code StageTranslator} translates and the conformance suite checks, on bounded and
 * unbounded inputs (on unbounded ones: row-wise operators, union, watermarks and windowed aggregations; blocking
 * operators need a bounded input), with lambdas; repeat loops are unrolled. Not {@code DoWhileOperator} (its condition
 * needs each iteration's result in the driver) and not {@code CallbackSink} (it runs driver-side code).
 *
 * <p>Connectors ({@code dev.weft.api.spi.Connector}, such as Kafka's) found with ServiceLoader in the driver add their
 * source and sink kinds, on BOUNDED inputs only: the host finds the same connectors through the driver's class path and
 * runs them in the task managers. Unbounded connector reads are not claimed: their at-least-once commits (offsets only
 * after every sink wrote the records) need Flink checkpoints, which Weft does not use on Flink yet; the Java engine
 * runs them.
 */
public final class FlinkEngineProvider extends HostedEngineProvider {
    static final Set<Class<? extends LogicalOperator>> OPERATORS = Set.of(
            StageInputSource.class, CollectionSource.class, GeneratorSource.class, TextFileSource.class, CsvFileSource.class,
            TpchSource.class,
            StageOutputSink.class, CollectSink.class, TextFileSink.class, CsvFileSink.class,
            MapOperator.class, FlatMapOperator.class, FilterOperator.class, ProjectOperator.class, MapPartitionsOperator.class,
            UnionOperator.class, WatermarkOperator.class,
            AggregateOperator.class, ReduceByKeyOperator.class, ReduceOperator.class, CountOperator.class, DistinctOperator.class,
            SortOperator.class, TopKOperator.class, LimitOperator.class,
            JoinOperator.class, CoGroupOperator.class, IntersectOperator.class, CartesianOperator.class,
            SampleOperator.class, ZipWithIdOperator.class, RepeatOperator.class);

    /** "Flink MiniCluster in the host (STREAMING bounded stages)", "Flink cluster at h:p", or why the address is refused. */
    @Override
    protected Optional<String> runsOn(Map<String, String> properties) {
        String mode = properties.getOrDefault("weft.flink.runtime-mode", "STREAMING").strip().toUpperCase(java.util.Locale.ROOT);
        String address = properties.get(JobManagerAddress.PROPERTY);
        if (address == null || address.isBlank()) {
            return Optional.of("Flink MiniCluster in the host, bounded stages in %s mode".formatted(mode));
        }
        try {
            JobManagerAddress parsed = JobManagerAddress.parse(address);
            return Optional.of("Flink cluster at %s:%d, bounded stages in %s mode".formatted(parsed.host(), parsed.port(), mode));
        } catch (WeftException e) {
            return Optional.of("problem: " + e.getMessage());
        }
    }

    /** Flink's own module flags for Java 17 (Kryo and its serializers reach into java.base). */
    private static final List<String> JVM_OPTIONS = List.of(
            "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
            "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.text=ALL-UNNAMED",
            "--add-opens=java.base/java.time=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED",
            "--add-opens=java.base/java.math=ALL-UNNAMED");

    @Override
    public String name() {
        return "flink";
    }

    @Override
    public String artifact() {
        return "dev.weft:weft-engine-flink";
    }

    /** The connectors' operator kinds, found once per driver. */
    private static final Set<Class<? extends LogicalOperator>> CONNECTOR_OPERATORS = connectorOperators();

    @Override
    public EngineCapabilities capabilities() {
        Set<Class<? extends LogicalOperator>> all = new HashSet<>(OPERATORS);
        all.addAll(CONNECTOR_OPERATORS);
        return new EngineCapabilities(all, true, true, true, OPERATORS);
    }

    private static Set<Class<? extends LogicalOperator>> connectorOperators() {
        Set<Class<? extends LogicalOperator>> operators = new HashSet<>();
        ConnectorOperators.load(FlinkEngineProvider.class.getClassLoader()).forEach(connector -> operators.addAll(connector.operators()));
        return Set.copyOf(operators);
    }

    @Override
    protected List<String> hostJvmOptions() {
        return JVM_OPTIONS;
    }
}
