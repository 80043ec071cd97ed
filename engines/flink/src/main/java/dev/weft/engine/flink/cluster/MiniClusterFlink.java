package dev.weft.engine.flink.cluster;

import static java.util.Objects.requireNonNull;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A MiniCluster inside the engine host: one TaskManager with {@code slots} slots, started once, reused by every job.
 * Flink's temporary files (blobs, rpc jars, io dirs) go under the host's work directory, never /tmp.
 */
public final class MiniClusterFlink implements FlinkCluster {
    private static final Logger log = LoggerFactory.getLogger(MiniClusterFlink.class);

    private final MiniCluster cluster;
    private final Configuration jobConfiguration;
    private final ClassLoader userClassLoader;
    private final int slots;

    private MiniClusterFlink(MiniCluster cluster, Configuration jobConfiguration, ClassLoader userClassLoader, int slots) {
        this.cluster = cluster;
        this.jobConfiguration = jobConfiguration;
        this.userClassLoader = userClassLoader;
        this.slots = slots;
    }

    /**
     * Starts a MiniCluster; jobs are submitted in-process. Its REST endpoint listens on 127.0.0.1, on {@code restPort}
     * when positive (a "remote" cluster for another JVM), on any free port otherwise.
     */
    public static MiniClusterFlink start(Path workDirectory, int slots, int restPort, Configuration jobConfiguration, ClassLoader userClassLoader) {
        requireNonNull(workDirectory, "workDirectory is null");
        try {
            Path tmp = Files.createDirectories(workDirectory.resolve("flink-tmp"));
            Configuration configuration = new Configuration(jobConfiguration);
            configuration.set(CoreOptions.TMP_DIRS, tmp.toString());
            configuration.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
            configuration.set(RestOptions.ADDRESS, "127.0.0.1");
            // the REST endpoint always starts; without a port of our own it takes any free one, never 8081
            configuration.set(RestOptions.BIND_PORT, Integer.toString(Math.max(0, restPort)));
            MiniClusterConfiguration config = new MiniClusterConfiguration.Builder()
                    .setConfiguration(configuration)
                    .setNumTaskManagers(1)
                    .setNumSlotsPerTaskManager(slots)
                    .setCommonBindAddress("127.0.0.1")
                    .build();
            long start = System.nanoTime();
            MiniCluster cluster = new MiniCluster(config);
            cluster.start();
            log.info("Flink MiniCluster with {} slots started in {} ms (tmp {})", slots,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), tmp);
            return new MiniClusterFlink(cluster, jobConfiguration, userClassLoader, slots);
        } catch (Exception e) {
            throw new WeftException(ErrorCode.GENERIC_INTERNAL_ERROR, "cannot start a Flink MiniCluster in %s: %s; see the host log"
                    .formatted(workDirectory, e), e);
        }
    }

    /** The REST port, if the REST endpoint is on. */
    public int restPort() {
        try {
            return cluster.getRestAddress().get(30, TimeUnit.SECONDS).getPort();
        } catch (Exception e) {
            throw new IllegalStateException("the MiniCluster has no REST endpoint", e);
        }
    }

    public int slots() {
        return slots;
    }

    @Override
    public StreamExecutionEnvironment environment() {
        return new StreamExecutionEnvironment(new Configuration(jobConfiguration), userClassLoader);
    }

    @Override
    public RunningJob submit(StreamExecutionEnvironment environment, StreamGraph graph) {
        try {
            JobGraph job = graph.getJobGraph(userClassLoader, new JobID());
            JobID id = cluster.submitJob(job).get().getJobID();
            return new MiniClusterJob(id);
        } catch (Exception e) {
            throw new WeftException(ErrorCode.GENERIC_INTERNAL_ERROR, "the Flink MiniCluster refused job %s: %s"
                    .formatted(graph.getJobName(), FlinkFailures.rootCause(e)), e);
        }
    }

    @Override
    public String describe() {
        return "flink MiniCluster (%d slots)".formatted(slots);
    }

    @Override
    public void close() {
        try {
            cluster.closeAsync().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("the Flink MiniCluster did not stop cleanly", e);
        }
    }

    private final class MiniClusterJob implements RunningJob {
        private final JobID id;

        MiniClusterJob(JobID id) {
            this.id = id;
        }

        @Override
        public String id() {
            return id.toString();
        }

        @Override
        public Map<String, Object> await() throws Exception {
            JobResult result = cluster.requestJobResult(id).get();
            JobExecutionResult execution = result.toJobExecutionResult(userClassLoader);
            return execution.getAllAccumulatorResults();
        }

        @Override
        public void cancel() {
            cluster.cancelJob(id).orTimeout(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS).exceptionally(e -> null);
        }
    }
}
