package dev.weft.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.weft.api.Pipeline;
import dev.weft.api.WeftException;
import dev.weft.api.plan.CallbackSink;
import dev.weft.api.plan.CoGroupOperator;
import dev.weft.api.plan.DoWhileOperator;
import dev.weft.api.plan.FilterCondition;
import dev.weft.api.plan.FilterOperator;
import dev.weft.api.plan.FlatMapOperator;
import dev.weft.api.plan.LogicalOperator;
import dev.weft.api.plan.LoopBody;
import dev.weft.api.plan.LoopInput;
import dev.weft.api.plan.MapOperator;
import dev.weft.api.plan.MapPartitionsOperator;
import dev.weft.api.plan.Plan;
import dev.weft.api.plan.ReduceByKeyOperator;
import dev.weft.api.plan.ReduceOperator;
import dev.weft.api.plan.RepeatOperator;
import dev.weft.api.spi.Engine;
import dev.weft.api.spi.EngineCapabilities;
import dev.weft.api.spi.EngineContext;
import dev.weft.api.spi.EngineProvider;
import dev.weft.api.spi.ExecutionSettings;
import dev.weft.api.spi.Stage;
import dev.weft.api.plan.StageOutputSink;
import dev.weft.api.plan.StageSplitter;
import dev.weft.channels.flight.FlightClientPool;
import dev.weft.channels.flight.FlightCredentials;
import dev.weft.channels.flight.FlightJobChannels;
import dev.weft.flight.FlightServiceConfig;
import dev.weft.flight.WeftFlightServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;

