package dev.weft.engine.java;

import static java.util.Objects.requireNonNull;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.plan.AggregateOperator;
import dev.weft.api.plan.CallbackSink;
import dev.weft.api.plan.CartesianOperator;
import dev.weft.api.plan.CoGroupOperator;
import dev.weft.api.plan.CollectSink;
import dev.weft.api.plan.CollectionSource;
import dev.weft.api.plan.CountOperator;
import dev.weft.api.plan.CsvFileSink;
import dev.weft.api.plan.CsvFileSource;
import dev.weft.api.plan.DistinctOperator;
import dev.weft.api.plan.DoWhileOperator;
import dev.weft.api.plan.FilterOperator;
import dev.weft.api.plan.FlatMapOperator;
import dev.weft.api.plan.GeneratorSource;
import dev.weft.api.plan.IntersectOperator;
import dev.weft.api.plan.JoinOperator;
import dev.weft.api.plan.LimitOperator;
import dev.weft.api.plan.LogicalOperator;
import dev.weft.api.plan.LoopInput;
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
import dev.weft.api.spi.Engine;
import dev.weft.api.spi.EngineCapabilities;
import dev.weft.api.spi.EngineContext;
import dev.weft.api.spi.Stage;
import dev.weft.api.spi.StageContext;
import dev.weft.engine.java.connect.Connectors;
import dev.weft.engine.java.exec.WorkerThreads;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-process Java engine: runs bounded stages (and unbounded ones of connector sources and stateless operators) as push-based pipelines of Arrow batches on a fixed pool of
 * {@code parallelism} daemon threads ("weft-java-&lt;n&gt;"), which {@link #close} releases.
 */
public final class JavaEngine implements Engine {
    public static final String NAME = "java";

    private static final Logger LOG = LoggerFactory.getLogger(JavaEngine.class);

    /** Every logical operator kind. */
    private static final Set<Class<? extends LogicalOperator>> OPERATORS = Set.of(
            CollectionSource.class, TextFileSource.class, CsvFileSource.class, TpchSource.class, GeneratorSource.class,
            LoopInput.class, MapOperator.class, FlatMapOperator.class, FilterOperator.class, ProjectOperator.class,
            MapPartitionsOperator.class, DistinctOperator.class, SortOperator.class, LimitOperator.class, TopKOperator.class,
            CountOperator.class, ReduceOperator.class, AggregateOperator.class, ReduceByKeyOperator.class, SampleOperator.class,
            ZipWithIdOperator.class, WatermarkOperator.class, JoinOperator.class, CoGroupOperator.class, UnionOperator.class,
            IntersectOperator.class, CartesianOperator.class, RepeatOperator.class, DoWhileOperator.class, CollectSink.class,
            CallbackSink.class, TextFileSink.class, CsvFileSink.class, StageInputSource.class, StageOutputSink.class);

    /**
     * Every operator kind, plus the source and sink kinds of the connectors on the classpath; unbounded inputs when
     * a connector is there (an unbounded stage reads connector sources through stateless operators: {@link UnboundedStages}).
     */
    static final EngineCapabilities CAPABILITIES = withConnectors();

    private final EngineContext context;
    private final ExecutorService workers;

    private static EngineCapabilities withConnectors() {
        Set<Class<? extends LogicalOperator>> operators = new HashSet<>(OPERATORS);
        operators.addAll(Connectors.operators());
        Set<Class<? extends LogicalOperator>> streaming = new HashSet<>(UnboundedStages.STREAMING_OPERATORS);
        streaming.addAll(Connectors.operators());
        return new EngineCapabilities(operators, true, !Connectors.all().isEmpty(), true, streaming);
    }
    private volatile boolean closed;

    public JavaEngine(EngineContext context) {
        this.context = requireNonNull(context, "context is null");
        this.workers = Executors.newFixedThreadPool(context.settings().parallelism(), new WorkerThreads());
        LOG.debug("Java engine started with {} worker threads", context.settings().parallelism());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public EngineCapabilities capabilities() {
        return CAPABILITIES;
    }

    @Override
    public void execute(Stage stage, StageContext stageContext) {
        requireNonNull(stage, "stage is null");
        requireNonNull(stageContext, "stageContext is null");
        if (closed) {
            throw new WeftException(ErrorCode.INVALID_ARGUMENT,
                    "the Java engine is closed; cannot run stage '%s': create a new engine".formatted(stage.id()));
        }
        new StageExecution(stage, stageContext, workers, context.properties()).run();
    }

    /** The settings the engine was created with. */
    public EngineContext context() {
        return context;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        workers.shutdown();
        try {
            if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("Java engine workers still busy after 10 s; interrupting them");
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
