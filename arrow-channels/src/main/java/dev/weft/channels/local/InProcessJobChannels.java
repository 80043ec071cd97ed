package dev.weft.channels.local;

import static java.util.Objects.requireNonNull;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.plan.SinkOperator;
import dev.weft.api.plan.StageInputSource;
import dev.weft.api.plan.StageOutputSink;
import dev.weft.api.spi.Stage;
import dev.weft.api.spi.StageInput;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The in-process channels of one job cut into stages whose engines all run in the driver's JVM: the shape of
 * {@code FlightJobChannels}, without a server. Each channel (a {@link StageOutputSink} and the {@link StageInputSource}s
 * of the same name) has the sink's number of partitions; a partition keeps the batches written to it by reference
 * (their buffers are retained, never copied) until the channel is {@link #release released} or the job's channels are
 * {@link #close closed}. Readers get each batch loaded, zero copy, into their own allocator (copied only when that
 * allocator has another root) and may read a partition any number of times; a reader opened before its partition is
 * complete waits for more. The driver completes a stage's channels when the stage succeeded and fails them when it did
 * not: readers of a failed partition get {@code CHANNEL_FAILED} naming the channel and the partition. Thread-safe.
 */
public final class InProcessJobChannels implements AutoCloseable {
    private final String job;
    private final Map<String, String> producerOfChannel = new HashMap<>();
    private final Map<String, Integer> partitionsOfChannel = new HashMap<>();
    private final Map<String, List<RetainedPartition>> partitions = new LinkedHashMap<>();   // guarded by this
    private final Map<String, List<String>> channelsOfStage = new HashMap<>();              // guarded by this
    private boolean closed;                                                                  // guarded by this

    /** The channels the stages' {@link StageOutputSink}s write; only those the driver binds here are created. */
    public InProcessJobChannels(String job, List<Stage> stages) {
        this.job = requireNonNull(job, "job is null");
        for (Stage stage : requireNonNull(stages, "stages is null")) {
            for (SinkOperator sink : stage.sinks()) {
                if (sink instanceof StageOutputSink output) {
                    producerOfChannel.put(output.channel(), stage.id());
                    partitionsOfChannel.put(output.channel(), output.partitions());
                }
            }
        }
    }

    /** Creates the partitions of every stage output the stage has, so that an output the engine never writes exists too (empty). */
    public void openStage(Stage stage) {
        for (SinkOperator sink : stage.sinks()) {
            if (sink instanceof StageOutputSink output) {
                output(output, stage.id());
            }
        }
    }

    /** The writing side of the sink's channel; completed or failed with stage {@code stageId}. */
    public synchronized InProcessStageOutput output(StageOutputSink sink, String stageId) {
        requireNonNull(sink, "sink is null");
        requireNonNull(stageId, "stageId is null");
        List<RetainedPartition> channel = partitionsOf(sink.channel(), sink.info().describe());
        List<String> channels = channelsOfStage.computeIfAbsent(stageId, k -> new ArrayList<>());
        if (!channels.contains(sink.channel())) {
            channels.add(sink.channel());
        }
        return new InProcessStageOutput(sink.channel(), channel);
    }

    /** The reading side of the source's channel; batches are loaded into {@code allocator}. */
    public synchronized StageInput input(StageInputSource source, BufferAllocator allocator) {
        requireNonNull(source, "source is null");
        requireNonNull(allocator, "allocator is null");
        Schema schema = source.schema();
        return new InProcessStageInput(source.channel(), schema, partitionsOf(source.channel(), source.info().describe()), allocator);
    }

    /** Completes every channel the stage wrote (empty partitions included). */
    public synchronized void completeStage(String stageId) {
        for (String channel : channelsOfStage.getOrDefault(stageId, List.of())) {
            partitions.get(channel).forEach(RetainedPartition::complete);
        }
    }

    /** Fails every channel the stage wrote and releases its batches; their readers get CHANNEL_FAILED with the cause. */
    public synchronized void failStage(String stageId, Throwable cause) {
        requireNonNull(cause, "cause is null");
        for (String channel : channelsOfStage.getOrDefault(stageId, List.of())) {
            partitions.get(channel).forEach(partition -> partition.fail(cause));
        }
    }

    /** Releases the batches of a channel nobody reads any more. */
    public synchronized void release(String channel) {
        List<RetainedPartition> retained = partitions.get(channel);
        if (retained != null) {
            retained.forEach(RetainedPartition::release);
        }
    }

    /** Rows written to the channel so far (0 if it does not exist yet). */
    public synchronized long rows(String channel) {
        return partitions.getOrDefault(channel, List.of()).stream().mapToLong(RetainedPartition::rows).sum();
    }

    /** Bytes of the batches written to the channel so far. */
    public synchronized long bytes(String channel) {
        return partitions.getOrDefault(channel, List.of()).stream().mapToLong(RetainedPartition::bytes).sum();
    }

    /** The channels created so far, in order of creation. */
    public synchronized List<String> channels() {
        return List.copyOf(partitions.keySet());
    }

    /** Releases every batch of every channel; readers still waiting get CHANNEL_FAILED. Idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        for (List<RetainedPartition> retained : partitions.values()) {
            retained.forEach(RetainedPartition::release);
        }
    }

    // Caller holds this.
    private List<RetainedPartition> partitionsOf(String channel, String operator) {
        if (closed) {
            throw new WeftException(ErrorCode.CHANNEL_FAILED, "%s: the in-process channels of job %s are closed; channel '%s' is gone"
                    .formatted(operator, job, channel));
        }
        List<RetainedPartition> existing = partitions.get(channel);
        if (existing != null) {
            return existing;
        }
        Integer count = partitionsOfChannel.get(channel);
        if (count == null || producerOfChannel.get(channel) == null) {
            throw new WeftException(ErrorCode.GENERIC_INTERNAL_ERROR, "%s uses channel '%s', which no stage of job %s writes"
                    .formatted(operator, channel, job));
        }
        List<RetainedPartition> created = new ArrayList<>(count);
        for (int p = 0; p < count; p++) {
            created.add(new RetainedPartition(job, channel, p, count));
        }
        partitions.put(channel, created);
        return created;
    }
}
