package dev.weft.optimizer;

import static java.util.Objects.requireNonNull;

import dev.weft.optimizer.cost.Cost;

/** An edge whose producer and consumer run on different engines: the channel chosen for it and the cost of moving its data. */
public record Boundary(int producerId, int consumerId, String fromEngine, String toEngine, String channel, Cost cost) {
    public Boundary {
        requireNonNull(fromEngine, "fromEngine is null");
        requireNonNull(toEngine, "toEngine is null");
        requireNonNull(channel, "channel is null");
        requireNonNull(cost, "cost is null");
    }
}
