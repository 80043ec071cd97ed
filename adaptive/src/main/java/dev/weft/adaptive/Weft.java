package dev.weft.adaptive;

import static java.util.Objects.requireNonNull;

import dev.weft.api.ErrorCode;
import dev.weft.api.Pipeline;
import dev.weft.api.WeftException;
import dev.weft.api.plan.Plan;
import dev.weft.api.spi.Engine;
import dev.weft.api.spi.EngineContext;
import dev.weft.api.spi.EngineProvider;
import dev.weft.optimizer.PlacedPlan;
import dev.weft.optimizer.cost.Channels;
import dev.weft.optimizer.explain.ExplainFormat;
import dev.weft.optimizer.explain.PlanExplain;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The driver, embeddable in a service: submit pipelines, get job handles. One instance keeps its engines warm
 * across jobs; {@link #close} cancels what still runs and releases every thread and buffer.
 *
 * <pre>{@code
 * try (Weft weft = Weft.create()) {
 *     Pipeline p = Pipeline.create("counts");
 *     Collected<Row> counts = p.readText(path).flatMap(...).groupBy("value").count().collect();
 *     JobHandle job = weft.submit(p);
 *     job.await();
 *     List<Row> rows = job.collected(counts);
 * }
 * }</pre>
 */
public final class Weft implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Weft.class);
    private static final AtomicLong INSTANCES = new AtomicLong();
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(30);

    private final WeftConfig config;
    private final EngineRegistry registry;
    private final DriverPlanner planner;
    private final BufferAllocator allocator;
    private final ExecutorService drivers;
    private final Map<String, Engine> engines = new LinkedHashMap<>();
    private final List<Job> jobs = new ArrayList<>();
    private final AtomicInteger nextJob = new AtomicInteger(1);
    private final String instance;
    private EmbeddedFlight flight;
    private boolean closed;

    private Weft(WeftConfig config) {
        this.config = requireNonNull(config, "config is null");
        this.registry = EngineRegistry.load(Weft.class.getClassLoader());
        this.planner = new DriverPlanner(config, registry);
        try {
            Files.createDirectories(config.spillDirectory());
        } catch (IOException e) {
            throw new WeftException(ErrorCode.INVALID_CONFIGURATION, "cannot create spill directory %s (%s = %s): %s"
                    .formatted(config.spillDirectory(), WeftConfig.SPILL_DIRECTORY, config.spillDirectory(), e.getMessage()), e);
        }
        this.instance = "weft-" + INSTANCES.incrementAndGet();
        this.allocator = new RootAllocator(Long.MAX_VALUE);
        AtomicInteger threads = new AtomicInteger();
        this.drivers = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, instance + "-driver-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Defaults, overridden by {@code WEFT_*} environment variables. */
    public static Weft create() {
        return new Weft(WeftConfig.fromEnvironment());
    }

    public static Weft create(WeftConfig config) {
        return new Weft(config);
    }

    public WeftConfig config() {
        return config;
    }

    /**
     * Validates the pipeline's plan, places its operators on engines (the optimizer, see {@link #place}), starts the
     * engines it needs that do not run yet, and starts the job; returns at once.
     */
    public JobHandle submit(Pipeline pipeline) {
        requireNonNull(pipeline, "pipeline is null");
        Plan plan = pipeline.plan();
        PlacedPlan placed = planner.place(plan, warmEngines());  // outside the lock: it may sample files
        Job job;
        synchronized (this) {
            checkOpen();
            Map<String, Engine> used = new LinkedHashMap<>();
            for (String name : placed.enginesUsed()) {
                used.put(name, engine(name));
            }
            boolean flightNeeded = config.channel() == HandOffs.FLIGHT
                    || placed.boundaries().stream().anyMatch(boundary -> Channels.FLIGHT.equals(boundary.channel()));
            EmbeddedFlight server = flightNeeded ? flight() : null;
            job = new Job("%s-job-%d".formatted(instance, nextJob.getAndIncrement()), placed, used, allocator, config.executionSettings(),
                    config.channel(), () -> requireFlight(server));
            jobs.add(job);
        }
        drivers.execute(job::run);
        return job;
    }

    /**
     * Where the pipeline's operators would run if submitted now: the optimizer's placement among the engines found
     * (and allowed by {@code weft.engines}, or the one {@code weft.engine} names), with engines this instance already
     * runs counted warm. Starts nothing.
     */
    public PlacedPlan place(Pipeline pipeline) {
        requireNonNull(pipeline, "pipeline is null");
        return planner.place(pipeline.plan(), warmEngines());
    }

    /** The engines already running, after checking this instance is open. */
    private synchronized Set<String> warmEngines() {
        checkOpen();
        Set<String> warm = new java.util.TreeSet<>();
        engines.forEach((name, engine) -> {
            if (engine.warm()) {
                warm.add(name);
            }
        });
        return Set.copyOf(warm);
    }

    /**
     * Every engine found on the classpath: where it would run with this configuration, whether this instance runs it
     * warm now, and whether {@code weft.engines} / {@code weft.engine} let the optimizer use it. Starts nothing.
     */
    public synchronized List<EngineStatus> engines() {
        checkOpen();
        List<EngineStatus> statuses = new ArrayList<>();
        java.util.Set<String> allowed = config.optimizerSettings().allowedEngines();
        for (String name : registry.names()) {
            EngineProvider provider = registry.provider(name);
            Engine engine = engines.get(name);
            statuses.add(new EngineStatus(name, provider.artifact(), provider.location(config.engineProperties(name)),
                    engine != null && engine.warm(), allowed.isEmpty() || allowed.contains(name)));
        }
        return statuses;
    }

    /** The placement as text: operators, engines, estimated rows and costs, boundary channels, the runner-up. */
    public String explain(Pipeline pipeline) {
        return PlanExplain.text(place(pipeline));
    }

    /** The placement as text, Graphviz dot, a standalone SVG or an HTML page. */
    public String explain(Pipeline pipeline, ExplainFormat format) {
        requireNonNull(format, "format is null");
        return PlanExplain.render(place(pipeline), format);
    }

    /** The names of the engines this instance has started (warm for the next placements). */
    public synchronized Set<String> runningEngines() {
        return Set.copyOf(engines.keySet());
    }

    private void checkOpen() {
        if (closed) {
            throw new WeftException(ErrorCode.INVALID_ARGUMENT, "this Weft instance is closed; create a new one");
        }
    }

    private static EmbeddedFlight requireFlight(EmbeddedFlight server) {
        if (server == null) {
            throw new WeftException(ErrorCode.GENERIC_INTERNAL_ERROR, "a job needs the Flight server although its placement has no Flight boundary; this is a bug in Weft");
        }
        return server;
    }

    /** The embedded Flight server, started on first use (loopback, ephemeral port, a token of its own). */
    private EmbeddedFlight flight() {
        if (flight == null) {
            flight = EmbeddedFlight.start(config.flightMemory(), config.spillDirectory().resolve(instance + "-flight"), allocator);
            LOG.info("stage hand-offs go through the embedded Flight server at {}", flight.location().getUri());
        }
        return flight;
    }

    private Engine engine(String name) {
        Engine engine = engines.get(name);
        if (engine == null) {
            EngineProvider provider = registry.provider(name);
            BufferAllocator engineAllocator = allocator.newChildAllocator("engine-" + name, 0, Long.MAX_VALUE);
            try {
                engine = provider.create(new EngineContext(engineAllocator, config.executionSettings(), config.engineProperties(name)));
            } catch (RuntimeException e) {
                engineAllocator.close();
                throw e;
            }
            engines.put(name, engine);
            LOG.info("started engine {}", name);
        }
        return engine;
    }

    /** Cancels running jobs, waits for them, stops the engines and releases all memory. */
    @Override
    public void close() {
        List<Job> running;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            running = new ArrayList<>(jobs);
        }
        for (Job job : running) {
            if (!job.state().isDone()) {
                job.cancel();
            }
        }
        drivers.shutdown();
        try {
            if (!drivers.awaitTermination(CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("jobs still running {} after close; stopping their threads", CLOSE_GRACE);
                drivers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            drivers.shutdownNow();
        }
        RuntimeException failure = null;
        for (Map.Entry<String, Engine> entry : engines.entrySet()) {
            try {
                entry.getValue().close();
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
                LOG.error("engine {} failed to close", entry.getKey(), e);
            }
        }
        engines.clear();
        if (flight != null) {
            try {
                flight.close();
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
                LOG.error("the embedded Flight server failed to close", e);
            }
            flight = null;
        }
        try {
            for (BufferAllocator child : new ArrayList<>(allocator.getChildAllocators())) {
                child.close();
            }
            allocator.close();
        } catch (IllegalStateException e) {
            throw new WeftException(ErrorCode.MEMORY_LEAK, "Arrow memory still allocated when Weft closed: " + e.getMessage(), e);
        }
        if (failure != null) {
            throw failure;
        }
    }
}
