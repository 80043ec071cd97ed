package dev.weft.adaptive;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.spi.EngineProvider;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The engines on the classpath, found with {@link ServiceLoader}. */
public final class EngineRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(EngineRegistry.class);

    /** The artifact that holds each engine Weft knows of, for "not found" messages. */
    private static final Map<String, String> KNOWN_ARTIFACTS = Map.of(
            "java", "dev.weft:weft-engine-java",
            "spark", "dev.weft:weft-engine-spark",
            "flink", "dev.weft:weft-engine-flink",
            "jdbc", "dev.weft:weft-engine-jdbc",
            "kafka", "dev.weft:weft-engine-kafka");

    private final Map<String, EngineProvider> providers;

    private EngineRegistry(Map<String, EngineProvider> providers) {
        this.providers = Map.copyOf(providers);
    }

    public static EngineRegistry load(ClassLoader classLoader) {
        Map<String, EngineProvider> found = new LinkedHashMap<>();
        for (EngineProvider provider : ServiceLoader.load(EngineProvider.class, classLoader)) {
            EngineProvider previous = found.putIfAbsent(provider.name(), provider);
            if (previous != null) {
                throw new WeftException(ErrorCode.INVALID_CONFIGURATION, "two engines named '%s' on the classpath: %s and %s; keep one"
                        .formatted(provider.name(), previous.getClass().getName(), provider.getClass().getName()));
            }
        }
        LOG.info("engines found: {}", found.keySet());
        return new EngineRegistry(found);
    }

    public EngineProvider provider(String name) {
        EngineProvider provider = providers.get(name);
        if (provider == null) {
            String artifact = KNOWN_ARTIFACTS.get(name);
            String advice = artifact == null
                    ? "engine names are %s".formatted(KNOWN_ARTIFACTS.keySet())
                    : "add the artifact %s to the classpath".formatted(artifact);
            throw new WeftException(ErrorCode.NO_ENGINE, "no engine '%s' found (found: %s); %s"
                    .formatted(name, providers.keySet(), advice));
        }
        return provider;
    }

    public java.util.Set<String> names() {
        return providers.keySet();
    }
}
