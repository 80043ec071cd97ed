package dev.weft.channels.flight;

import static java.util.Objects.requireNonNull;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.plan.CollectSink;
import dev.weft.api.plan.SinkOperator;
import dev.weft.api.plan.StageInputSource;
import dev.weft.api.plan.StageOutputSink;
import dev.weft.api.spi.BatchWriter;
import dev.weft.api.spi.Stage;
import dev.weft.api.spi.StageInput;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.arrow.flight.Action;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.Result;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The Flight streams of one job cut into stages: each stage output and each collect sink is a stream
 * {@code (job, producing stage, name)} on one Flight server; stage inputs read the stream their channel names.
 * The driver completes a stage's streams when the stage succeeded and fails them when it did not, and drops the
 * job's streams at the end. Thread-safe.
 */
public final class FlightJobChannels implements AutoCloseable {
    /** The DoAction that drops every stream of a job on the server. */
    public static final String DROP_JOB = "drop-job";

    private final FlightClientPool clients;
    private final Location location;
    private final String job;
    private final Map<String, String> producerOfChannel = new HashMap<>();
    private final Map<String, Integer> partitions = new HashMap<>();
    private final Map<String, List<FlightStageOutput>> outputsOfStage = new HashMap<>();
    private final Map<String, FlightStageOutput> outputOfChannel = new HashMap<>();

    public FlightJobChannels(FlightClientPool clients, Location location, String job, List<Stage> stages) {
        this.clients = requireNonNull(clients, "clients is null");
        this.location = requireNonNull(location, "location is null");
        this.job = requireNonNull(job, "job is null");
        for (Stage stage : stages) {
            for (SinkOperator sink : stage.sinks()) {
                if (sink instanceof StageOutputSink output) {
                    producerOfChannel.put(output.channel(), stage.id());
                    partitions.put(output.channel(), output.partitions());
                }
            }
        }
    }

    /** Opens the streams of every output of the stage, so that one the engine never writes to exists too (empty). */
    public void openStage(Stage stage, BufferAllocator allocator) {
        for (SinkOperator sink : stage.sinks()) {
            if (sink instanceof StageOutputSink output) {
                output(output, stage.id(), allocator);
            }
        }
    }

    /** The stream a stage input reads. */
    public StageInput input(StageInputSource source, BufferAllocator allocator) {
        String producer = producerOfChannel.get(source.channel());
        if (producer == null) {
            throw new WeftException(ErrorCode.GENERIC_INTERNAL_ERROR, "%s reads channel '%s', which no stage of job %s writes"
                    .formatted(source.info().describe(), source.channel(), job));
        }
        int partitions = partitionsOf(source.channel());
        return new FlightStageInput(clients, location, new FlightStreamId(job, producer, source.channel()), partitions, source.schema(), allocator);
    }

    /** The stream a stage output writes; completed or failed with its stage. */
    public synchronized FlightStageOutput output(StageOutputSink sink, String stageId, BufferAllocator allocator) {
        FlightStageOutput existing = outputOfChannel.get(sink.channel());
        if (existing != null) {
            return existing;
        }
        FlightStageOutput output = track(stageId, new FlightStageOutput(clients, location, new FlightStreamId(job, stageId, sink.channel()),
                sink.partitions(), sink.schema(), allocator));
        outputOfChannel.put(sink.channel(), output);
        return output;
    }

    /** The one-partition stream a collect sink's batches go through. */
    public synchronized BatchWriter collect(CollectSink sink, String stageId, BufferAllocator allocator) {
        String key = stageId + "/collect-" + sink.id();
        FlightStageOutput output = outputOfChannel.get(key);
        if (output == null) {
            output = track(stageId, new FlightStageOutput(clients, location, collectStream(sink, stageId), 1, sink.output().schema(), allocator));
            outputOfChannel.put(key, output);
        }
        return output.partition(0);
    }

    /** Reads a completed collect stream back: the batches, allocated from {@code allocator}, in the order written. */
    public List<VectorSchemaRoot> readCollected(CollectSink sink, String stageId, BufferAllocator allocator) {
        List<VectorSchemaRoot> batches = new ArrayList<>();
        try (FlightChannelReader reader = FlightChannelReader.open(clients, location, new FlightPartitionId(collectStream(sink, stageId), 0), allocator)) {
            VectorSchemaRoot batch;
            while ((batch = reader.next()) != null) {
                batches.add(batch);
            }
        } catch (RuntimeException e) {
            batches.forEach(VectorSchemaRoot::close);
            throw e;
        }
        return batches;
    }

    /** Completes every stream the stage wrote (empty partitions included) and releases their writers. */
    public void completeStage(String stageId) {
        List<FlightStageOutput> outputs = takeOutputs(stageId);
        try {
            for (FlightStageOutput output : outputs) {
                output.completeAll();
            }
        } finally {
            outputs.forEach(FlightStageOutput::close);
        }
    }

    /** Fails every stream the stage wrote, so that no reader takes a partial stream for a whole one. */
    public void failStage(String stageId, Throwable cause) {
        for (FlightStageOutput output : takeOutputs(stageId)) {
            try {
                output.failAll(cause);
            } catch (RuntimeException e) {
                cause.addSuppressed(e);
            } finally {
                output.close();
            }
        }
    }

    /** Drops the job's streams on the server (DoAction drop-job); returns how many it dropped. */
    public int drop() {
        try {
            Iterator<Result> results = clients.client(location).doAction(new Action(DROP_JOB, job.getBytes(StandardCharsets.UTF_8)),
                    clients.credentials().callOptions());
            int dropped = 0;
            while (results.hasNext()) {
                dropped += Integer.parseInt(new String(results.next().getBody(), StandardCharsets.UTF_8).trim());
            }
            return dropped;
        } catch (FlightRuntimeException e) {
            throw new WeftException(ErrorCode.CHANNEL_FAILED, "cannot drop the Flight streams of job %s at %s: %s"
                    .formatted(job, location.getUri(), e.getMessage()), e);
        }
    }

    /** Closes every output still open (failing unfinished ones). */
    @Override
    public synchronized void close() {
        for (List<FlightStageOutput> outputs : outputsOfStage.values()) {
            outputs.forEach(FlightStageOutput::close);
        }
        outputsOfStage.clear();
    }

    private synchronized int partitionsOf(String channel) {
        Integer count = partitions.get(channel);
        if (count == null) {
            throw new WeftException(ErrorCode.GENERIC_INTERNAL_ERROR, "channel '%s' of job %s is read before its stage ran".formatted(channel, job));
        }
        return count;
    }

    private FlightStreamId collectStream(CollectSink sink, String stageId) {
        return new FlightStreamId(job, stageId, "collect-" + sink.id());
    }

    private synchronized FlightStageOutput track(String stageId, FlightStageOutput output) {
        outputsOfStage.computeIfAbsent(stageId, k -> new ArrayList<>()).add(output);
        return output;
    }

    private synchronized List<FlightStageOutput> takeOutputs(String stageId) {
        List<FlightStageOutput> outputs = outputsOfStage.remove(stageId);
        return outputs == null ? List.of() : outputs;
    }
}
