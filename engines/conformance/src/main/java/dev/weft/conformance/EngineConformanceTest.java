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
import dev.weft.api.plan.SourceOperator;
import dev.weft.api.plan.StageInputSource;
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
import dev.weft.channels.local.InProcessJobChannels;
import dev.weft.flight.FlightServiceConfig;
import dev.weft.flight.WeftFlightServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * <p>An engine that cannot read the suite's sources (collections, files, generators), such as a database engine,
 * overrides {@link #sourceEngine()}: every source the engine under test does not declare then runs on that second engine
 * in a stage of its own, and its output is handed to the engine under test as a {@link StageInputSource} through
 * in-process channels; only the operators that run on the engine under test must be in its capabilities.
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
    private BufferAllocator sourceEngineAllocator;
    private Engine sourceEngine;

    /** The engine under test. */
    protected abstract EngineProvider provider();

    /** True to run every pipeline as several stages whose hand-offs (and collected results) go through Arrow Flight. */
    protected boolean handOffsThroughFlight() {
        return false;
    }

    /**
     * The engine that runs the sources the engine under test does not declare (collections, files ...), each in a stage
     * of its own whose output the engine under test reads as a stage input; empty (the default) to run every pipeline
     * on the engine under test alone. Not combined with {@link #handOffsThroughFlight()}.
     */
    protected Optional<EngineProvider> sourceEngine() {
        return Optional.empty();
    }

    /**
     * Why the engine under test cannot run a pipeline with this operator although it declares the operator's kind (a
     * column type it cannot hold, say), or empty (the default) when it can; the test is then skipped, not failed. Asked
     * for every operator of the plan once the capabilities allowed it, the sources that run on the {@link #sourceEngine()}
     * included (the engine under test reads their output).
     */
    protected Optional<String> unsupportedReason(LogicalOperator operator) {
        return Optional.empty();
    }

    /** The configuration properties ({@code weft.*}) the engine under test is created with; none by default. */
    protected Map<String, String> engineProperties() {
        return Map.of();
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
        engine = provider().create(new EngineContext(engineAllocator, settings, engineProperties()));
        Optional<EngineProvider> sources = sourceEngine();
        if (sources.isPresent()) {
            sourceEngineAllocator = rootAllocator.newChildAllocator("source-engine", 0, Long.MAX_VALUE);
            sourceEngine = sources.get().create(new EngineContext(sourceEngineAllocator, settings));
        }
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
        if (sourceEngineAllocator != null) {
            assertThat(sourceEngineAllocator.getAllocatedMemory())
                    .as(() -> "bytes the source engine's allocator still holds after the test:%n%s".formatted(sourceEngineAllocator.toVerboseString()))
                    .isZero();
        }
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
            if (sourceEngine != null) {
                sourceEngine.close();
            }
            if (sourceEngineAllocator != null) {
                assertThat(sourceEngineAllocator.getAllocatedMemory()).as("bytes the source engine holds after close").isZero();
                sourceEngineAllocator.close();
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
        if (sourceEngine != null) {
            Set<LogicalOperator> foreign = foreignSources(plan);
            if (!foreign.isEmpty()) {
                return executeWithSourceEngine(plan, foreign);
            }
        }
        return flightServer == null ? executeOneStage(plan) : executeThroughFlight(plan);
    }

    /** The sources of the plan that run on the source engine: those the engine under test does not declare. */
    private Set<LogicalOperator> foreignSources(Plan plan) {
        Set<LogicalOperator> foreign = Collections.newSetFromMap(new IdentityHashMap<>());
        if (sourceEngine == null) {
            return foreign;
        }
        for (LogicalOperator operator : plan.operators()) {
            if (operator instanceof SourceOperator && !(operator instanceof StageInputSource) && !(operator instanceof LoopInput)
                    && !engine.capabilities().supports(operator)) {
                foreign.add(operator);
            }
        }
        return foreign;
    }

    /**
     * The plan cut after every foreign source: each source runs on the source engine in a stage of its own, the rest on
     * the engine under test, handing off through in-process channels. The source stages' allocators hold the handed-off
     * batches until the job's channels are closed, so they are checked for leaks only then.
     */
    private ConformanceStageContext executeWithSourceEngine(Plan plan, Set<LogicalOperator> foreign) {
        int run = sequence.incrementAndGet();
        String job = "conformance-" + run;
        List<Stage> stages = StageSplitter.split(plan, job, settings.parallelism(), (producer, consumer) -> foreign.contains(producer));
        BufferAllocator resultAllocator = rootAllocator.newChildAllocator("results-" + run, 0, Long.MAX_VALUE);
        InProcessJobChannels channels = new InProcessJobChannels(job, stages);
        List<BufferAllocator> sourceStageAllocators = new ArrayList<>();
        ConformanceStageContext context = null;
        RuntimeException failure = null;
        try {
            for (Stage stage : stages) {
                boolean onSourceEngine = stage.operators().stream().anyMatch(foreign::contains);
                Engine runner = onSourceEngine ? sourceEngine : engine;
                BufferAllocator stageAllocator = rootAllocator.newChildAllocator(stage.id(), 0, Long.MAX_VALUE);
                if (onSourceEngine) {
                    sourceStageAllocators.add(stageAllocator);
                }
                if (context == null) {
                    context = new ConformanceStageContext(stageAllocator, resultAllocator, settings, channels);
                    contexts.add(context);
                }
                context.startStage(stage.id(), stageAllocator);
                try {
                    channels.openStage(stage);
                    runner.execute(stage, context);
                } catch (RuntimeException e) {
                    failure = e;
                } finally {
                    try {
                        context.finishStage(failure);
                    } catch (RuntimeException e) {
                        failure = failure == null ? e : failure;
                    }
                    if (!onSourceEngine) {
                        checkReleased(stageAllocator, failure);
                    }
                }
                assertThat(context.violations()).as("SPI contract violations by engine %s", runner.name()).isEmpty();
                if (failure != null) {
                    throw failure;
                }
            }
        } finally {
            channels.close();
            if (context == null) {
                resultAllocator.close();
            }
            for (BufferAllocator stageAllocator : sourceStageAllocators) {
                checkReleased(stageAllocator, failure);
            }
        }
        return context;
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

    /**
     * Skips the test, like Trino's hasBehavior, when the engine does not declare an operator the plan uses, or (asked
     * after that) gives an {@link #unsupportedReason} for one. With a {@link #sourceEngine()}, the sources that run there
     * are judged against the source engine instead.
     */
    private void assumeSupported(Plan plan) {
        EngineCapabilities capabilities = engine.capabilities();
        Set<LogicalOperator> foreign = foreignSources(plan);
        List<LogicalOperator> operators = withLoopBodies(plan.operators());
        for (LogicalOperator operator : operators) {
            if (operator instanceof LoopInput) {
                continue;
            }
            if (foreign.contains(operator)) {
                assumeTrue(sourceEngine.capabilities().supports(operator), () -> "neither engine %s nor source engine %s declares %s (%s)"
                        .formatted(engine.name(), sourceEngine.name(), operator.kind(), operator.output().bounded() ? "bounded" : "unbounded"));
                continue;
            }
            assumeTrue(capabilities.supports(operator), () -> "engine %s does not declare %s (%s)"
                    .formatted(engine.name(), operator.kind(), operator.output().bounded() ? "bounded" : "unbounded"));
            assumeTrue(capabilities.lambdas() || !runsLambda(operator),
                    () -> "engine %s does not run lambdas (%s)".formatted(engine.name(), operator.kind()));
        }
        for (LogicalOperator operator : operators) {
            Optional<String> unsupported = operator instanceof LoopInput ? Optional.empty() : unsupportedReason(operator);
            assumeTrue(unsupported.isEmpty(), () -> "engine %s cannot run %s: %s".formatted(engine.name(), operator.info().describe(),
                    unsupported.orElse("")));
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
