package dev.weft.kafka.embedded;

import dev.weft.api.WeftException;
import dev.weft.kafka.KafkaErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node KRaft Kafka broker (combined broker and controller) for tests and demos: {@code kafka.Kafka} from
 * the Maven artifacts, in a child JVM with the classpath written at build time (META-INF/weft/kafka/broker.classpath;
 * override with the system property {@code weft.kafka.broker.classpath}), listening on free loopback ports, with its
 * data in a temporary directory that {@link #close} deletes. Topics are never created automatically.
 *
 * <p>A child JVM rather than the in-process test kit: the broker's Scala and Jackson-module dependencies then never
 * have to converge with those of the driver (Spark, Flink) on the classpath of the CLI.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
    public static final String CLASSPATH_PROPERTY = "weft.kafka.broker.classpath";
    private static final String CLASSPATH_RESOURCE = "META-INF/weft/kafka/broker.classpath";
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final long START_TIMEOUT_MILLIS = 60_000;

    private final Path directory;
    private final Process process;
    private final String bootstrapServers;
    private final Thread shutdownHook;
    private final long startMillis;

    private EmbeddedKafkaBroker(Path directory, Process process, String bootstrapServers, long startMillis) {
        this.directory = directory;
        this.process = process;
        this.bootstrapServers = bootstrapServers;
        this.startMillis = startMillis;
        this.shutdownHook = new Thread(process::destroyForcibly, "weft-kafka-broker-kill");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Formats a data directory under java.io.tmpdir and starts the broker; returns once it answers. */
    public static EmbeddedKafkaBroker start() {
        long started = System.nanoTime();
        Path directory;
        try {
            directory = Files.createTempDirectory("weft-kafka-");
        } catch (IOException e) {
            throw failed("cannot create a data directory under %s: %s".formatted(System.getProperty("java.io.tmpdir"), e), e);
        }
        Process process = null;
        try {
            String classpath = classpath();
            int brokerPort = freePort();
            int controllerPort = freePort();
            Path config = writeConfig(directory, brokerPort, controllerPort);
            // Kafka's own generator: a base64 id starting with '-' would read as an option (1 run in 64 failed).
            String clusterId = Uuid.randomUuid().toString();
            run(directory, List.of(java(), "-cp", classpath, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                    "kafka.tools.StorageTool", "format", "-t", clusterId, "-c", config.toString()), "format");
            process = new ProcessBuilder(java(), "-cp", classpath, "-Xmx768m", "-XX:+UseSerialGC", "-Djava.awt.headless=true",
                    "kafka.Kafka", config.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(directory.resolve("broker.log").toFile())
                    .start();
            String bootstrap = "127.0.0.1:" + brokerPort;
            awaitReady(process, bootstrap, directory);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            LOG.info("embedded Kafka broker at {} ready in {} ms (data in {})", bootstrap, millis, directory);
            return new EmbeddedKafkaBroker(directory, process, bootstrap, millis);
        } catch (IOException e) {
            if (process != null) {
                stop(process);
            }
            deleteQuietly(directory);
            throw failed("cannot start %s: %s".formatted(java(), e), e);
        } catch (RuntimeException | Error e) {
            if (process != null) {
                stop(process);
            }
            deleteQuietly(directory);
            throw e;
        }
    }

    /** "127.0.0.1:port" of the broker's listener. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Milliseconds from {@link #start} to the broker answering. */
    public long startMillis() {
        return startMillis;
    }

    /** Creates a topic (replication factor 1) and waits until it exists. */
    public void createTopic(String topic, int partitions) {
        try (Admin admin = admin(bootstrapServers)) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
            long deadline = System.currentTimeMillis() + 30_000;
            while (!hasLeaders(admin, topic)) {
                if (System.currentTimeMillis() > deadline) {
                    throw failed("topic %s has partitions without a leader after 30 s".formatted(topic), null);
                }
                Thread.sleep(20);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw failed("cannot create topic %s: %s".formatted(topic, e.getCause() != null ? e.getCause() : e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed("interrupted while creating topic " + topic, e);
        }
    }

    private static boolean hasLeaders(Admin admin, String topic) throws InterruptedException, TimeoutException {
        try {
            return admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic).partitions().stream()
                    .allMatch(partition -> partition.leader() != null && partition.leader().id() >= 0);
        } catch (ExecutionException e) {
            return false;
        }
    }

    /** Stops the broker and deletes its data. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs anyway
        }
        stop(process);
        deleteQuietly(directory);
    }

    private static Admin admin(String bootstrap) {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
        return Admin.create(properties);
    }

    private static void awaitReady(Process process, String bootstrap, Path directory) {
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MILLIS;
        try (Admin admin = admin(bootstrap)) {
            while (true) {
                if (!process.isAlive()) {
                    throw failed("the broker exited with code %d: %s".formatted(process.exitValue(), tail(directory.resolve("broker.log"))), null);
                }
                try {
                    if (!admin.describeCluster().nodes().get(1, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    // not up yet
                }
                if (System.currentTimeMillis() > deadline) {
                    throw failed("the broker did not answer at %s within %d s: %s".formatted(bootstrap, START_TIMEOUT_MILLIS / 1000,
                            tail(directory.resolve("broker.log"))), null);
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed("interrupted while waiting for the broker", e);
        }
    }

    private static void run(Path directory, List<String> command, String name) {
        Path log = directory.resolve(name + ".log");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw failed("'kafka-storage %s' did not finish within 60 s".formatted(name), null);
            }
            if (process.exitValue() != 0) {
                throw failed("'kafka-storage %s' failed with code %d: %s".formatted(name, process.exitValue(), tail(log)), null);
            }
        } catch (IOException e) {
            throw failed("cannot run %s: %s".formatted(command.get(0), e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed("interrupted while formatting the broker's storage", e);
        }
    }

    private static Path writeConfig(Path directory, int brokerPort, int controllerPort) {
        Map<String, String> settings = new java.util.LinkedHashMap<>();
        settings.put("process.roles", "broker,controller");
        settings.put("node.id", "1");
        settings.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        settings.put("listeners", "PLAINTEXT://127.0.0.1:%d,CONTROLLER://127.0.0.1:%d".formatted(brokerPort, controllerPort));
        settings.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        settings.put("controller.listener.names", "CONTROLLER");
        settings.put("inter.broker.listener.name", "PLAINTEXT");
        settings.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        settings.put("log.dirs", directory.resolve("data").toString());
        settings.put("num.partitions", "1");
        settings.put("auto.create.topics.enable", "false");
        settings.put("offsets.topic.replication.factor", "1");
        settings.put("offsets.topic.num.partitions", "1");
        settings.put("transaction.state.log.replication.factor", "1");
        settings.put("transaction.state.log.min.isr", "1");
        settings.put("share.coordinator.state.topic.replication.factor", "1");
        settings.put("share.coordinator.state.topic.min.isr", "1");
        settings.put("group.initial.rebalance.delay.ms", "0");
        StringBuilder text = new StringBuilder();
        settings.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        Path config = directory.resolve("server.properties");
        try {
            Files.writeString(config, text.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw failed("cannot write %s: %s".formatted(config, e), e);
        }
        return config;
    }

    private static String classpath() {
        String override = System.getProperty(CLASSPATH_PROPERTY, "");
        if (!override.isBlank()) {
            return override;
        }
        try (InputStream in = EmbeddedKafkaBroker.class.getClassLoader().getResourceAsStream(CLASSPATH_RESOURCE)) {
            if (in == null) {
                throw failed(("%s is not on the classpath: build engines/kafka with Maven (it writes the broker's classpath), "
                        + "or set -D%s").formatted(CLASSPATH_RESOURCE, CLASSPATH_PROPERTY), null);
            }
            String classpath = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            List<String> missing = new ArrayList<>();
            for (String entry : classpath.split(":")) {
                if (!entry.isBlank() && !Files.exists(Path.of(entry))) {
                    missing.add(entry);
                }
            }
            if (!missing.isEmpty()) {
                throw failed("the broker's classpath names %d missing file(s), e.g. %s: rebuild engines/kafka so Maven downloads them"
                        .formatted(missing.size(), missing.get(0)), null);
            }
            return classpath;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw failed("no free loopback port: " + e, e);
        }
    }

    private static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                LOG.warn("the embedded Kafka broker did not stop within 15 s; killing it");
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "(no log: %s)".formatted(e);
        }
    }

    private static void deleteQuietly(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            LOG.debug("cannot delete {}: {}", directory, e.toString());
        }
    }

    private static WeftException failed(String message, Throwable cause) {
        return new WeftException(KafkaErrorCode.EMBEDDED_BROKER_FAILED, "embedded Kafka broker: " + message, cause);
    }
}
