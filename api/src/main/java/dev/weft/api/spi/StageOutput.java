package dev.weft.api.spi;

/**
 * The partitions of one {@link dev.weft.api.plan.StageOutputSink}, as bound by the driver. The engine writes; it never
 * completes or fails partitions: the driver completes them when execute returns normally and fails them otherwise.
 */
public interface StageOutput {
    int partitions();

    /** The writer of one partition (thread-safe; 0 ≤ partition < partitions()); write takes ownership of the batch. */
    BatchWriter partition(int partition);
}
