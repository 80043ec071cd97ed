package dev.weft.adaptive;

import static java.util.Objects.requireNonNull;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.spi.EngineProvider;
import dev.weft.optimizer.cost.CostProfile;
import dev.weft.optimizer.cost.CostProfiles;
import dev.weft.optimizer.cost.OperatorKinds;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cost profile of every engine: the calibrated file's profile of the engine ({@code weft.cost.profile}, default
 * {@code ~/.weft/cost-profile.json}) if it has one, else the profile the engine ships at its
 * {@link EngineProvider#costProfileResource()}, read with the provider's class loader. A profile must cover every
 * operator kind its engine can run. Profiles are read once per catalog and logged once with their origin. Thread-safe.
 */
final class CostProfileCatalog {
    private static final Logger LOG = LoggerFactory.getLogger(CostProfileCatalog.class);

    private final Optional<Path> calibratedFile;
    private List<CostProfile> calibrated;                          // guarded by this, read on first use
    private final Map<String, CostProfile> profiles = new HashMap<>();   // guarded by this

    CostProfileCatalog(Optional<Path> calibratedFile) {
        this.calibratedFile = requireNonNull(calibratedFile, "calibratedFile is null");
    }

    /** The engine's profile; WeftException(INVALID_COST_PROFILE) if there is none or it is broken. */
    synchronized CostProfile profile(EngineProvider provider) {
        CostProfile known = profiles.get(provider.name());
        if (known != null) {
            return known;
        }
        CostProfile profile = calibrated(provider.name()).or(() -> shipped(provider)).orElseThrow(() -> new WeftException(
                ErrorCode.INVALID_COST_PROFILE, "engine '%s' ships no cost profile (resource %s) and weft.cost.profile has none%s; run 'weft calibrate --engines %s'"
                        .formatted(provider.name(), provider.costProfileResource(),
                                calibratedFile.map(file -> " (" + file + ")").orElse(""), provider.name())));
        CostProfiles.checkCovers(profile, OperatorKinds.supportedBy(provider.capabilities()));
        LOG.info("cost profile of {} from {}", provider.name(), profile.origin());
        profiles.put(provider.name(), profile);
        return profile;
    }

    // Caller holds this.
    private Optional<CostProfile> calibrated(String engine) {
        if (calibratedFile.isEmpty()) {
            return Optional.empty();
        }
        if (calibrated == null) {
            calibrated = CostProfiles.read(calibratedFile.get());
        }
        return calibrated.stream().filter(profile -> profile.engine().equals(engine)).findFirst();
    }

    private static Optional<CostProfile> shipped(EngineProvider provider) {
        ClassLoader loader = provider.getClass().getClassLoader();
        return CostProfiles.fromResource(loader != null ? loader : ClassLoader.getSystemClassLoader(), provider.costProfileResource(), provider.name());
    }
}
