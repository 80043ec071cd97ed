package dev.weft.engine.java;

import static java.util.Objects.requireNonNull;

import dev.weft.api.spi.Stage;
import dev.weft.api.spi.StageContext;
import dev.weft.engine.java.connect.StageConnectors;
import dev.weft.engine.java.exec.ExecutionContext;
import dev.weft.engine.java.exec.Failures;
import dev.weft.engine.java.physical.PhysicalNode;
import dev.weft.engine.java.physical.PhysicalPlans;
import dev.weft.engine.java.physical.SinkNode;
import dev.weft.engine.java.planner.PhysicalPlanner;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of a stage: plan the physical operators, prepare them children first (each pipeline breaker runs its
 * input pipelines on the worker threads), commit the sinks once all succeeded, and release every operator, also
 * after a failure, before the failure is rethrown.
 */
final class StageExecution {
    private static final Logger LOG = LoggerFactory.getLogger(StageExecution.class);

    private final Stage stage;
    private final StageContext stageContext;
    private final ExecutorService workers;
    private final Map<String, String> properties;

    StageExecution(Stage stage, StageContext stageContext, ExecutorService workers, Map<String, String> properties) {
        this.stage = requireNonNull(stage, "stage is null");
        this.stageContext = requireNonNull(stageContext, "stageContext is null");
        this.workers = requireNonNull(workers, "workers is null");
        this.properties = requireNonNull(properties, "properties is null");
    }

    void run() {
        boolean unbounded = UnboundedStages.check(stage);
        ExecutionContext context = new ExecutionContext(stage.id(), stageContext, workers);
        if (unbounded) {
            context.markStreaming();
        }
        createSpillDirectory(context);
        long start = System.nanoTime();
        RuntimeException failure = null;
        StageConnectors connectors = new StageConnectors(context, properties);
        PhysicalPlanner planner = PhysicalPlanner.forSinks(context, stage.sinks(), connectors);
        try {
            List<SinkNode> sinks = planner.planSinks(stage.sinks());
            if (LOG.isDebugEnabled()) {
                LOG.debug("stage {}: {}", stage.id(), planner.nodes());
            }
            if (unbounded) {
                UnboundedStages.run(sinks, planner.nodes(), context);
            } else {
                Set<PhysicalNode> prepared = Collections.newSetFromMap(new IdentityHashMap<>());
                for (SinkNode sink : sinks) {
                    PhysicalPlans.prepare(sink, context, prepared);
                }
            }
            context.checkCancelled();
            for (SinkNode sink : sinks) {
                sink.commit();
            }
            connectors.markCommitted();
        } catch (RuntimeException e) {
            context.fail(e);
            connectors.markFailed(e);
            failure = Failures.asWeftException(e, stage.id());
        } catch (Error e) {
            context.fail(e);
            connectors.markFailed(e);
            failure = Failures.asWeftException(e, stage.id());
        } finally {
            connectors.logSkipped();
            try {
                planner.close();
            } catch (RuntimeException e) {
                if (failure != null) {
                    failure.addSuppressed(e);
                } else {
                    failure = Failures.asWeftException(e, stage.id());
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        LOG.debug("stage {} finished in {} ms", stage.id(), (System.nanoTime() - start) / 1_000_000);
    }

    private static void createSpillDirectory(ExecutionContext context) {
        try {
            Files.createDirectories(context.spillDirectory());
        } catch (IOException e) {
            LOG.warn("cannot create spill directory {}: {}", context.spillDirectory(), e.toString());
        }
    }
}
