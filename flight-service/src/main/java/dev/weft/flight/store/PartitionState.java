package dev.weft.flight.store;

/** Where a partition is in its life. */
public enum PartitionState {
    /** Being written, or not opened by a producer yet: readers wait for more batches. */
    OPEN,
    /** The producer completed it: readers get every batch, then the end. */
    COMPLETE,
    /** The producer failed or went away: readers get an error, never a truncated result. */
    FAILED
}
