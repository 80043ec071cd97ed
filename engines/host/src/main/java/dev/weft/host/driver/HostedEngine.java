package dev.weft.host.driver;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.plan.CollectSink;
import dev.weft.api.plan.DoWhileOperator;
import dev.weft.api.plan.LogicalOperator;
import dev.weft.api.plan.LoopBody;
import dev.weft.api.plan.Plan;
import dev.weft.api.plan.RepeatOperator;
import dev.weft.api.plan.SinkOperator;
import dev.weft.api.plan.StageInputSource;
import dev.weft.api.plan.StageOutputSink;
import dev.weft.api.spi.BatchReader;
import dev.weft.api.spi.BatchWriter;
import dev.weft.api.spi.Engine;
import dev.weft.api.spi.EngineCapabilities;
import dev.weft.api.spi.EngineContext;
import dev.weft.api.spi.ExecutionSettings;
import dev.weft.api.spi.OperatorMetrics;
import dev.weft.api.spi.Stage;
import dev.weft.api.spi.StageContext;
import dev.weft.api.spi.StageInput;
import dev.weft.api.spi.StageOutput;
import dev.weft.channels.Batches;
import dev.weft.channels.flight.FlightChannelReader;
import dev.weft.channels.flight.FlightChannelWriter;
import dev.weft.channels.flight.FlightClientPool;
import dev.weft.channels.flight.FlightCredentials;
import dev.weft.channels.flight.FlightPartitionId;
import dev.weft.channels.flight.FlightStageInput;
import dev.weft.channels.flight.FlightStageOutput;
import dev.weft.channels.flight.FlightStreamId;
import dev.weft.channels.flight.RemoteStream;
import dev.weft.host.codec.StageCodec;
import dev.weft.host.server.HostProtocol;
import dev.weft.host.server.HostStatus;
import dev.weft.host.server.RunStageRequest;
import dev.weft.host.server.RunStageResult;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.arrow.flight.Location;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The driver's proxy of an engine that runs in an engine host. The host starts on the first {@link #execute} (or the
 * engine connects to {@code weft.<engine>.host}) and stays for later stages until {@link #close()}.
 *
 * <p>Per stage: Flight stage inputs are handed to the host as {@link RemoteStream}s (its executors read the driver's
 * server directly), other inputs are uploaded to the host's server first; Flight stage outputs are handed over (the
 * host writes and completes them), other outputs are written to the host's server and copied back into the
 * StageOutput afterwards; collect sinks go to the host's server and are read back into the context's collect writer;
 * operator metrics come back with the result. A host that dies fails the stage with HOST_FAILED naming it (pid, port)
 * with its last log lines; the next stage starts a new one.
 */
public final class HostedEngine implements Engine {
    private static final Logger log = LoggerFactory.getLogger(HostedEngine.class);

    private final String name;
    private final EngineCapabilities capabilities;
    private final EngineContext context;
    private final HostLaunchSettings launch;
    private final Optional<String> remoteHost;
    private final Optional<String> remoteToken;
    private final BufferAllocator clientAllocator;
    private final AtomicLong runs = new AtomicLong();
    private final String instance = UUID.randomUUID().toString().substring(0, 8);
    private HostConnection host;               // guarded by this
    private FlightClientPool clients;          // guarded by this
    private boolean closed;                    // guarded by this

