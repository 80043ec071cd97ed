package dev.weft.flight.store;

import static java.util.Objects.requireNonNull;

/**
 * What the store holds of one partition.
 *
 * @param rows rows stored so far
 * @param bytes bytes stored so far (in memory or on disk), exact batch body sizes
 * @param spilled whether some of its batches are on disk
 */
public record PartitionInfo(int partition, PartitionState state, long rows, long bytes, boolean spilled) {
    public PartitionInfo {
        requireNonNull(state, "state is null");
    }
}
