package dev.weft.adaptive;

import static java.util.Objects.requireNonNull;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.plan.DoWhileOperator;
import dev.weft.api.plan.LogicalOperator;
import dev.weft.api.plan.Plan;
import dev.weft.api.plan.RepeatOperator;
import dev.weft.api.plan.SourceOperator;
import dev.weft.api.spi.EngineCapabilities;
import dev.weft.api.spi.EngineProvider;
import dev.weft.api.spi.Connector;
import dev.weft.api.spi.SourceStatistics;
import dev.weft.optimizer.EngineOption;
import dev.weft.optimizer.Optimizer;
import dev.weft.optimizer.OptimizerSettings;
import dev.weft.optimizer.PlacedPlan;
import dev.weft.optimizer.cost.ProfileCostModel;
import dev.weft.optimizer.estimate.CardinalityEstimator;
import dev.weft.optimizer.estimate.SourceStatisticsLookup;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Places plans for the driver: one {@link EngineOption} per engine found (warm if the caller already runs it), the
 * calibrated or shipped cost profiles, the engines' source statistics, and the optimizer with {@code weft.engines}
 * (narrowed to the one engine {@code weft.engine} names, if it names one) and {@code weft.cost.squash}.
 */
final class DriverPlanner {
    private static final Logger LOG = LoggerFactory.getLogger(DriverPlanner.class);
    /** Connectors on the classpath (Kafka, JDBC): engines run their sources, and they know their sizes (offsets, table statistics). */
    private static final List<Connector> CONNECTORS = ServiceLoader.load(Connector.class, DriverPlanner.class.getClassLoader()).stream()
            .map(ServiceLoader.Provider::get).toList();

    private final WeftConfig config;
    private final EngineRegistry registry;
    private final CostProfileCatalog profiles;
    private final Set<String> unusable = ConcurrentHashMap.newKeySet();   // engines warned about once

    DriverPlanner(WeftConfig config, EngineRegistry registry) {
        this.config = requireNonNull(config, "config is null");
        this.registry = requireNonNull(registry, "registry is null");
        this.profiles = new CostProfileCatalog(config.costProfile());
        if (!config.automatic()) {
            registry.provider(config.engine());
        }
        for (String name : config.engines()) {
            registry.provider(name);
        }
    }

    /** The placement of the plan, given the engines that already run (their start-up is warm). */
    PlacedPlan place(Plan plan, Set<String> warm) {
        requireNonNull(plan, "plan is null");
        OptimizerSettings settings = config.optimizerSettings();
        if (!config.automatic()) {
            checkCapabilities(plan, registry.provider(config.engine()));
        }
        List<EngineOption> options = options(settings, warm, plan);
        CardinalityEstimator estimator = new CardinalityEstimator(statistics(settings));
        return new Optimizer(options, new ProfileCostModel(config.squash()), estimator, settings).optimize(plan);
    }

    /**
     * Every engine found with a usable cost profile. An engine whose profile is missing or broken is left out, with a
     * warning, unless the job needs it: it is on the allow-list ({@code weft.engines}) or the plan pins an operator to it.
     * Then its profile error is the job's error. One engine's broken profile never fails jobs that do not need it.
     * An engine that says it is not usable for the plan ({@link EngineProvider#usableFor}) is left out unless pinned or
     * named by {@code weft.engine}: then its own run-time error says what is missing.
     */
    private List<EngineOption> options(OptimizerSettings settings, Set<String> warm, Plan plan) {
        Set<String> pinned = new HashSet<>();
        for (LogicalOperator operator : plan.operators()) {
            plan.pins().of(operator).ifPresent(pinned::add);
        }
        List<EngineOption> options = new ArrayList<>();
        for (String name : registry.names()) {
            EngineProvider provider = registry.provider(name);
            boolean chosen = pinned.contains(name) || (!config.automatic() && config.engine().equals(name));
            if (!chosen && !provider.usableFor(plan, config.engineProperties(name))) {
                LOG.debug("engine {} is not usable for plan {} (it says so: nothing for it to run in)", name, plan.name());
                continue;
            }
            boolean needed = settings.allowedEngines().contains(name) || pinned.contains(name);
            boolean allowed = settings.allowedEngines().isEmpty() || settings.allowedEngines().contains(name);
            try {
                options.add(new EngineOption(name, provider.capabilities(), profiles.profile(provider), warm.contains(name)));
            } catch (WeftException e) {
                if (needed) {
                    throw e;
                }
                if (allowed && unusable.add(name)) {
                    LOG.warn("engine {} is left out of every plan until its cost profile is fixed: {}", name, e.getMessage());
                }
            }
        }
        return options;
    }

    /** Asks the allowed engines what they know of a source; the first that knows wins. */
    private SourceStatisticsLookup statistics(OptimizerSettings settings) {
        List<EngineProvider> providers = new ArrayList<>();
        for (String name : registry.names()) {
            if (settings.allowedEngines().isEmpty() || settings.allowedEngines().contains(name)) {
                providers.add(registry.provider(name));
            }
        }
        List<Connector> connectors = CONNECTORS;
        return source -> lookup(providers, source).or(() -> lookupConnectors(connectors, source));
    }

    private static Optional<SourceStatistics> lookupConnectors(List<Connector> connectors, SourceOperator source) {
        for (Connector connector : connectors) {
            if (connector.operators().stream().noneMatch(type -> type.isInstance(source))) {
                continue;
            }
            try {
                Optional<SourceStatistics> statistics = connector.statistics(source);
                if (statistics.isPresent()) {
                    return statistics;
                }
            } catch (RuntimeException e) {
                LOG.warn("connector {} failed to give statistics of {}: {}", connector.name(), source.info().describe(), e.toString());
            }
        }
        return Optional.empty();
    }

    private static Optional<SourceStatistics> lookup(List<EngineProvider> providers, SourceOperator source) {
        for (EngineProvider provider : providers) {
            try {
                Optional<SourceStatistics> statistics = provider.statistics(source);
                if (statistics.isPresent()) {
                    return statistics;
                }
            } catch (RuntimeException e) {
                LOG.warn("engine {} failed to give statistics of {}: {}", provider.name(), source.info().describe(), e.toString());
            }
        }
        return Optional.empty();
    }

    /** With one named engine, the errors are those of that engine, as before the optimizer. */
    private static void checkCapabilities(Plan plan, EngineProvider provider) {
        EngineCapabilities capabilities = provider.capabilities();
        List<LogicalOperator> pending = new ArrayList<>(plan.operators());
        while (!pending.isEmpty()) {
            LogicalOperator operator = pending.remove(pending.size() - 1);
            if (!capabilities.supports(operator)) {
                String what = operator.output().bounded() ? operator.kind() : "unbounded " + operator.kind();
                throw new WeftException(ErrorCode.UNSUPPORTED_OPERATION, "%s: the %s engine cannot run %s%s"
                        .formatted(operator.info().describe(), provider.name(), what,
                                operator.output().bounded() ? "" : "; unbounded (streaming) execution is not available in this version"));
            }
            if (operator instanceof RepeatOperator repeat) {
                pending.addAll(Plan.topologicalOrder(List.of(repeat.body().result())));
            } else if (operator instanceof DoWhileOperator doWhile) {
                pending.addAll(Plan.topologicalOrder(List.of(doWhile.body().result())));
            }
        }
    }
}
