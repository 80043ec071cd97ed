package dev.weft.api.plan;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The end of a stage whose output a later stage reads (through {@link StageInputSource} {@code channel}). The engine
 * writes its input's batches to the channel's {@code partitions} partitions (any batch to any partition); the driver
 * completes the partitions when the stage succeeds and fails them when it does not.
 */
public record StageOutputSink(OperatorInfo info, EdgeProperties output, LogicalOperator input, String channel, int partitions)
        implements SinkOperator {
    public StageOutputSink {
        requireNonNull(info, "info is null");
        requireNonNull(output, "output is null");
        requireNonNull(input, "input is null");
        requireNonNull(channel, "channel is null");
        if (partitions < 1) {
            throw new IllegalArgumentException("a stage output needs at least one partition, got " + partitions);
        }
    }

    @Override
    public List<LogicalOperator> inputs() {
        return List.of(input);
    }

    @Override
    public StageOutputSink withInputs(List<LogicalOperator> inputs) {
        LogicalOperator.checkArity(inputs, 1, this);
        return new StageOutputSink(info, output, inputs.get(0), channel, partitions);
    }
}
