package dev.weft.optimizer.enumerate;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.plan.EnginePins;
import dev.weft.api.plan.LogicalOperator;
import dev.weft.optimizer.EngineOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The engines each operator may run on, as a bit mask over the engine list (bit e = engines.get(e)), after every
 * {@link CandidateRule}. An operator no engine may run is a user error ({@code NO_PLACEMENT}) that names the operator
 * and, per engine, the first rule's reason.
 */
public final class Candidates {
    /** Engines are bits of a long. */
    public static final int MAX_ENGINES = 63;

    private final long[] masks;

    private Candidates(long[] masks) {
        this.masks = masks;
    }

    public static Candidates compute(PlanIndex index, List<EngineOption> engines, List<CandidateRule> rules) {
        if (engines.size() > MAX_ENGINES) {
            throw new WeftException(ErrorCode.INVALID_ARGUMENT, "the optimizer places work on at most %d engines, got %d; restrict them with weft.engines"
                    .formatted(MAX_ENGINES, engines.size()));
        }
        long[] masks = new long[index.size()];
        for (int i = 0; i < index.size(); i++) {
            LogicalOperator operator = index.operator(i);
            List<LogicalOperator> body = index.body(i);
            long mask = 0;
            for (int e = 0; e < engines.size(); e++) {
                if (firstExclusion(rules, operator, body, engines.get(e)).isEmpty()) {
                    mask |= 1L << e;
                }
            }
            if (mask == 0) {
                throw noPlacement(index.plan().pins(), operator, body, engines, rules);
            }
            masks[i] = mask;
        }
        return new Candidates(masks);
    }

    private static Optional<String> firstExclusion(List<CandidateRule> rules, LogicalOperator operator, List<LogicalOperator> body, EngineOption engine) {
        for (CandidateRule rule : rules) {
            Optional<String> reason = rule.exclude(operator, body, engine);
            if (reason.isPresent()) {
                return reason;
            }
        }
        return Optional.empty();
    }

    private static WeftException noPlacement(EnginePins pins, LogicalOperator operator, List<LogicalOperator> body, List<EngineOption> engines,
                                             List<CandidateRule> rules) {
        Optional<String> pinned = pins.of(operator);
        List<String> names = engines.stream().map(EngineOption::name).toList();
        String what = "no engine can run %s (%s#%d)".formatted(operator.info().describe(), operator.kind(), operator.id());
        if (pinned.isPresent() && !names.contains(pinned.get())) {
            return new WeftException(ErrorCode.NO_PLACEMENT, "%s: %s to '%s' which is not on the classpath (found: %s); add the engine's module or change the pin"
                    .formatted(what, pins.pinsOperator(operator) ? "it is pinned" : "the pipeline is pinned", pinned.get(), String.join(", ", names)));
        }
        List<String> reasons = new ArrayList<>();
        for (EngineOption engine : engines) {
            reasons.add(engine.name() + ": " + firstExclusion(rules, operator, body, engine).orElse("?"));
        }
        if (engines.isEmpty()) {
            reasons.add("no engine was found on the classpath");
        }
        return new WeftException(ErrorCode.NO_PLACEMENT, "%s: %s; change the pins, allow more engines in weft.engines, or add an engine module that can run it"
                .formatted(what, String.join("; ", reasons)));
    }

    public long mask(int operator) {
        return masks[operator];
    }

    public boolean allows(int operator, int engine) {
        return (masks[operator] & (1L << engine)) != 0;
    }
}
