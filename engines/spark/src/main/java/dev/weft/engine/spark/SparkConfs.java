package dev.weft.engine.spark;

import dev.weft.host.spi.HostSettings;
import java.io.File;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.SparkConf;

/**
 * The SparkConf of an engine host. Local mode: {@code local[N]}, driver bound to 127.0.0.1, no UI, one task attempt
 * (a failing user function fails the stage at once, as on the Java engine). Standalone mode: the same, and the
 * executors get the host's classpath ({@code spark.executor.extraClassPath}; the worker runs on a machine that has the
 * same paths, or {@code weft.spark.executor.classpath} names theirs).
 *
 * <p>Properties read: {@code weft.spark.master}, {@code weft.spark.serializer} ({@code java}, the default: rows are
 * {@code Object[]} of Serializable values, some of them immutable JDK lists Kryo cannot rebuild; or {@code kryo}),
 * {@code weft.spark.driver.host}, {@code weft.spark.executor.memory} (default 1g),
 * {@code weft.spark.executor.classpath}, and any {@code weft.spark.conf.<key>} passed through as {@code <key>}.
 */
final class SparkConfs {
    static final String SERIALIZER = "weft.spark.serializer";
    static final String DRIVER_HOST = "weft.spark.driver.host";
    static final String EXECUTOR_MEMORY = "weft.spark.executor.memory";
    static final String EXECUTOR_CLASSPATH = "weft.spark.executor.classpath";
    static final String CONF_PREFIX = "weft.spark.conf.";

    private SparkConfs() {}

    static SparkConf create(SparkMaster master, HostSettings settings) {
        Map<String, String> properties = settings.properties();
        int parallelism = settings.execution().parallelism();
        SparkConf conf = new SparkConf(false)
                .setMaster(master.url())
                .setAppName("weft-host")
                .set("spark.ui.enabled", "false")
                .set("spark.ui.showConsoleProgress", "false")
                .set("spark.task.maxFailures", "1")
                .set("spark.stage.maxConsecutiveAttempts", "1")
                .set("spark.default.parallelism", Integer.toString(parallelism))
                .set("spark.local.dir", settings.workDirectory().resolve("spark-local").toString())
                .set("spark.serializer", serializer(properties.getOrDefault(SERIALIZER, "java")))
                .set("spark.kryo.registrationRequired", "false")
                .set("spark.kryo.registrator", RowKryoRegistrator.class.getName())
                .set("spark.executor.extraJavaOptions", "-Dio.netty.tryReflectionSetAccessible=true");
        String driverHost = properties.getOrDefault(DRIVER_HOST, master.local() || isLoopback(master) ? "127.0.0.1" : "");
        if (!driverHost.isEmpty()) {
            conf.set("spark.driver.host", driverHost).set("spark.driver.bindAddress", driverHost);
        }
        if (!master.local()) {
            conf.set("spark.executor.memory", properties.getOrDefault(EXECUTOR_MEMORY, "1g"))
                    .set("spark.cores.max", Integer.toString(parallelism))
                    .set("spark.executor.extraClassPath", properties.getOrDefault(EXECUTOR_CLASSPATH, executorClasspath()));
        }
        List<Path> jars = settings.userJars();
        if (!jars.isEmpty()) {
            conf.set("spark.jars", jars.stream().map(Path::toString).collect(Collectors.joining(",")));
        }
        properties.forEach((key, value) -> {
            if (key.startsWith(CONF_PREFIX)) {
                conf.set(key.substring(CONF_PREFIX.length()), value);
            }
        });
        return conf;
    }

    private static String serializer(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "kryo" -> "org.apache.spark.serializer.KryoSerializer";
            case "java" -> "org.apache.spark.serializer.JavaSerializer";
            default -> throw new dev.weft.api.WeftException(dev.weft.api.ErrorCode.INVALID_CONFIGURATION,
                    "%s='%s' is not a serializer: use java or kryo".formatted(SERIALIZER, name));
        };
    }

    /** The host JVM's own classpath, which holds Weft, the user's classes and Spark. */
    private static String executorClasspath() {
        return java.util.Arrays.stream(System.getProperty("java.class.path", "").split(File.pathSeparator))
                .filter(entry -> !entry.isBlank())
                .map(entry -> Path.of(entry).toAbsolutePath().toString())  // executors run in the worker's directory
                .collect(Collectors.joining(File.pathSeparator));
    }

    private static boolean isLoopback(SparkMaster master) {
        try {
            return InetAddress.getByName(master.host().orElseThrow()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
