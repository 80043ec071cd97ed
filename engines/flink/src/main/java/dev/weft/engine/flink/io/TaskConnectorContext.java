package dev.weft.engine.flink.io;

import static java.util.Objects.requireNonNull;

import dev.weft.api.spi.ConnectorContext;
import dev.weft.api.spi.ExecutionSettings;
import dev.weft.host.io.RemoteStreams;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connector's context in one subtask of a Flink task manager: its own allocator (a child of the JVM-wide root of the
 * host's remote streams, closed with the context), the stage's settings and the host's {@code weft.*} properties.
 *
 * <p><b>Limit of {@link #awaitDurable()}.</b> It flushes the connector sinks of the same job with the same subtask
 * index open in this JVM ({@link SubtaskSinks}), nothing more: Flink has no hook that tells a source when the rows it
 * emitted have reached every sink of the job (that is what checkpoints are for, which Weft does not use on Flink yet).
 * Rows still buffered in an operator between the source and a sink, in another subtask or in another task manager are
 * not covered. So a reader that commits source positions (a Kafka consumer group) after awaitDurable may commit a
 * position whose records a later failure loses; so {@link HostConnectors} refuses Kafka reads with a group. Skipped
 * records are logged (the job's metrics do not count them yet).
 */
final class TaskConnectorContext implements ConnectorContext, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TaskConnectorContext.class);

    private final String operator;
    private final String job;
    private final int subtask;
    private final ExecutionSettings settings;
    private final Map<String, String> properties;
    private final BufferAllocator allocator;
    private final Thread taskThread;
    private volatile boolean cancelled;

    TaskConnectorContext(String operator, String job, int subtask, ConnectorTaskSettings settings) {
        this.operator = requireNonNull(operator, "operator is null");
        this.job = requireNonNull(job, "job is null");
        this.subtask = subtask;
        this.settings = settings.execution();
        this.properties = settings.properties();
        this.allocator = RemoteStreams.allocator("flink-connector-%s-%d".formatted(job, subtask));
        this.taskThread = Thread.currentThread();
    }

    @Override
    public BufferAllocator allocator() {
        return allocator;
    }

    @Override
    public ExecutionSettings settings() {
        return settings;
    }

    @Override
    public Map<String, String> properties() {
        return properties;
    }

    @Override
    public boolean isCancelled() {
        return cancelled || taskThread.isInterrupted();
    }

    /** The task is being cancelled or failed: readers stop. */
    void cancel() {
        cancelled = true;
    }

    @Override
    public void awaitDurable() {
        SubtaskSinks.flush(job, subtask);
    }

    @Override
    public void countSkipped(String reason, long records) {
        LOG.warn("{} (subtask {}): {} record(s) skipped: {}", operator, subtask, records, reason);
    }

    @Override
    public void close() {
        allocator.close();
    }
}
