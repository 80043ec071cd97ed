package dev.weft.channels.local;

import static java.util.Objects.requireNonNull;

import dev.weft.api.ErrorCode;
import dev.weft.api.WeftException;
import dev.weft.api.spi.BatchWriter;
import dev.weft.api.spi.StageOutput;
import java.util.List;

/** The writing side of an in-process channel: each partition keeps what the engine writes, by reference. */
public final class InProcessStageOutput implements StageOutput {
    private final String channel;
    private final List<RetainedPartition> partitions;
    private final BatchWriter[] writers;

    InProcessStageOutput(String channel, List<RetainedPartition> partitions) {
        this.channel = requireNonNull(channel, "channel is null");
        this.partitions = List.copyOf(partitions);
        this.writers = new BatchWriter[this.partitions.size()];
        for (int p = 0; p < writers.length; p++) {
            writers[p] = this.partitions.get(p)::write;
        }
    }

    public String channel() {
        return channel;
    }

    @Override
    public int partitions() {
        return writers.length;
    }

    /** The writer of one partition (thread-safe; write takes ownership of the batch, also when it throws). */
    @Override
    public BatchWriter partition(int partition) {
        if (partition < 0 || partition >= writers.length) {
            throw new WeftException(ErrorCode.INVALID_ARGUMENT, "partition %d of channel '%s' does not exist: give 0 <= partition < %d"
                    .formatted(partition, channel, writers.length));
        }
        return writers[partition];
    }

    @Override
    public String toString() {
        return "InProcessStageOutput[%s, %d partitions]".formatted(channel, writers.length);
    }
}
