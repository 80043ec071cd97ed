package dev.weft.host.testing;

import static java.util.Objects.requireNonNull;

import dev.weft.api.plan.CollectSink;
import dev.weft.api.plan.LogicalOperator;
import dev.weft.api.plan.StageInputSource;
import dev.weft.api.plan.StageOutputSink;
import dev.weft.api.spi.BatchReader;
import dev.weft.api.spi.BatchWriter;
import dev.weft.api.spi.ExecutionSettings;
import dev.weft.api.spi.OperatorMetrics;
import dev.weft.api.spi.StageContext;
import dev.weft.api.spi.StageInput;
import dev.weft.api.spi.StageOutput;
import dev.weft.channels.flight.RemoteStream;
import dev.weft.host.io.RemoteStreamWriter;
import dev.weft.host.io.RemoteStreams;
import dev.weft.host.spi.HostStage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A {@link StageContext} over a {@link HostStage}, for an in-JVM engine run inside a host: stage inputs read their
 * remote streams, stage outputs and collect sinks write to theirs. {@link #complete()} writes the partitions nobody
 * wrote (empty) and completes every one; {@link #close()} fails what is not complete.
 */
public final class HostStageContext implements StageContext, AutoCloseable {
    private final HostStage stage;
    private final BufferAllocator allocator;
    private final Map<String, RemoteOutput> outputs = new ConcurrentHashMap<>();
    private final Map<Integer, RemoteOutput> collects = new ConcurrentHashMap<>();

    public HostStageContext(HostStage stage, BufferAllocator allocator) {
        this.stage = requireNonNull(stage, "stage is null");
        this.allocator = requireNonNull(allocator, "allocator is null");
    }

    @Override
    public BufferAllocator allocator() {
        return allocator;
    }

    @Override
    public ExecutionSettings settings() {
        return stage.settings();
    }

    @Override
    public BatchWriter collectWriter(CollectSink sink) {
        return collects.computeIfAbsent(sink.id(), id -> new RemoteOutput(stage.collect(sink))).partition(0);
    }

    @Override
    public StageInput input(StageInputSource source) {
        RemoteStream stream = stage.input(source);
        Schema schema = stream.schema();
        return new StageInput() {
            @Override
            public Schema schema() {
                return schema;
            }

            @Override
            public int partitions() {
                return stream.partitions();
            }

            @Override
            public BatchReader open(int partition) {
                return RemoteStreams.open(stream, partition, allocator);
            }
        };
    }

    @Override
    public StageOutput output(StageOutputSink sink) {
        return outputs.computeIfAbsent(sink.channel(), channel -> new RemoteOutput(stage.output(sink)));
    }

    @Override
    public OperatorMetrics metrics(LogicalOperator operator) {
        int id = operator.id();
        return new OperatorMetrics() {
            @Override
            public void addRows(long rows) {
                stage.addMetrics(id, rows, 0);
            }

            @Override
            public void addBytes(long bytes) {
                stage.addMetrics(id, 0, bytes);
            }

            @Override
            public void addNanos(long nanos) {}
        };
    }

    @Override
    public boolean isCancelled() {
        return stage.isCancelled();
    }

    /** Every partition of every output written (empty ones too) and completed. */
    public void complete() {
        for (RemoteOutput output : outputs.values()) {
            output.complete();
        }
        for (RemoteOutput output : collects.values()) {
            output.complete();
        }
    }

    /** Fails whatever is not complete and frees the writers. */
    @Override
    public void close() {
        List<RuntimeException> failures = new ArrayList<>();
        for (RemoteOutput output : outputs.values()) {
            output.close(failures);
        }
        for (RemoteOutput output : collects.values()) {
            output.close(failures);
        }
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
    }

    /** The partitions of one remote stream, each written through a writer opened on first use. */
    private final class RemoteOutput implements StageOutput {
        private final RemoteStream stream;
        private final RemoteStreamWriter[] writers;
        private final BatchWriter[] partitions;

        RemoteOutput(RemoteStream stream) {
            this.stream = stream;
            this.writers = new RemoteStreamWriter[stream.partitions()];
            this.partitions = new BatchWriter[stream.partitions()];
            for (int p = 0; p < partitions.length; p++) {
                int partition = p;
                partitions[p] = batch -> writer(partition).write(batch);
            }
        }

        @Override
        public int partitions() {
            return stream.partitions();
        }

        @Override
        public BatchWriter partition(int partition) {
            return partitions[partition];
        }

        synchronized RemoteStreamWriter writer(int partition) {
            if (writers[partition] == null) {
                writers[partition] = RemoteStreams.writer(stream, partition, allocator);
            }
            return writers[partition];
        }

        void complete() {
            for (int p = 0; p < writers.length; p++) {
                writer(p).complete();
            }
        }

        synchronized void close(List<RuntimeException> failures) {
            for (RemoteStreamWriter writer : writers) {
                if (writer != null) {
                    try {
                        writer.close();
                    } catch (RuntimeException e) {
                        failures.add(e);
                    }
                }
            }
        }
    }

}
