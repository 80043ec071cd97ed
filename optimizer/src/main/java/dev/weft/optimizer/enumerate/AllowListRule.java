package dev.weft.optimizer.enumerate;

import static java.util.Objects.requireNonNull;

import dev.weft.api.plan.LogicalOperator;
import dev.weft.optimizer.EngineOption;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Only the engines of the configured allow-list ({@code weft.engines}); an empty list allows every engine. */
public final class AllowListRule implements CandidateRule {
    private final Set<String> allowed;

    public AllowListRule(Set<String> allowed) {
        this.allowed = Set.copyOf(requireNonNull(allowed, "allowed is null"));
    }

    public boolean allows(String engine) {
        return allowed.isEmpty() || allowed.contains(engine);
    }

    @Override
    public Optional<String> exclude(LogicalOperator operator, List<LogicalOperator> body, EngineOption engine) {
        return allows(engine.name()) ? Optional.empty() : Optional.of("not in weft.engines " + new TreeSet<>(allowed));
    }
}
