package dev.weft.host.driver;

import static java.util.Objects.requireNonNull;

import dev.weft.api.spi.Engine;
import dev.weft.api.spi.EngineContext;
import dev.weft.api.spi.EngineProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The provider of an engine that runs in an engine host JVM (Spark, Flink). A subclass gives {@link #name()},
 * {@link #artifact()}, {@link #capabilities()} and, if the engine needs them, {@link #hostJvmOptions()}; the driver
 * carries only the provider, the engine's jars are on the host's classpath (see {@link HostLaunchSettings}).
 *
 * <p>Properties read from the {@link EngineContext}: {@link #remoteHostKey()} ({@code weft.<engine>.host}, host:port of
 * a host already running, with {@code weft.<engine>.host.token}), the {@code weft.<engine>.host.*} launch settings, and
 * every {@code weft.<engine>.*} key plus {@code weft.jars}, which the host's runner sees.
 */
public abstract class HostedEngineProvider implements EngineProvider {
    /** The engine's own JVM options for the host (Spark's add-opens ...), after the JDK flags Arrow needs. */
    protected List<String> hostJvmOptions() {
        return List.of();
    }

    /** The property naming a host that already runs (host:port): {@code weft.<engine>.host}. */
    protected String remoteHostKey() {
        return "weft.%s.host".formatted(name());
    }

    /** Where the host classpath resource is looked up: this provider's class loader. */
    protected ClassLoader resourceLoader() {
        return getClass().getClassLoader();
    }

    /** A proxy engine; the host starts on the first stage (or the engine connects to the remote host then). */
    @Override
    public Engine create(EngineContext context) {
        requireNonNull(context, "context is null");
        return createHosted(context);
    }

    /** {@link #create} with its concrete type. */
    public HostedEngine createHosted(EngineContext context) {
        Map<String, String> properties = context.properties();
        return new HostedEngine(name(), capabilities(), context, launchSettings(properties),
                Optional.ofNullable(properties.get(remoteHostKey())).filter(value -> !value.isBlank()),
                Optional.ofNullable(properties.get(remoteHostKey() + ".token")).filter(value -> !value.isBlank()));
    }

    /** How the host would be started with these properties. */
    public HostLaunchSettings launchSettings(Map<String, String> properties) {
        return HostLaunchSettings.of(name(), properties, hostJvmOptions(), resourceLoader());
    }

    /** What the engine runs on inside its host, for {@code weft engines} ("Spark local[2]", "a Flink cluster at h:p"); none by default. */
    protected Optional<String> runsOn(Map<String, String> properties) {
        return Optional.empty();
    }

    /** For {@code weft engines}: the host this engine runs in, what it runs on there, and any problem that would stop it from starting. */
    @Override
    public String location(Map<String, String> properties) {
        return "engine host: " + describeHost(properties).describe() + runsOn(properties).map(on -> "; " + on).orElse("");
    }

    /** Where the engine would run with these properties, and what would stop its host from starting; starts nothing. */
    public HostInfo describeHost(Map<String, String> properties) {
        requireNonNull(properties, "properties is null");
        String remote = properties.get(remoteHostKey());
        HostLaunchSettings launch = launchSettings(properties);
        if (remote != null && !remote.isBlank()) {
            return new HostInfo(name(), true, remote.strip(), launch.java().toString(), launch.memory(), 0, List.of());
        }
        List<String> problems = new ArrayList<>();
        if (!Files.isExecutable(launch.java())) {
            problems.add("%s is not an executable java (weft.%s.host.java)".formatted(launch.java(), name()));
        }
        List<String> missing = launch.classpath().stream().filter(entry -> !Files.exists(Path.of(entry))).toList();
        if (!missing.isEmpty()) {
            problems.add("%d classpath entries do not exist, e.g. %s".formatted(missing.size(), missing.get(0)));
        }
        if (properties.get("weft.%s.host.classpath".formatted(name())) == null
                && resourceLoader().getResource(HostLaunchSettings.CLASSPATH_RESOURCE.formatted(name())) == null) {
            problems.add("no %s on the classpath: the engine's jars come from the driver's classpath only"
                    .formatted(HostLaunchSettings.CLASSPATH_RESOURCE.formatted(name())));
        }
        return new HostInfo(name(), false, "local", launch.java().toString(), launch.memory(), launch.classpath().size(), problems);
    }
}
