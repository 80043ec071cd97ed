package dev.weft.optimizer;

import static java.util.Objects.requireNonNull;

import dev.weft.api.spi.EngineCapabilities;
import dev.weft.optimizer.cost.CostProfile;

/** An engine the optimizer may place work on: what it can run, its cost profile, and whether it already runs. */
public record EngineOption(String name, EngineCapabilities capabilities, CostProfile profile, boolean warm) {
    public EngineOption {
        requireNonNull(name, "name is null");
        requireNonNull(capabilities, "capabilities is null");
        requireNonNull(profile, "profile is null");
        if (!profile.engine().equals(name)) {
            throw new IllegalArgumentException("engine '%s' was given the cost profile of engine '%s' (%s)".formatted(name, profile.engine(), profile.origin()));
        }
    }

    public EngineOption asWarm() {
        return new EngineOption(name, capabilities, profile, true);
    }
}
