package dev.weft.engine.flink.cluster;

import static java.util.Objects.requireNonNull;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;

/**
 * A remote Flink cluster reached through its JobManager's REST endpoint ({@code weft.flink.jobmanager}). Jobs ship the
 * user's jars; Weft's own classes and their dependencies must be on the cluster's classpath (its {@code lib/}).
 */
public final class RemoteFlink implements FlinkCluster {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final JobManagerAddress address;
    private final Configuration jobConfiguration;
    private final String[] jars;

    private RemoteFlink(JobManagerAddress address, Configuration jobConfiguration, String[] jars) {
        this.address = address;
        this.jobConfiguration = jobConfiguration;
        this.jars = jars;
    }

    /** Checks that the JobManager answers on its port (a clear error at once rather than a hanging submission). */
    public static RemoteFlink connect(JobManagerAddress address, Configuration jobConfiguration, List<Path> userJars) {
        requireNonNull(address, "address is null");
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address.host(), address.port()), (int) CONNECT_TIMEOUT.toMillis());
        } catch (IOException e) {
            throw new WeftException(ErrorCode.IO_ERROR, ("cannot reach the Flink JobManager at %s (%s=%s): %s; start the cluster, "
                    + "or fix the address (the JobManager's REST port, 8081 by default), or remove the property to run on a MiniCluster")
                    .formatted(address, JobManagerAddress.PROPERTY, address, e.getMessage()), e);
        }
        Configuration configuration = new Configuration(jobConfiguration);
        configuration.set(RestOptions.CONNECTION_TIMEOUT, CONNECT_TIMEOUT);
        configuration.set(RestOptions.RETRY_MAX_ATTEMPTS, 2);
        configuration.set(RestOptions.RETRY_DELAY, Duration.ofMillis(500));
        String[] jars = userJars.stream().map(p -> p.toAbsolutePath().toString()).toArray(String[]::new);
        return new RemoteFlink(address, configuration, jars);
    }

    @Override
    public StreamExecutionEnvironment environment() {
        return StreamExecutionEnvironment.createRemoteEnvironment(address.host(), address.port(), new Configuration(jobConfiguration), jars);
    }

    @Override
    public RunningJob submit(StreamExecutionEnvironment environment, StreamGraph graph) {
        JobClient client;
        try {
            client = environment.executeAsync(graph);
        } catch (Exception e) {
            throw new WeftException(ErrorCode.IO_ERROR, "the Flink cluster at %s refused job %s: %s; check that it is up and has free slots"
                    .formatted(address, graph.getJobName(), FlinkFailures.rootCause(e)), e);
        }
        return new RemoteJob(client);
    }

    @Override
    public String describe() {
        return "flink remote " + address;
    }

    @Override
    public void close() {
        // nothing held between jobs
    }

    private static final class RemoteJob implements RunningJob {
        private final JobClient client;

        RemoteJob(JobClient client) {
            this.client = client;
        }

        @Override
        public String id() {
            return client.getJobID().toString();
        }

        @Override
        public Map<String, Object> await() throws Exception {
            return client.getJobExecutionResult().get().getAllAccumulatorResults();
        }

        @Override
        public void cancel() {
            client.cancel().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> null);
        }
    }
}