/**
 * The conformance suite every engine runs (Trino's BaseConnectorTest, Beam's ValidatesRunner): the same pipelines
 * with the same expected answers, computed in plain Java. An engine module extends it in its tests and names its
 * {@link EngineProvider}; tests whose operators the engine does not declare in its
 * {@link EngineCapabilities capabilities} are skipped, not failed.
 *
 * <p>The engine is created once per class over a child of a leak-checked {@link RootAllocator}; every pipeline runs as
 * one stage through the SPI ({@code engine.execute(new Stage("s1", plan.sinks()), context)}) with a fresh stage
 * allocator and a {@link ConformanceStageContext}. After every execution, failed ones included, the stage allocator
 * must be back to 0 (collected batches are moved to a results allocator of the suite's own), and after every test
 * the engine's allocator too.
 *
 * <p>An engine that overrides {@link #handOffsThroughFlight()} runs every pipeline cut into stages before each exchange
 * (aggregate, join, sort, distinct ...): every stage hand-off and every collected batch then goes through a real Arrow
 * Flight server over loopback (with a bearer token and a small memory budget, so large hand-offs spill), and the
 * answers must be the same.
 *
 * <pre>{@code
 * class TestFooEngineConformance extends EngineConformanceTest {
 *     protected EngineProvider provider() { return new FooEngineProvider(); }
 *     protected ExecutionSettings settings(Path spillDirectory) { return new ExecutionSettings(4, 64L << 20, spillDirectory, 1000); }
 * }
 * }</pre>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class EngineConformanceTest implements ConformanceHarness, SourceConformance, ElementwiseConformance,
        WholeDatasetConformance, AggregationConformance, JoinConformance, LoopConformance, SinkConformance,
        TypeConformance, ErrorConformance {
    private final AtomicInteger sequence = new AtomicInteger();
    private final List<ConformanceStageContext> contexts = new ArrayList<>();
    private Path classDirectory;
    private Path testDirectory;
    private RootAllocator rootAllocator;
    private BufferAllocator engineAllocator;
    private ExecutionSettings settings;
    private Engine engine;
    private WeftFlightServer flightServer;
    private BufferAllocator flightClientAllocator;
    private FlightClientPool flightClients;

    /** The engine under test. */
    protected abstract EngineProvider provider();

    /** True to run every pipeline as several stages whose hand-offs (and collected results) go through Arrow Flight. */
    protected boolean handOffsThroughFlight() {
        return false;
    }

    /** The settings the engine is created with; by default parallelism 2, 64 MiB, batches of 4096 rows. */
    protected ExecutionSettings settings(Path spillDirectory) {
        return new ExecutionSettings(2, 64L << 20, spillDirectory, 4096);
    }

    @BeforeAll
    protected final void createEngine() throws IOException {
        classDirectory = Files.createTempDirectory("weft-conformance-");
        settings = settings(Files.createDirectories(classDirectory.resolve("spill")));
        rootAllocator = new RootAllocator(Long.MAX_VALUE);
        engineAllocator = rootAllocator.newChildAllocator("engine", 0, Long.MAX_VALUE);
        engine = provider().create(new EngineContext(engineAllocator, settings));
        if (handOffsThroughFlight()) {
            String token = UUID.randomUUID().toString();
            flightServer = WeftFlightServer.start(FlightServiceConfig.builder()
                    .memoryBudgetBytes(16L << 20)
                    .spillDirectory(Files.createDirectories(classDirectory.resolve("flight-spill")))
                    .tokens(Set.of(token))
                    .build());
            flightClientAllocator = rootAllocator.newChildAllocator("flight-clients", 0, Long.MAX_VALUE);
            flightClients = new FlightClientPool(flightClientAllocator, FlightCredentials.bearer(token));
        }
    }

    @BeforeEach
    protected final void createTestDirectory(TestInfo info) throws IOException {
        String name = info.getTestMethod().map(m -> m.getName()).orElse("test");
        testDirectory = Files.createDirectories(classDirectory.resolve("%s-%d".formatted(name, sequence.incrementAndGet())));
    }

    @AfterEach
    protected final void checkEngineReleasedMemory() {
        contexts.forEach(ConformanceStageContext::close);
        contexts.clear();
        assertThat(engineAllocator.getAllocatedMemory())
                .as(() -> "bytes the engine's allocator still holds after the test:%n%s".formatted(engineAllocator.toVerboseString()))
                .isZero();
        if (flightServer != null) {
            assertThat(flightServer.store().streams()).as("Flight streams left on the server after the test").isEmpty();
            assertThat(flightServer.store().memoryUsed()).as("bytes the Flight server holds after the test").isZero();
        }
    }

    @AfterAll
    protected final void closeEngine() throws IOException {
        try {
            if (flightClients != null) {
                flightClients.close();
                flightClientAllocator.close();
            }
            if (flightServer != null) {
                flightServer.close();
            }
            if (engine != null) {
                engine.close();
            }
            if (engineAllocator != null) {
                assertThat(engineAllocator.getAllocatedMemory()).as("bytes the engine holds after close").isZero();
                engineAllocator.close();
            }
            if (rootAllocator != null) {
                rootAllocator.close();
            }
        } finally {
            if (classDirectory != null) {
                deleteRecursively(classDirectory);
            }
        }
    }

    /** Drivers find engines with ServiceLoader: the provider must be registered, under the engine's own name. */
    @Test
    public void providerIsFoundByServiceLoader() {
        EngineProvider provider = provider();
        List<String> registered = ServiceLoader.load(EngineProvider.class).stream()
                .map(ServiceLoader.Provider::type).map(Class::getName).toList();
        assertThat(registered).as("providers in META-INF/services/%s", EngineProvider.class.getName())
                .contains(provider.getClass().getName());
        assertThat(engine.name()).isEqualTo(provider.name());
        assertThat(provider.artifact()).isNotBlank();
    }

    @Override
    public final ConformanceStageContext run(Pipeline pipeline) {
        Plan plan = pipeline.plan();
        assumeSupported(plan);
        return execute(plan);
    }

    @Override
    public final WeftException runFailing(Pipeline pipeline) {
        Plan plan = pipeline.plan();
        assumeSupported(plan);
        try {
            execute(plan);
        } catch (WeftException e) {
            return e;
        } catch (RuntimeException e) {
            throw new AssertionError("engine %s failed with %s instead of a WeftException".formatted(engine.name(), e), e);
        }
        throw new AssertionError("engine %s ran a pipeline that must fail".formatted(engine.name()));
    }

    private ConformanceStageContext execute(Plan plan) {
        return flightServer == null ? executeOneStage(plan) : executeThroughFlight(plan);
    }

    /** The plan cut before every exchange; stages run one after the other, handing off through the Flight server. */
    private ConformanceStageContext executeThroughFlight(Plan plan) {
        int run = sequence.incrementAndGet();
        String job = "conformance-" + run;
        List<Stage> stages = StageSplitter.split(plan, job, settings.parallelism(), StageSplitter::beforeExchange);
        BufferAllocator resultAllocator = rootAllocator.newChildAllocator("results-" + run, 0, Long.MAX_VALUE);
        FlightJobChannels channels = new FlightJobChannels(flightClients, flightServer.location(), job, stages);
        ConformanceStageContext context = null;
        boolean succeeded = false;
        try {
            for (Stage stage : stages) {
                BufferAllocator stageAllocator = rootAllocator.newChildAllocator(stage.id(), 0, Long.MAX_VALUE);
                if (context == null) {
                    context = new ConformanceStageContext(stageAllocator, resultAllocator, settings, channels);
                    contexts.add(context);
                }
                context.startStage(stage.id(), stageAllocator);
                RuntimeException failure = null;
                try {
                    channels.openStage(stage, stageAllocator);
                    engine.execute(stage, context);
                } catch (RuntimeException e) {
                    failure = e;
                } finally {
                    try {
                        context.finishStage(failure);
                    } catch (RuntimeException e) {
                        failure = failure == null ? e : failure;
                    }
                    checkReleased(stageAllocator, failure);
                }
                assertThat(context.violations()).as("SPI contract violations by engine %s", engine.name()).isEmpty();
                if (failure != null) {
                    throw failure;
                }
            }
            succeeded = true;
        } finally {
            channels.close();
            int dropped = channels.drop();
            if (context == null) {
                resultAllocator.close();
            }
            if (succeeded) {
                long handOffs = stages.stream().flatMap(stage -> stage.sinks().stream()).filter(StageOutputSink.class::isInstance).count();
                assertThat((long) dropped).as("Flight streams job %s left on the server (%d stages)", job, stages.size())
                        .isGreaterThanOrEqualTo(handOffs);
            }
        }
        return context;
    }

    private ConformanceStageContext executeOneStage(Plan plan) {
        int stage = sequence.incrementAndGet();
        BufferAllocator stageAllocator = rootAllocator.newChildAllocator("stage-" + stage, 0, Long.MAX_VALUE);
        BufferAllocator resultAllocator = rootAllocator.newChildAllocator("results-" + stage, 0, Long.MAX_VALUE);
        ConformanceStageContext context = new ConformanceStageContext(stageAllocator, resultAllocator, settings);
        contexts.add(context);
        RuntimeException failure = null;
        try {
            engine.execute(new Stage("s1", plan.sinks()), context);
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            context.finish();
            checkReleased(stageAllocator, failure);
        }
        assertThat(context.violations()).as("SPI contract violations by engine %s", engine.name()).isEmpty();
        if (failure != null) {
            throw failure;
        }
        return context;
    }

    @Override
    public final Path directory() {
        return testDirectory;
    }

    @Override
    public final ExecutionSettings settings() {
        return settings;
    }

    /** Skips the test, like Trino's hasBehavior, when the engine does not declare an operator the plan uses. */
    private void assumeSupported(Plan plan) {
        EngineCapabilities capabilities = engine.capabilities();
        for (LogicalOperator operator : withLoopBodies(plan.operators())) {
            if (operator instanceof LoopInput) {
                continue;
            }
            assumeTrue(capabilities.supports(operator), () -> "engine %s does not declare %s (%s)"
                    .formatted(engine.name(), operator.kind(), operator.output().bounded() ? "bounded" : "unbounded"));
            assumeTrue(capabilities.lambdas() || !runsLambda(operator),
                    () -> "engine %s does not run lambdas (%s)".formatted(engine.name(), operator.kind()));
        }
    }

    private static List<LogicalOperator> withLoopBodies(List<LogicalOperator> operators) {
        List<LogicalOperator> all = new ArrayList<>();
        for (LogicalOperator operator : operators) {
            all.add(operator);
            LoopBody body = operator instanceof RepeatOperator repeat ? repeat.body()
                    : operator instanceof DoWhileOperator doWhile ? doWhile.body() : null;
            if (body != null) {
                all.addAll(withLoopBodies(Plan.topologicalOrder(List.of(body.result()))));
            }
        }
        return all;
    }

    private static boolean runsLambda(LogicalOperator operator) {
        return operator instanceof MapOperator || operator instanceof FlatMapOperator
                || operator instanceof MapPartitionsOperator || operator instanceof ReduceOperator
                || operator instanceof ReduceByKeyOperator || operator instanceof CoGroupOperator
                || operator instanceof CallbackSink || operator instanceof DoWhileOperator
                || operator instanceof FilterOperator filter && filter.condition() instanceof FilterCondition.Lambda;
    }

    private void checkReleased(BufferAllocator stageAllocator, RuntimeException failure) {
        long leaked = stageAllocator.getAllocatedMemory();
        if (leaked == 0) {
            stageAllocator.close();
            return;
        }
        AssertionError error = new AssertionError("engine %s leaked %d bytes of the stage allocator after %s:%n%s".formatted(
                engine.name(), leaked, failure == null ? "a successful execution" : "a failed execution (" + failure + ")",
                stageAllocator.toVerboseString()));
        if (failure != null) {
            error.addSuppressed(failure);
        }
        throw error;
    }

    private static void deleteRecursively(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot delete %s".formatted(path), e);
                }
            }
        }
    }
}