    HostedEngine(String name, EngineCapabilities capabilities, EngineContext context, HostLaunchSettings launch,
                 Optional<String> remoteHost, Optional<String> remoteToken) {
        this.name = requireNonNull(name, "name is null");
        this.capabilities = requireNonNull(capabilities, "capabilities is null");
        this.context = requireNonNull(context, "context is null");
        this.launch = requireNonNull(launch, "launch is null");
        this.remoteHost = requireNonNull(remoteHost, "remoteHost is null");
        this.remoteToken = requireNonNull(remoteToken, "remoteToken is null");
        this.clientAllocator = context.allocator().newChildAllocator("%s-host-clients".formatted(name), 0, Long.MAX_VALUE);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public EngineCapabilities capabilities() {
        return capabilities;
    }

    /** True when a host is up (the next stage pays no start). */
    public synchronized boolean warm() {
        return host != null && host.isAlive();
    }

    /** The host process this engine started, if any (tests, `weft engines`). */
    public synchronized Optional<HostProcess> hostProcess() {
        return host == null ? Optional.empty() : host.process();
    }

    /** The host's status (starts the host if needed). */
    public HostStatus status() {
        HostConnection connection = host();
        return HostStatus.parse(new String(connection.call(HostProtocol.STATUS, new byte[0]).get(0), UTF_8));
    }

    @Override
    public void execute(Stage stage, StageContext context) {
        requireNonNull(stage, "stage is null");
        requireNonNull(context, "context is null");
        byte[] plan = StageCodec.encode(stage);
        HostConnection connection = host();
        String hostJob = "%s-%s-%d".formatted(name, instance, runs.incrementAndGet());
        String key = hostJob + "/" + stage.id();
        FlightCredentials hostCredentials = connection.clients().credentials();
        boolean dropOnHost = false;
        try {
            Map<String, RemoteStream> inputs = new HashMap<>();
            Map<String, RemoteStream> outputs = new HashMap<>();
            Map<String, StageOutput> copyBack = new HashMap<>();
            Map<Integer, RemoteStream> collects = new HashMap<>();
            for (LogicalOperator operator : withLoopBodies(stage.sinks())) {
                if (operator instanceof StageInputSource source && !inputs.containsKey(source.channel())) {
                    StageInput input = context.input(source);
                    if (input instanceof FlightStageInput flight) {
                        inputs.put(source.channel(), flight.remote());
                    } else {
                        dropOnHost = true;
                        RemoteStream uploaded = RemoteStream.of(connection.location(), new FlightStreamId(hostJob, stage.id(), "input-" + source.channel()),
                                input.partitions(), input.schema(), hostCredentials);
                        upload(connection, input, uploaded, context.allocator());
                        inputs.put(source.channel(), uploaded);
                    }
                }
            }
            for (SinkOperator sink : stage.sinks()) {
                if (sink instanceof StageOutputSink output) {
                    StageOutput bound = context.output(output);
                    if (bound instanceof FlightStageOutput flight) {
                        outputs.put(output.channel(), flight.handOver());
                    } else {
                        dropOnHost = true;
                        outputs.put(output.channel(), RemoteStream.of(connection.location(),
                                new FlightStreamId(hostJob, stage.id(), "output-" + output.channel()), output.partitions(), output.schema(), hostCredentials));
                        copyBack.put(output.channel(), bound);
                    }
                } else if (sink instanceof CollectSink collect) {
                    dropOnHost = true;
                    collects.put(collect.id(), RemoteStream.of(connection.location(),
                            new FlightStreamId(hostJob, stage.id(), "collect-" + collect.id()), 1, collect.output().schema(), hostCredentials));
                }
            }
            ExecutionSettings settings = context.settings();
            RunStageRequest request = new RunStageRequest(key, plan, settings.parallelism(), settings.memoryBudgetBytes(),
                    settings.batchSize(), inputs, outputs, collects);
            RunStageResult result = HostProtocol.fromBytes(connection.call(HostProtocol.RUN_STAGE, HostProtocol.toBytes(request),
                    context::isCancelled, () -> cancel(connection, key)).get(0), RunStageResult.class);
            report(stage, result, context);
            if (result.failed()) {
                throw result.error(connection.describe());
            }
            if (context.isCancelled()) {
                throw new WeftException(ErrorCode.JOB_CANCELLED, "stage %s was cancelled".formatted(stage.id()));
            }
            for (SinkOperator sink : stage.sinks()) {
                if (sink instanceof StageOutputSink output && copyBack.containsKey(output.channel())) {
                    RemoteStream stream = outputs.get(output.channel());
                    StageOutput target = copyBack.get(output.channel());
                    for (int partition = 0; partition < stream.partitions(); partition++) {
                        BatchWriter writer = target.partition(partition);
                        read(connection, stream, partition, context.allocator(), writer::write);
                    }
                } else if (sink instanceof CollectSink collect) {
                    BatchWriter writer = context.collectWriter(collect);
                    read(connection, collects.get(collect.id()), 0, context.allocator(), writer::write);
                }
            }
        } finally {
            if (dropOnHost && connection.isAlive()) {
                drop(connection, hostJob);
            }
        }
    }

    @Override
    public void close() {
        HostConnection connection;
        FlightClientPool pool;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            connection = host;
            pool = clients;
            host = null;
            clients = null;
        }
        try {
            if (connection != null) {
                if (connection.process().isPresent() && connection.isAlive()) {
                    try {
                        connection.call(HostProtocol.SHUTDOWN, new byte[0]);
                    } catch (RuntimeException e) {
                        log.debug("Asking the {} to shut down failed", connection.describe(), e);
                    }
                }
                connection.close();
            }
        } finally {
            if (pool != null) {
                pool.close();
            }
            clientAllocator.close();
        }
    }

