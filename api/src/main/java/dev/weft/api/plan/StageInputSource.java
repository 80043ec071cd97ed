package dev.weft.api.plan;

import static java.util.Objects.requireNonNull;

/**
 * Where a stage reads what an earlier stage wrote to {@link StageOutputSink} {@code channel}: the driver cuts a plan
 * into stages at such pairs and binds the channel (in-process or Arrow Flight) when the stage runs.
 */
public record StageInputSource(OperatorInfo info, EdgeProperties output, String channel) implements SourceOperator {
    public StageInputSource {
        requireNonNull(info, "info is null");
        requireNonNull(output, "output is null");
        requireNonNull(channel, "channel is null");
    }
}
