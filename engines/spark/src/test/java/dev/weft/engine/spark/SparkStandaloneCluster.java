package dev.weft.engine.spark;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A real Spark standalone cluster for tests: a master and a worker, each its own JVM started from the spark-core jars
 * (the module's host classpath resource). The worker needs a SPARK_HOME whose {@code jars/} holds Spark's classpath:
 * a temp directory of symlinks. Executors the worker starts get the host's classpath from the application
 * ({@code spark.executor.extraClassPath}, see SparkConfs).
 */
final class SparkStandaloneCluster implements AutoCloseable {
    static final List<String> SPARK_JVM_FLAGS = List.of(
            "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED", "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
            "--add-opens=java.base/sun.security.action=ALL-UNNAMED", "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
            "-Djdk.reflect.useDirectMethodHandle=false", "-Dio.netty.tryReflectionSetAccessible=true");

    private final Path home;
    private final int masterPort;
    private final List<Daemon> daemons = new ArrayList<>();

    private SparkStandaloneCluster(Path home, int masterPort) {
        this.home = home;
        this.masterPort = masterPort;
    }

    /** Starts a master, then a worker with {@code cores} cores, and waits until the worker registered (60 s at most). */
    static SparkStandaloneCluster start(Path directory, int cores) throws IOException, InterruptedException {
        Path home = Files.createDirectories(directory.resolve("spark-home"));
        Path jars = Files.createDirectories(home.resolve("jars"));
        Files.writeString(home.resolve("RELEASE"), "Spark 4.2.0 (jars linked by Weft's tests)\n");
        List<String> classpath = sparkClasspath();
        for (String jar : classpath) {
            Path source = Path.of(jar);
            Path link = jars.resolve(source.getFileName());
            if (!Files.exists(link)) {
                Files.createSymbolicLink(link, source);
            }
        }
        SparkStandaloneCluster cluster = new SparkStandaloneCluster(home, freePort());
        try {
            Path tmp = Files.createDirectories(directory.resolve("tmp"));
            cluster.daemons.add(Daemon.start("master", home, tmp, classpath, List.of("org.apache.spark.deploy.master.Master",
                    "--host", "127.0.0.1", "--port", Integer.toString(cluster.masterPort), "--webui-port", "0"), "I have been elected leader"));
            Path work = Files.createDirectories(directory.resolve("worker-work"));
            cluster.daemons.add(Daemon.start("worker", home, tmp, classpath, List.of("org.apache.spark.deploy.worker.Worker",
                    "--host", "127.0.0.1", "--cores", Integer.toString(cores), "--memory", "2g", "--webui-port", "0",
                    "--work-dir", work.toString(), cluster.masterUrl()), "Successfully registered with master"));
        } catch (IOException | InterruptedException | RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    String masterUrl() {
        return "spark://127.0.0.1:" + masterPort;
    }

    Path home() {
        return home;
    }

    String logs() {
        return daemons.stream().map(Daemon::tail).collect(Collectors.joining("\n"));
    }

    @Override
    public void close() {
        for (int i = daemons.size() - 1; i >= 0; i--) {
            daemons.get(i).stop();
        }
        daemons.clear();
    }

    /** Spark's jars (the host classpath resource) plus the log4j slf4j binding, so that the daemons log. */
    static List<String> sparkClasspath() throws IOException {
        Set<String> entries = new LinkedHashSet<>();
        try (InputStream in = SparkStandaloneCluster.class.getClassLoader().getResourceAsStream("META-INF/weft/host/spark.classpath")) {
            if (in == null) {
                throw new IllegalStateException("META-INF/weft/host/spark.classpath is missing: build the module with Maven");
            }
            for (String entry : new String(in.readAllBytes(), StandardCharsets.UTF_8).trim().split(":")) {
                if (entry.endsWith(".jar")) {
                    entries.add(entry);
                }
            }
        }
        entries.add(jarOf("org.apache.logging.slf4j.Log4jLoggerFactory"));
        return List.copyOf(entries);
    }

    private static String jarOf(String className) {
        try {
            return Path.of(Class.forName(className).getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (ClassNotFoundException | URISyntaxException e) {
            throw new IllegalStateException("cannot find the jar of " + className, e);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** One daemon JVM, its output kept (last 200 lines) and watched for its ready line. */
    private static final class Daemon {
        private final String name;
        private final Process process;
        private final ConcurrentLinkedDeque<String> lines = new ConcurrentLinkedDeque<>();

        private Daemon(String name, Process process) {
            this.name = name;
            this.process = process;
        }

        static Daemon start(String name, Path home, Path tmp, List<String> classpath, List<String> mainAndArguments, String readyLine)
                throws IOException, InterruptedException {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(SPARK_JVM_FLAGS);
            command.add("-Xmx512m");
            command.add("-Djava.io.tmpdir=" + tmp);
            command.add("-cp");
            command.add(String.join(File.pathSeparator, classpath));
            command.addAll(mainAndArguments);
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put("SPARK_HOME", home.toString());
            builder.environment().put("SPARK_SCALA_VERSION", "2.13");
            builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
            Daemon daemon = new Daemon(name, builder.start());
            CountDownLatch ready = new CountDownLatch(1);
            Thread pump = new Thread(() -> daemon.pump(readyLine, ready), "spark-" + name + "-output");
            pump.setDaemon(true);
            pump.start();
            if (!ready.await(60, TimeUnit.SECONDS)) {
                String tail = daemon.tail();
                daemon.stop();
                throw new IllegalStateException("Spark %s did not start within 60 s:%n%s".formatted(name, tail));
            }
            if (!daemon.process.isAlive()) {
                throw new IllegalStateException("Spark %s exited:%n%s".formatted(name, daemon.tail()));
            }
            return daemon;
        }

        private void pump(String readyLine, CountDownLatch ready) {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    lines.addLast(line);
                    if (lines.size() > 200) {
                        lines.pollFirst();
                    }
                    if (line.contains(readyLine)) {
                        ready.countDown();
                    }
                }
            } catch (IOException e) {
                lines.addLast("(output lost: " + e + ")");
            } finally {
                ready.countDown();  // an exited daemon: start() sees it is not alive
            }
        }

        String tail() {
            return "--- spark %s (pid %d) ---%n%s".formatted(name, process.pid(), String.join("\n", lines));
        }

        void stop() {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    static void deleteQuietly(Path path) {
        try (var paths = Files.walk(path)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