    @Override
    public String toString() {
        return "HostedEngine[%s]".formatted(name);
    }

    /** The host: the running one, else a new one (or the remote host), started now. */
    private synchronized HostConnection host() {
        if (closed) {
            throw new WeftException(ErrorCode.INVALID_ARGUMENT, "the %s engine is closed: create a new one".formatted(name));
        }
        if (host != null && host.isAlive()) {
            return host;
        }
        if (host != null) {
            log.warn("The {} is gone ({}); starting a new host", host.describe(), host.process().map(HostProcess::exitDescription).orElse("?"));
            host.close();
            host = null;
        }
        if (remoteHost.isPresent()) {
            Location location = location(remoteHost.get());
            FlightClientPool pool = pool(remoteToken.map(FlightCredentials::bearer).orElse(FlightCredentials.none()));
            HostConnection connection = new HostConnection(name, location, pool, Optional.empty(), launch.heartbeatTimeout());
            HostStatus status = HostStatus.parse(new String(connection.call(HostProtocol.STATUS, new byte[0]).get(0), UTF_8));
            if (!status.engine().equals(name)) {
                throw new WeftException(ErrorCode.INVALID_CONFIGURATION, "the host at %s runs engine '%s', not '%s': point weft.%s.host at a %s host"
                        .formatted(location.getUri(), status.engine(), name, name, name));
            }
            log.info("Connected to the {} host at {}: {}", name, location.getUri(), status.describe());
            uploadJars(connection);
            host = connection;
            return host;
        }
        String token = UUID.randomUUID().toString();
        HostProcess process = new HostLauncher(launch, context.settings()).start(token);
        FlightClientPool pool = pool(FlightCredentials.bearer(token));
        host = new HostConnection(name, Location.forGrpcInsecure("127.0.0.1", process.port()), pool, Optional.of(process), launch.heartbeatTimeout());
        return host;
    }

    /**
     * A remote host cannot read the driver's files: every jar of {@code weft.jars} is sent to it (add-jar), as Spark
     * ships {@code spark.jars}. The host keeps one copy per content and adds it to its user class loader. A local host
     * has them on its classpath already.
     */
    private void uploadJars(HostConnection connection) {
        for (String entry : launch.hostProperties().getOrDefault("weft.jars", "").split("[,:]")) {
            if (entry.isBlank()) {
                continue;
            }
            Path jar = Path.of(entry.strip());
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(jar);
            } catch (IOException e) {
                throw new WeftException(ErrorCode.INVALID_CONFIGURATION, "cannot read %s of weft.jars to send it to the %s: %s; fix weft.jars"
                        .formatted(jar.toAbsolutePath(), connection.describe(), e), e);
            }
            String stored = new String(connection.call(HostProtocol.ADD_JAR, bytes).get(0), UTF_8);
            log.info("Sent {} ({} bytes) to the {}: stored as {}", jar, bytes.length, connection.describe(), stored);
        }
    }

    // Caller holds this.
    private FlightClientPool pool(FlightCredentials credentials) {
        if (clients != null) {
            clients.close();
        }
        clients = new FlightClientPool(clientAllocator, credentials);
        return clients;
    }

    private static Location location(String address) {
        String text = address.strip();
        if (!text.contains("://")) {
            text = "grpc+tcp://" + text;
        }
        URI uri = URI.create(text);
        if (uri.getHost() == null || uri.getPort() < 0) {
            throw new WeftException(ErrorCode.INVALID_CONFIGURATION, "engine host address '%s' is not host:port or grpc+tcp://host:port".formatted(address));
        }
        return new Location(uri);
    }

    private void cancel(HostConnection connection, String key) {
        try {
            log.info("Cancelling stage {} on the {}", key, connection.describe());
            connection.call(HostProtocol.CANCEL_STAGE, key.getBytes(UTF_8));
        } catch (RuntimeException e) {
            log.warn("Cancelling stage {} on the {} failed: {}", key, connection.describe(), e.getMessage());
        }
    }

    private static void drop(HostConnection connection, String hostJob) {
        try {
            connection.call("drop-job", hostJob.getBytes(UTF_8));
        } catch (RuntimeException e) {
            log.warn("Dropping the streams of {} on the {} failed: {}", hostJob, connection.describe(), e.getMessage());
        }
    }

    private static void report(Stage stage, RunStageResult result, StageContext context) {
        Map<Integer, LogicalOperator> byId = new HashMap<>();
        withLoopBodies(stage.sinks()).forEach(operator -> byId.putIfAbsent(operator.id(), operator));
        result.metrics().forEach((id, counters) -> {
            LogicalOperator operator = byId.get(id);
            if (operator != null) {
                OperatorMetrics metrics = context.metrics(operator);
                metrics.addRows(counters[0]);
                metrics.addBytes(counters[1]);
            }
        });
    }

    /** Copies every partition of a driver-side input to the host's server (in-process hand-offs). */
    private static void upload(HostConnection connection, StageInput input, RemoteStream target, BufferAllocator allocator) {
        Schema schema = input.schema();
        for (int partition = 0; partition < target.partitions(); partition++) {
            FlightPartitionId id = new FlightPartitionId(target.streamId(), partition);
            try (BatchReader reader = input.open(partition);
                 FlightChannelWriter writer = FlightChannelWriter.open(connection.clients(), connection.location(), id, target.partitions(), schema, allocator)) {
                VectorSchemaRoot batch;
                while ((batch = reader.next()) != null) {
                    writer.write(batch);
                }
                writer.complete();
            } catch (WeftException e) {
                if (!connection.isAlive()) {
                    throw connection.failed("uploading " + target, e);
                }
                throw e;
            }
        }
    }

    /** Reads one partition from the host into batches of {@code allocator} (copied when it is of another root). */
    private void read(HostConnection connection, RemoteStream stream, int partition, BufferAllocator allocator, Consumer<VectorSchemaRoot> sink) {
        FlightPartitionId id = new FlightPartitionId(stream.streamId(), partition);
        boolean sameRoot = allocator.getRoot() == clientAllocator.getRoot();
        BufferAllocator staging = sameRoot ? allocator : clientAllocator.newChildAllocator("read-" + id.ticketText(), 0, Long.MAX_VALUE);
        try (FlightChannelReader reader = FlightChannelReader.open(connection.clients(), connection.location(), id, staging)) {
            VectorSchemaRoot batch;
            while ((batch = reader.next()) != null) {
                sink.accept(sameRoot ? batch : copy(batch, allocator));
            }
        } catch (WeftException e) {
            if (!connection.isAlive()) {
                throw connection.failed("reading " + stream, e);
            }
            throw e;
        } finally {
            if (!sameRoot) {
                staging.close();
            }
        }
    }

    static List<LogicalOperator> withLoopBodies(List<? extends LogicalOperator> sinks) {
        List<LogicalOperator> all = new ArrayList<>();
        for (LogicalOperator operator : Plan.topologicalOrder(List.copyOf(sinks))) {
            all.add(operator);
            LoopBody body = operator instanceof RepeatOperator repeat ? repeat.body()
                    : operator instanceof DoWhileOperator doWhile ? doWhile.body() : null;
            if (body != null) {
                all.addAll(withLoopBodies(List.of(body.result())));
            }
        }
        return all;
    }

    private static VectorSchemaRoot copy(VectorSchemaRoot batch, BufferAllocator allocator) {
        try (batch) {
            int[] rows = new int[batch.getRowCount()];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = i;
            }
            return Batches.copyRows(batch, rows, rows.length, allocator);
        }
    }
}
